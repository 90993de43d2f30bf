package dev.converge.model;

import dev.converge.model.ParameterSpec.SecretSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A Lambda function, AWS name {@code <environment>-<name>}, deployed from a zip in S3. Each field is
 * enforced only when declared, except that {@code environment} and {@code secrets} are one variable set:
 * declaring either makes Converge own all of the function's variables (Lambda replaces them as a whole),
 * and a variable declared in neither is drift.
 *
 * @param code where the deployment package is
 * @param handler the entry point, such as {@code index.handler}
 * @param memory megabytes, 128-10240
 * @param timeout seconds, 1-900
 * @param environment plain environment variables, whose values live in the spec
 * @param secrets environment variables whose values come from a file or an environment variable of the
 *     controller, as a SecureString parameter's do; only digests of them are ever compared or shown
 * @param role an {@link InstanceRoleSpec InstanceRole} of the environment with {@code assumedBy: lambda}
 * @param reservedConcurrency executions reserved for the function (0 stops it from running)
 */
public record FunctionSpec(
        @SpecField(required = true) Code code,
        @SpecField(required = true, values = {
            "nodejs18.x", "nodejs20.x", "nodejs22.x", "python3.9", "python3.10", "python3.11", "python3.12", "python3.13",
            "java11", "java17", "java21", "dotnet8", "ruby3.2", "ruby3.3", "provided.al2", "provided.al2023"}) String runtime,
        @SpecField(required = true) String handler,
        @SpecField(minimum = 128, maximum = 10240) Integer memory,
        @SpecField(minimum = 1, maximum = 900) Integer timeout,
        Map<String, String> environment,
        Map<String, SecretSource> secrets,
        @SpecField(required = true) String role,
        @SpecField(minimum = 0) Integer reservedConcurrency,
        Map<String, String> tags,
        Management management)
        implements KindSpec {

    public static final String KIND = "Function";

    /** The spec's field names, as written in YAML; every use of a field name goes through these. */
    public static final String CODE = "code";
    public static final String RUNTIME = "runtime";
    public static final String HANDLER = "handler";
    public static final String MEMORY = "memory";
    public static final String TIMEOUT = "timeout";
    public static final String ENVIRONMENT = "environment";
    public static final String SECRETS = "secrets";
    public static final String ROLE = "role";
    public static final String RESERVED_CONCURRENCY = "reservedConcurrency";

    /**
     * The deployment package: a zip at {@code key} in either {@code bucket}, a Bucket of the environment,
     * or {@code externalBucket}, a bucket Converge does not manage (a build pipeline's), named by its AWS
     * name. Lambda requires the bucket in the function's region. Without {@code version} the object at the
     * key is the code, and a new object there is a new deployment; with it, that object version.
     */
    public record Code(String bucket, String externalBucket, @SpecField(required = true) String key, String version) {

        public static final String BUCKET = "bucket";
        public static final String EXTERNAL_BUCKET = "externalBucket";
    }

    public FunctionSpec {
        environment = environment == null ? null : Map.copyOf(environment);
        secrets = secrets == null ? null : Map.copyOf(secrets);
        tags = Specs.tags(tags);
        management = Specs.management(management);
    }

    /** The function's name in AWS. */
    public static String functionName(String environment, String name) {
        return environment + "-" + name;
    }

    /** The code as compared: where the package comes from; the bucket by its spec name or AWS name. */
    public static Map<String, Object> code(String bucket, String key, String version) {
        Map<String, Object> code = new TreeMap<>();
        code.put("bucket", bucket);
        code.put("key", key);
        if (version != null) {
            code.put("version", version);
        }
        return code;
    }

    /**
     * Variables as compared: one {@code NAME=value} line each, a set, so that a variable the spec does not
     * declare is drift (maps compare only declared keys). A secret's value is its source.
     */
    public static Set<String> variables(Map<String, ?> values) {
        Set<String> lines = new TreeSet<>();
        values.forEach((name, value) -> lines.add(name + "=" + value));
        return lines;
    }

    /** Whether the spec owns the function's environment variables. */
    public boolean ownsVariables() {
        return environment != null || secrets != null;
    }

    @Override
    public List<Reference> references() {
        List<Reference> references = new ArrayList<>();
        if (role != null) {
            references.add(Reference.ordering(InstanceRoleSpec.KIND, role, ROLE));
        }
        if (code != null && code.bucket() != null) {
            references.add(Reference.ordering(BucketSpec.KIND, code.bucket(), CODE + "." + Code.BUCKET));
        }
        return List.copyOf(references);
    }

    @Override
    public Map<String, Object> properties() {
        return new Fields()
                .put(CODE, code == null ? null
                        : code(code.bucket() != null ? code.bucket() : code.externalBucket(), code.key(), code.version()))
                .put(RUNTIME, runtime)
                .put(HANDLER, handler)
                .put(MEMORY, memory)
                .put(TIMEOUT, timeout)
                .put(ENVIRONMENT, ownsVariables() ? variables(environment == null ? Map.of() : environment) : null)
                .put(SECRETS, ownsVariables() ? variables(secrets == null ? Map.of() : secrets) : null)
                .put(ROLE, role)
                .put(RESERVED_CONCURRENCY, reservedConcurrency)
                .build();
    }

    /** Lambda changes every field in place: code, configuration and concurrency each have their own call. */
    @Override
    public Set<String> replacementFields() {
        return Set.of();
    }
}
