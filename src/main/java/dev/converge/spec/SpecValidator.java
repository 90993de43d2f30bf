package dev.converge.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.converge.model.Environment;
import dev.converge.model.FunctionSpec;
import dev.converge.model.KindSpec;
import dev.converge.model.Reference;
import dev.converge.model.ReferenceCycles;
import dev.converge.model.RegionCatalog;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.UnmanagedScope;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a whole bound spec: what each kind requires, well-formed values, and what only the whole spec
 * can tell (references, duplicates, overlapping blocks, unique bucket names). Pure: no AWS calls.
 *
 * <p>An Environment's region is required rather than defaulted from the machine's AWS configuration:
 * the same spec must mean the same account and region wherever Converge runs.
 */
public final class SpecValidator {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    /** What STS accepts as an {@code ExternalId} (AssumeRole API reference). */
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");

    /** Found once: the SDK's region list does not change while Converge runs. */
    private static final Optional<RegionCatalog> REGIONS = RegionCatalog.installed();

    private SpecValidator() {}

    /** What validation found: errors reject the spec, warnings are reported with it. */
    public record Validation(List<SpecError> errors, List<SpecError> warnings) {}

    public static List<SpecError> validate(List<Declaration> declarations) {
        return check(declarations).errors();
    }

    static Validation check(List<Declaration> declarations) {
        Findings findings = new Findings();
        SpecIndex index = SpecIndex.of(declarations, findings);
        RegionChecks regions = new RegionChecks(REGIONS, findings);
        NetworkChecks network = new NetworkChecks(index, findings);
        BucketChecks buckets = new BucketChecks(findings);
        TagChecks tags = new TagChecks(findings);
        FleetChecks fleets = new FleetChecks(index, findings);
        LoadBalancingChecks loadBalancing = new LoadBalancingChecks(index, findings);
        InstanceRoleChecks roles = new InstanceRoleChecks(index, findings);
        DatabaseChecks databases = new DatabaseChecks(index, findings);
        ParameterChecks parameters = new ParameterChecks(index, findings);
        MessagingChecks messaging = new MessagingChecks(index, findings);
        DistributionChecks distributions = new DistributionChecks(index, findings);
        FunctionChecks functions = new FunctionChecks(index, findings);
        ReferenceChecks relations = new ReferenceChecks(index, findings);
        ChangeSafetyChecks safety = new ChangeSafetyChecks(findings);
        for (Declaration declaration : declarations) {
            if (declaration instanceof Declaration.OfEnvironment e) {
                environment(e.environment(), e.source(), findings);
                if (e.environment().region() != null) {
                    regions.check(e.environment().region(), e.source());
                }
                tags.environment(e.environment(), e.source());
                safety.environment(e.environment().approval(), e.source());
            } else if (declaration instanceof Declaration.OfResource r) {
                resource(r, index, findings);
                tags.resource(r.resource().tags(), index.environment(r.resource().environment())
                        .map(env -> env.environment().tags())
                        .orElse(Map.of()), r.source());
                network.check(r);
                buckets.check(r);
                fleets.check(r);
                loadBalancing.check(r);
                roles.check(r);
                databases.check(r);
                parameters.check(r);
                messaging.check(r);
                distributions.check(r);
                functions.check(r);
                relations.check(r);
                safety.resource(r, fieldsOf(r.resource().spec()));
            }
        }
        index.resourcesByEnvironment().forEach((env, resources) -> references(env, resources, index, findings));
        return new Validation(findings.sorted(), findings.sortedWarnings());
    }

