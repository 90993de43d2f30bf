package dev.converge.spec;

import dev.converge.model.Environment;
import dev.converge.model.ParameterSpec;
import dev.converge.model.ParameterSpec.SecretSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What Parameter Store requires of a parameter's path, where its value may come from (a SecureString's
 * never from the spec, a String's only from it), one parameter per path in an account and region, and a
 * path outside the environment's hierarchy, which is likely a copy-paste from another environment: a
 * warning.
 */
final class ParameterChecks {

    /** Parameter Store's limits on a parameter's name and on the levels of its hierarchy. */
    static final int MAX_NAME = 2048;
    static final int MAX_LEVELS = 15;
    private static final Pattern PATH = Pattern.compile("(/[a-zA-Z0-9_.-]+)+");
    /** AWS reserves names starting with these, whatever their case. */
    private static final Pattern RESERVED = Pattern.compile("/(aws|ssm).*", Pattern.CASE_INSENSITIVE);
    /** The tag whose value names the stage of a shared environment, as the example specs use it. */
    static final String STAGE_TAG = "stage";

    private final SpecIndex index;
    private final Findings findings;
    /** The first declaration of each path, by account, region and path. */
    private final Map<String, Declaration.OfResource> paths = new HashMap<>();

    ParameterChecks(SpecIndex index, Findings findings) {
        this.index = index;
        this.findings = findings;
    }

    void check(Declaration.OfResource declaration) {
        if (declaration.resource().spec() instanceof ParameterSpec parameter) {
            DocumentSource source = declaration.source();
            if (findings.required(source, "/spec/" + ParameterSpec.NAME, parameter.name())) {
                path(parameter.name(), declaration);
            }
            if (findings.required(source, "/spec/" + ParameterSpec.TYPE, parameter.type())) {
                value(parameter, source);
            }
            int ignored = declaration.resource().management().ignoreChanges().indexOf(ParameterSpec.VALUE_FROM);
            if (ignored >= 0) {
                findings.at(source, "/spec/management/ignoreChanges/" + ignored, "a SecureString's value is compared as value;"
                        + " write ignoreChanges: [value]");
            }
            if (parameter.kmsKeyId() != null && !parameter.secure()) {
                findings.at(source, "/spec/" + ParameterSpec.KMS_KEY_ID, "only a SecureString is encrypted with a KMS key");
            }
        }
    }

    private void path(String name, Declaration.OfResource declaration) {
        DocumentSource source = declaration.source();
        String pointer = "/spec/" + ParameterSpec.NAME;
        if (!PATH.matcher(name).matches()) {
            findings.at(source, pointer, "'" + name + "' is not a parameter path: /-separated levels of letters, digits and _.-,"
                    + " starting with /, such as /prod/api/db-host");
            return;
        }
        if (name.length() > MAX_NAME) {
            findings.at(source, pointer, "the path is " + name.length() + " characters, longer than the " + MAX_NAME + " Parameter Store allows");
        }
        long levels = name.chars().filter(c -> c == '/').count();
        if (levels > MAX_LEVELS) {
            findings.at(source, pointer, "the path has " + levels + " levels, more than the " + MAX_LEVELS + " Parameter Store allows");
        }
        if (RESERVED.matcher(name).matches()) {
            findings.at(source, pointer, "paths starting with /aws or /ssm are reserved by AWS");
        }
        Environment environment = index.environment(declaration.resource().environment())
                .map(Declaration.OfEnvironment::environment).orElse(null);
        if (environment == null) {
            return;
        }
        Declaration.OfResource first = paths.putIfAbsent(environment.accountId() + " " + environment.region() + " " + name, declaration);
        if (first != null) {
            findings.at(source, pointer, "Parameter '" + first.resource().name() + "' of environment '" + first.resource().environment()
                    + "' has the path " + name + " in the same account and region (" + Findings.where(first.source(), pointer) + ")");
        }
        String top = name.substring(1, name.indexOf('/', 1) < 0 ? name.length() : name.indexOf('/', 1));
        String stage = declaration.resource().tags().getOrDefault(STAGE_TAG, environment.tags().get(STAGE_TAG));
        if (!top.equals(environment.name()) && !top.equals(stage)) {
            findings.warn(source, pointer, "the path is not under /" + environment.name() + "/"
                    + (stage == null ? "" : " nor under its stage's /" + stage + "/")
                    + ": is it another environment's parameter?");
        }
    }

    private void value(ParameterSpec parameter, DocumentSource source) {
        String type = parameter.type();
        if (parameter.secure()) {
            if (parameter.value() != null) {
                findings.at(source, "/spec/" + ParameterSpec.VALUE, "a SecureString's value never lives in the spec:"
                        + " name its source with valueFrom: {file: <path>} or {env: <variable>}");
            }
            SecretSource from = parameter.valueFrom();
            if (parameter.value() == null && findings.required(source, "/spec/" + ParameterSpec.VALUE_FROM, from)
                    && (from.file() == null) == (from.env() == null)) {
                findings.at(source, "/spec/" + ParameterSpec.VALUE_FROM, "name exactly one source: file or env");
            }
        } else if (Objects.equals(type, ParameterSpec.Types.STRING) || Objects.equals(type, ParameterSpec.Types.STRING_LIST)) {
            if (parameter.valueFrom() != null) {
                findings.at(source, "/spec/" + ParameterSpec.VALUE_FROM, "valueFrom is for SecureStrings; a " + type
                        + " holds its value in the spec");
            }
            if (findings.required(source, "/spec/" + ParameterSpec.VALUE, parameter.value()) && parameter.value().isEmpty()) {
                findings.at(source, "/spec/" + ParameterSpec.VALUE, "Parameter Store takes no empty value");
            }
        }
    }
}
