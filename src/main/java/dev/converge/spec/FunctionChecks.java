package dev.converge.spec;

import dev.converge.model.BucketSpec;
import dev.converge.model.BucketSpec.Notification;
import dev.converge.model.FunctionSpec;
import dev.converge.model.InstanceRoleSpec;
import dev.converge.model.LaunchTemplateSpec;
import dev.converge.model.ParameterSpec.SecretSource;
import dev.converge.model.ResourceKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What Lambda requires of a function (its name, memory, timeout, variable names it does not reserve,
 * where its code is) and of the roles and bucket notifications around it: a function runs as a role
 * assumed by Lambda, an instance as one assumed by EC2, and S3 refuses two notifications of a bucket
 * whose key filters overlap. A code bucket is either a Bucket of the environment ({@code code.bucket}, a
 * reference like any other) or one Converge does not manage, named as such ({@code code.externalBucket}).
 */
final class FunctionChecks {

    /** Lambda's limit on a function name; Converge names a function {@code <environment>-<name>}. */
    private static final int MAX_FUNCTION_NAME = 64;
    private static final Pattern VARIABLE = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]*");
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    /** The variables Lambda sets itself and refuses in a function's configuration (Lambda developer guide). */
    static final Set<String> RESERVED_VARIABLES = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION",
            "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY",
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT",
            "LAMBDA_RUNTIME_DIR");

    private final SpecIndex index;
    private final Findings findings;

    FunctionChecks(SpecIndex index, Findings findings) {
        this.index = index;
        this.findings = findings;
    }

    void check(Declaration.OfResource declaration) {
        Object spec = declaration.resource().spec();
        if (spec instanceof FunctionSpec function) {
            function(function, declaration);
        } else if (spec instanceof BucketSpec bucket && bucket.notifications() != null) {
            notifications(bucket.notifications(), declaration.source());
        } else if (spec instanceof LaunchTemplateSpec template && template.instanceRole() != null) {
            role(declaration, template.instanceRole(), InstanceRoleSpec.Services.EC2, "/spec/" + LaunchTemplateSpec.INSTANCE_ROLE, "an instance");
        }
    }

    private void function(FunctionSpec function, Declaration.OfResource declaration) {
        DocumentSource source = declaration.source();
        String env = declaration.resource().environment();
        String name = FunctionSpec.functionName(env, declaration.resource().name());
        if (env != null && name.length() > MAX_FUNCTION_NAME) {
            findings.at(source, "/metadata/name", "the function is named " + name + ", longer than the " + MAX_FUNCTION_NAME
                    + " characters Lambda allows; use a shorter name");
        }
        findings.required(source, "/spec/" + FunctionSpec.RUNTIME, function.runtime());
        findings.required(source, "/spec/" + FunctionSpec.HANDLER, function.handler());
        findings.range(source, "/spec/" + FunctionSpec.MEMORY, function.memory(), 128, 10240);
        findings.range(source, "/spec/" + FunctionSpec.TIMEOUT, function.timeout(), 1, 900);
        findings.range(source, "/spec/" + FunctionSpec.RESERVED_CONCURRENCY, function.reservedConcurrency(), 0, Integer.MAX_VALUE);
        if (findings.required(source, "/spec/" + FunctionSpec.CODE, function.code())) {
            code(function.code(), declaration);
        }
        if (findings.required(source, "/spec/" + FunctionSpec.ROLE, function.role())) {
            role(declaration, function.role(), InstanceRoleSpec.Services.LAMBDA, "/spec/" + FunctionSpec.ROLE, "a function");
        }
        variables(function, source);
    }

    private void code(FunctionSpec.Code code, Declaration.OfResource declaration) {
        DocumentSource source = declaration.source();
        String at = "/spec/" + FunctionSpec.CODE;
        findings.required(source, at + "/key", code.key());
        if ((code.bucket() == null) == (code.externalBucket() == null)) {
            findings.at(source, at, "name the code's bucket once: bucket (a Bucket of the environment) or externalBucket"
                    + " (the AWS name of a bucket Converge does not manage)");
            return;
        }
        String external = code.externalBucket();
        if (external == null) {
            return;
        }
        if (!BUCKET_NAME.matcher(external).matches()) {
            findings.at(source, at + "/" + FunctionSpec.Code.EXTERNAL_BUCKET, "'" + external + "' is not an S3 bucket name");
        }
        index.resourcesByEnvironment().getOrDefault(declaration.resource().environment(), List.of()).stream()
                .filter(d -> d.resource().spec() instanceof BucketSpec bucket
                        && external.equals(bucket.withDefaultName(d.resource().name()).bucketName()))
                .findFirst()
                .ifPresent(d -> findings.at(source, at + "/" + FunctionSpec.Code.EXTERNAL_BUCKET, "bucket " + external
                        + " is Bucket '" + d.resource().name() + "' of this environment, not an external one: write bucket: "
                        + d.resource().name()));
    }

    /** A role of the environment named where it is assumed by {@code service}; an undeclared one is the reference check's. */
    private void role(Declaration.OfResource declaration, String role, String service, String pointer, String who) {
        index.resource(declaration.resource().environment(), ResourceKey.of(InstanceRoleSpec.KIND, role))
                .map(d -> (InstanceRoleSpec) d.resource().spec())
                .filter(spec -> !service.equals(spec.assumedBy()))
                .ifPresent(spec -> findings.at(declaration.source(), pointer, "InstanceRole '" + role + "' is assumed by "
                        + spec.assumedBy() + ", and " + who + " needs one with assumedBy: " + service));
    }

    private void variables(FunctionSpec function, DocumentSource source) {
        Map<String, String> plain = function.environment() == null ? Map.of() : new TreeMap<>(function.environment());
        Map<String, SecretSource> secrets = function.secrets() == null ? Map.of() : new TreeMap<>(function.secrets());
        plain.keySet().forEach(name -> variable(name, source, "/spec/" + FunctionSpec.ENVIRONMENT + "/" + DocumentSource.segment(name)));
        secrets.forEach((name, from) -> {
            String at = "/spec/" + FunctionSpec.SECRETS + "/" + DocumentSource.segment(name);
            variable(name, source, at);
            if (plain.containsKey(name)) {
                findings.at(source, at, name + " is also a plain variable under environment; a variable is one or the other");
            }
            if (from == null || (from.file() == null) == (from.env() == null)) {
                findings.at(source, at, "name exactly one source: file or env");
            }
        });
    }

    private void variable(String name, DocumentSource source, String at) {
        if (!VARIABLE.matcher(name).matches()) {
            findings.at(source, at, "'" + name + "' is not a variable name Lambda accepts: a letter, then letters, digits and _");
        } else if (RESERVED_VARIABLES.contains(name)) {
            findings.at(source, at, name + " is set by Lambda itself and cannot be configured");
        }
    }

    /** S3 refuses two notifications of the same events whose key filters can match one key. */
    private void notifications(List<Notification> notifications, DocumentSource source) {
        for (int i = 0; i < notifications.size(); i++) {
            Notification notification = notifications.get(i);
            String at = "/spec/" + BucketSpec.NOTIFICATIONS + "/" + i;
            findings.required(source, at + "/function", notification.function());
            for (int j = 0; j < i; j++) {
                if (overlap(notifications.get(j), notification)) {
                    findings.at(source, at, "its key filter overlaps that of " + Findings.where(source, "/spec/" + BucketSpec.NOTIFICATIONS + "/" + j)
                            + "; S3 refuses notifications of the same events whose prefixes and suffixes can match one key");
                }
            }
        }
    }

    private static boolean overlap(Notification a, Notification b) {
        String prefixA = Objects.requireNonNullElse(a.prefix(), "");
        String prefixB = Objects.requireNonNullElse(b.prefix(), "");
        String suffixA = Objects.requireNonNullElse(a.suffix(), "");
        String suffixB = Objects.requireNonNullElse(b.suffix(), "");
        return (prefixA.startsWith(prefixB) || prefixB.startsWith(prefixA)) && (suffixA.endsWith(suffixB) || suffixB.endsWith(suffixA));
    }
}