    private static void environment(Environment environment, DocumentSource source, Findings findings) {
        name(environment.name(), source, findings);
        findings.required(source, "/spec/region", environment.region());
        String account = environment.accountId();
        if (account != null && !ACCOUNT.matcher(account).matches()) {
            findings.at(source, "/spec/accountId", "'" + account + "' is not a 12-digit AWS account id"
                    + " (quote it in YAML so that leading zeros are kept)");
        }
        if (environment.roleArn() != null) {
            Matcher role = Environment.ROLE_ARN.matcher(environment.roleArn());
            if (!role.matches()) {
                findings.at(source, "/spec/roleArn",
                        "'" + environment.roleArn() + "' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)");
            } else if (account != null && !role.group(1).equals(account)) {
                findings.at(source, "/spec/roleArn",
                        "the role is in account " + role.group(1) + " but spec.accountId is " + account);
            }
        }
        String externalId = environment.externalId();
        if (externalId != null) {
            if (environment.roleArn() == null) {
                findings.at(source, "/spec/externalId", "externalId is sent when assuming spec.roleArn; this environment names no role");
            } else if (!EXTERNAL_ID.matcher(externalId).matches()) {
                findings.at(source, "/spec/externalId", "an external id is 2 to 1224 characters of letters, digits and +=,.@:/-_");
            }
        }
        Double share = environment.maxDeleteFraction();
        if (share != null && !(share >= 0 && share <= 1)) {
            findings.at(source, "/spec/maxDeleteFraction",
                    "maxDeleteFraction is a share of the environment's resources, from 0 to 1, not " + share);
        }
        List<String> patterns = environment.unmanaged().bucketNames();
        for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i) == null || !UnmanagedScope.BUCKET_PATTERN.matcher(patterns.get(i)).matches()) {
                findings.at(source, "/spec/unmanaged/bucketNames/" + i, "a bucket name pattern is 1 to 63 characters of"
                        + " lower-case letters, digits, '.', '-' and the wildcard '*', not '" + patterns.get(i) + "'");
            }
        }
    }

    private static void resource(Declaration.OfResource declaration, SpecIndex index, Findings findings) {
        Resource resource = declaration.resource();
        DocumentSource source = declaration.source();
        name(resource.name(), source, findings);
        String env = resource.environment();
        if (findings.required(source, "/metadata/environment", env) && !index.hasEnvironment(env)) {
            findings.at(source, "/metadata/environment", "Environment '" + env + "' is not defined"
                    + defined(index.environmentNames()));
        }
        List<String> ignored = resource.management().ignoreChanges();
        Set<String> fields = fieldsOf(resource.spec());
        for (int i = 0; i < ignored.size(); i++) {
            if (!fields.contains(ignored.get(i))) {
                findings.at(source, "/spec/" + KindSpec.MANAGEMENT + "/ignoreChanges/" + i, "'" + ignored.get(i) + "' is not a field of "
                        + resource.kind() + " (fields: " + fields.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
        }
    }

    /** The spec fields a kind declares, by their YAML names: what {@code ignoreChanges} and acknowledgements may name. */
    static Set<String> fieldsOf(KindSpec spec) {
        return Arrays.stream(spec.getClass().getRecordComponents())
                .map(SpecValidator::yamlName)
                .filter(field -> !field.equals(KindSpec.MANAGEMENT))
                .collect(Collectors.toSet());
    }

    private static String yamlName(RecordComponent component) {
        JsonProperty renamed = component.getAccessor().getAnnotation(JsonProperty.class);
        return renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName();
    }

    private static void name(String name, DocumentSource source, Findings findings) {
        if (!NAME.matcher(name).matches()) {
            findings.at(source, "/metadata/name", "'" + name + "' is not a valid name: use lowercase letters, digits"
                    + " and hyphens, at most 63, starting and ending with a letter or digit");
        }
    }

    private static void references(
            String env, List<Declaration.OfResource> declarations, SpecIndex index, Findings findings) {
        for (Declaration.OfResource declaration : declarations) {
            for (Reference reference : declaration.resource().references()) {
                ResourceKey target = reference.target();
                if (index.resource(env, target).isEmpty()) {
                    findings.at(declaration.source(), Findings.specPointer(reference.field()),
                            target.kind() + " '" + target.name() + "' is not defined in environment '" + env + "'"
                                    + elsewhere(env, target, index) + defined(index.namesOf(env, target.kind())) + hint(reference));
                }
            }
        }
        List<Resource> resources = declarations.stream().map(Declaration.OfResource::resource).toList();
        ReferenceCycles.find(resources).ifPresent(cycle -> {
            Declaration.OfResource first = index.resource(env, cycle.get(0)).orElseThrow();
            String field = first.resource().references().stream()
                    .filter(r -> r.ordering() && r.target().equals(cycle.get(1)))
                    .map(Reference::field)
                    .findFirst()
                    .orElseThrow();
            findings.at(first.source(), Findings.specPointer(field), "reference cycle: "
                    + cycle.stream().map(ResourceKey::toString).collect(Collectors.joining(" -> ")));
        });
    }

    /** What else a dangling reference may have meant, where the field has another way to say it. */
    private static String hint(Reference reference) {
        return reference.field().equals(FunctionSpec.CODE + "." + FunctionSpec.Code.BUCKET)
                ? "; a bucket Converge does not manage is named as code.externalBucket" : "";
    }

    /** Where else the target is declared: a reference never crosses environments (accounts, often). */
    private static String elsewhere(String env, ResourceKey target, SpecIndex index) {
        return index.resourcesByEnvironment().keySet().stream()
                .filter(other -> !other.equals(env) && index.resource(other, target).isPresent())
                .findFirst()
                .map(other -> "; it is declared in environment '" + other + "', and references stay within an environment")
                .orElse("");
    }

    private static String defined(List<String> names) {
        return names.isEmpty() ? "" : " (defined: " + String.join(", ", names) + ")";
    }
}
