package dev.converge.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.model.FunctionSpec;
import dev.converge.model.InstanceRoleSpec;
import dev.converge.model.LaunchTemplateSpec;
import dev.converge.model.PolicyDocument;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What IAM requires of an instance role (its name, its policies' ARNs, names and grammar, the size of
 * its inline policies together), and a role no launch template gives to instances (or, for a Lambda
 * role, no function runs as), which is likely a mistake but may be meant for something outside the
 * spec: a warning.
 */
final class InstanceRoleChecks {

    /** IAM's limit on a role name; Converge names a role {@code <environment>-<name>}. */
    private static final int MAX_ROLE_NAME = 64;
    /** IAM's limit on the inline policies of one role together, in characters without whitespace. */
    static final int MAX_INLINE_POLICY_CHARACTERS = 10_240;
    private static final Pattern MANAGED_POLICY = Pattern.compile("arn:aws[a-z-]*:iam::(aws|\\d{12}):policy/[\\w+=,.@/-]+");
    private static final Pattern POLICY_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
    private static final Set<String> EFFECTS = Set.of("Allow", "Deny");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Findings findings;
    /** Per environment, the roles some launch template names. */
    private final Map<String, Set<String>> referenced = new TreeMap<>();

    InstanceRoleChecks(SpecIndex index, Findings findings) {
        this.findings = findings;
        index.resourcesByEnvironment().forEach((env, declarations) -> referenced.put(env, declarations.stream()
                .map(d -> d.resource().spec())
                .map(spec -> spec instanceof LaunchTemplateSpec template ? template.instanceRole()
                        : spec instanceof FunctionSpec function ? function.role() : null)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet())));
    }

    void check(Declaration.OfResource declaration) {
        Object spec = declaration.resource().spec();
        DocumentSource source = declaration.source();
        if (spec instanceof LaunchTemplateSpec template && template.instanceRole() != null && template.iamInstanceProfile() != null) {
            findings.at(source, "/spec/" + LaunchTemplateSpec.INSTANCE_ROLE, "a template has either instanceRole (a role of the spec)"
                    + " or iamInstanceProfile (a profile Converge does not manage), not both");
        } else if (spec instanceof InstanceRoleSpec role) {
            role(role, declaration);
        }
    }

    private void role(InstanceRoleSpec role, Declaration.OfResource declaration) {
        DocumentSource source = declaration.source();
        String env = declaration.resource().environment();
        String name = declaration.resource().name();
        if (env != null && env.length() + 1 + name.length() > MAX_ROLE_NAME) {
            findings.at(source, "/metadata/name", "the role is named " + env + "-" + name + ", longer than the " + MAX_ROLE_NAME
                    + " characters IAM allows; use a shorter name");
        }
        List<String> managed = role.managedPolicies() == null ? List.of() : role.managedPolicies();
        for (int i = 0; i < managed.size(); i++) {
            if (!MANAGED_POLICY.matcher(managed.get(i)).matches()) {
                findings.at(source, "/spec/" + InstanceRoleSpec.MANAGED_POLICIES + "/" + i, "'" + managed.get(i) + "' is not a managed"
                        + " policy ARN (arn:aws:iam::aws:policy/<name> or arn:aws:iam::<account>:policy/<name>)");
            }
        }
        int characters = 0;
        Map<String, JsonNode> inline = role.inlinePolicies() == null ? Map.of() : new TreeMap<>(role.inlinePolicies());
        for (Map.Entry<String, JsonNode> policy : inline.entrySet()) {
            String pointer = "/spec/" + InstanceRoleSpec.INLINE_POLICIES + "/" + DocumentSource.segment(policy.getKey());
            if (!POLICY_NAME.matcher(policy.getKey()).matches()) {
                findings.at(source, pointer, "'" + policy.getKey() + "' is not a policy name (1 to 128 letters, digits and +=,.@-_)");
            }
            JsonNode document = document(policy.getValue(), source, pointer);
            if (document != null && identityPolicy(document, source, pointer)) {
                characters += PolicyDocument.text(document).length();
            }
        }
        if (characters > MAX_INLINE_POLICY_CHARACTERS) {
            findings.at(source, "/spec/" + InstanceRoleSpec.INLINE_POLICIES, "the inline policies come to " + characters
                    + " characters; IAM allows " + MAX_INLINE_POLICY_CHARACTERS + " for one role (attach a managed policy instead)");
        }
        if (env != null && !referenced.getOrDefault(env, Set.of()).contains(name)) {
            findings.warn(source, "/metadata/name", role.forInstances()
                    ? "no LaunchTemplate of environment '" + env + "' names InstanceRole '" + name + "' as its instanceRole, so no instance gets it"
                    : "no Function of environment '" + env + "' names InstanceRole '" + name + "' as its role, so no function runs as it");
        }
    }

    /** The document as a mapping, parsing a JSON string; null (reported) when it is neither. */
    private JsonNode document(JsonNode value, DocumentSource source, String pointer) {
        if (value.isObject()) {
            return value;
        }
        if (value.isTextual()) {
            try {
                JsonNode parsed = JSON.readTree(value.asText());
                if (parsed != null && parsed.isObject()) {
                    return parsed;
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                findings.at(source, pointer, "not a JSON policy document: " + e.getOriginalMessage());
                return null;
            }
        }
        findings.at(source, pointer, "a policy is a mapping (or a JSON string) with Version and Statement");
        return null;
    }

    /**
     * The grammar IAM checks for a policy attached to a role: statements with an effect, actions and
     * resources, and no principal (the role is the principal). @return whether it holds
     */
    private boolean identityPolicy(JsonNode policy, DocumentSource source, String pointer) {
        JsonNode statements = policy.path("Statement");
        List<JsonNode> each = statements.isArray() ? listOf(statements) : statements.isObject() ? List.of(statements) : List.of();
        if (each.isEmpty()) {
            findings.at(source, pointer, "a policy needs a Statement list with at least one statement");
            return false;
        }
        boolean valid = true;
        for (int i = 0; i < each.size(); i++) {
            JsonNode statement = each.get(i);
            String at = pointer + "/Statement" + (statements.isArray() ? "/" + i : "");
            if (!statement.isObject()) {
                findings.at(source, at, "a statement is a mapping with Effect, Action and Resource");
                valid = false;
                continue;
            }
            if (!EFFECTS.contains(statement.path("Effect").asText())) {
                findings.at(source, at, "a statement needs Effect: Allow or Deny");
                valid = false;
            }
            if (statement.has("Principal") || statement.has("NotPrincipal")) {
                findings.at(source, at, "a role's policy names no Principal: the role is who it applies to");
                valid = false;
            }
            for (List<String> fields : List.of(List.of("Action", "NotAction"), List.of("Resource", "NotResource"))) {
                if (statement.has(fields.get(0)) == statement.has(fields.get(1))) {
                    findings.at(source, at, "a statement needs " + fields.get(0) + " or " + fields.get(1) + ", one of them");
                    valid = false;
                }
            }
        }
        return valid;
    }

    private static List<JsonNode> listOf(JsonNode array) {
        List<JsonNode> list = new java.util.ArrayList<>();
        array.forEach(list::add);
        return list;
    }
}
