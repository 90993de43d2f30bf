package dev.converge.aws.ssm;

import dev.converge.aws.DriverContext;
import dev.converge.aws.OwnedTags;
import dev.converge.aws.PageSizes;
import dev.converge.aws.ResourceDriver;
import dev.converge.aws.SecretSources;
import dev.converge.aws.TaggedResources;
import dev.converge.model.Fields;
import dev.converge.model.KindSpec;
import dev.converge.model.Ownership;
import dev.converge.model.ParameterSpec;
import dev.converge.model.ParameterSpec.SecretSource;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.plan.FieldChange;
import dev.converge.plan.ObservedResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.PutParameterRequest;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.Tag;

/**
 * Parameter Store parameters.
 *
 * <p>Observation is batched: one DescribeParameters filtered by the environment's tag
 * ({@code tag:converge:environment}, pages of 50) for type, description, tier and key; the tagging API's
 * GetResources for the tags of them all (DescribeParameters leaves tags out; ListTagsForResource only for a
 * parameter the eventually consistent tagging API does not list yet); and GetParameters with decryption,
 * 10 names a call, for the values of the declared parameters (which also shows a declared path held by a
 * parameter without Converge's tags). A SecureString's decrypted value is compared by digest with what
 * its source holds, in memory, and forgotten: the observation carries the declared source when they
 * match and {@link SecretSource#CHANGED} when not, never the value.
 *
 * <p>Tags go in the PutParameter that creates a parameter (Parameter Store takes tags only then); a
 * change is a PutParameter with Overwrite (no tags allowed there), tag changes AddTagsToResource.
 */
public final class ParameterDriver implements ResourceDriver {

    private final SecretSources secrets;

    public ParameterDriver() {
        this(System::getenv);
    }

    /** @param environment where {@code valueFrom: {env: ...}} sources are read from */
    public ParameterDriver(java.util.function.UnaryOperator<String> environment) {
        this.secrets = new SecretSources(environment);
    }

    @Override
    public String kind() {
        return ParameterSpec.KIND;
    }

    @Override
    public List<ObservedResource> observe(List<Resource> declared, DriverContext context) {
        SsmClient ssm = context.clients().ssm();
        Map<String, ParameterMetadata> described = new LinkedHashMap<>();
        ssm.describeParametersPaginator(r -> r
                        .parameterFilters(f -> f.key("tag:" + Ownership.ENVIRONMENT).option("Equals").values(context.environment().name()))
                        .maxResults(PageSizes.SSM_PARAMETERS))
                .forEach(page -> page.parameters().forEach(p -> described.put(p.name(), p)));
        Map<String, Map<String, String>> tagsByName = described.isEmpty() ? Map.of() : tagsByName(context);

        Map<ResourceKey, Resource> byKey = new HashMap<>();
        declared.forEach(r -> byKey.put(r.key(), r));
        Map<String, ResourceKey> owned = new LinkedHashMap<>();
        Map<String, Map<String, String>> ownedTags = new HashMap<>();
        for (String name : described.keySet()) {
            Map<String, String> tags = tagsByName.containsKey(name) ? tagsByName.get(name) : listTags(ssm, name);
            OwnedTags.key(tags, ParameterSpec.KIND, name, context).ifPresent(key -> {
                owned.put(name, key);
                ownedTags.put(name, tags);
            });
        }
        Set<String> wanted = new LinkedHashSet<>();
        declared.forEach(r -> wanted.add(r.spec(ParameterSpec.class).name()));
        owned.forEach((name, key) -> {
            if (byKey.containsKey(key)) {
                wanted.add(name);
            }
        });
        Map<String, Parameter> values = values(ssm, List.copyOf(wanted));

        List<ObservedResource> observed = new ArrayList<>();
        owned.forEach((name, key) -> observed.add(observed(key, described.get(name), values.get(name), ownedTags.get(name),
                Optional.ofNullable(byKey.get(key)).map(r -> r.spec(ParameterSpec.class)).orElse(null))));
        for (Resource resource : declared) {
            String name = resource.spec(ParameterSpec.class).name();
            if (values.containsKey(name) && !owned.containsKey(name)) {
                observed.add(ObservedResource.foreign(resource.key(), name, Map.of()));
            }
        }
        return observed;
    }

    private ObservedResource observed(
            ResourceKey key, ParameterMetadata metadata, Parameter live, Map<String, String> tags, ParameterSpec spec) {
        Map<String, String> unreachable = new HashMap<>();
        String tier = metadata.tierAsString();
        if (spec != null && ParameterSpec.Tiers.INTELLIGENT_TIERING.equals(spec.tier())) {
            tier = ParameterSpec.Tiers.INTELLIGENT_TIERING;
        } else if (spec != null && ParameterSpec.Tiers.STANDARD.equals(spec.tier()) && ParameterSpec.Tiers.ADVANCED.equals(tier)) {
            unreachable.put(ParameterSpec.TIER, "Parameter Store cannot move an Advanced parameter back to Standard;"
                    + " delete it to have it created again as Standard");
        }
        Object value = null;
        if (live != null && spec != null) {
            value = spec.secure() && spec.valueFrom() != null ? secureValue(key, live, spec, unreachable) : live.value();
        }
        Map<String, Object> properties = new Fields()
                .put(ParameterSpec.NAME, metadata.name())
                .put(ParameterSpec.TYPE, metadata.typeAsString())
                .put(ParameterSpec.VALUE, value)
                .put(ParameterSpec.DESCRIPTION, metadata.description())
                .put(ParameterSpec.TIER, tier)
                .put(ParameterSpec.KMS_KEY_ID, metadata.keyId())
                .build();
        return ObservedResource.owned(key, metadata.name(), properties, tags, null).withUnreachable(unreachable);
    }

    /** The declared source when the live value is what it holds; otherwise only that it differs. */
    private Object secureValue(ResourceKey key, Parameter live, ParameterSpec spec, Map<String, String> unreachable) {
        Optional<String> declared = secrets.read(spec.valueFrom());
        if (declared.isEmpty()) {
            unreachable.put(ParameterSpec.VALUE, SecretSources.absent(key.toString(), spec.valueFrom()));
            return SecretSource.CHANGED;
        }
        return SecretSources.sameDigest(live.value(), declared.get()) ? spec.valueFrom() : SecretSource.CHANGED;
    }

    private static Map<String, Map<String, String>> tagsByName(DriverContext context) {
        Map<String, Map<String, String>> byName = new HashMap<>();
        TaggedResources.of("ssm:parameter", context).forEach((arn, tags) -> {
            int at = arn.indexOf(":parameter/");
            if (at > 0) {
                byName.put(arn.substring(at + ":parameter".length()), tags);
            }
        });
        return byName;
    }

    private static Map<String, String> listTags(SsmClient ssm, String name) {
        return OwnedTags.toMap(ssm.listTagsForResource(r -> r.resourceType(ResourceTypeForTagging.PARAMETER).resourceId(name)).tagList(),
                Tag::key, Tag::value);
    }

    private static Map<String, Parameter> values(SsmClient ssm, List<String> names) {
        Map<String, Parameter> values = new HashMap<>();
        for (int from = 0; from < names.size(); from += PageSizes.SSM_GET_PARAMETERS) {
            List<String> batch = names.subList(from, Math.min(names.size(), from + PageSizes.SSM_GET_PARAMETERS));
            ssm.getParameters(r -> r.names(batch).withDecryption(true)).parameters().forEach(p -> values.put(p.name(), p));
        }
        return values;
    }

    @Override
    public String create(Resource resource, DriverContext context) {
        ParameterSpec spec = resource.spec(ParameterSpec.class);
        List<Tag> tags = new ArrayList<>();
        context.tagsFor(resource).forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
        context.clients().ssm().putParameter(put(resource, spec).tags(tags).build());
        return spec.name();
    }

    @Override
    public void update(Resource resource, ObservedResource live, List<FieldChange> changes, DriverContext context) {
        ParameterSpec spec = resource.spec(ParameterSpec.class);
        SsmClient ssm = context.clients().ssm();
        boolean rewrite = false;
        for (FieldChange change : changes) {
            switch (change.field()) {
                case ParameterSpec.VALUE, ParameterSpec.DESCRIPTION, ParameterSpec.TIER, ParameterSpec.KMS_KEY_ID -> rewrite = true;
                case KindSpec.TAGS -> {
                    @SuppressWarnings("unchecked")
                    Map<String, String> wanted = (Map<String, String>) change.after();
                    List<Tag> tags = new ArrayList<>();
                    wanted.forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
                    ssm.addTagsToResource(r -> r.resourceType(ResourceTypeForTagging.PARAMETER).resourceId(live.awsId()).tags(tags));
                }
                default -> throw new IllegalArgumentException("Parameter field " + change.field() + " cannot be updated in place");
            }
        }
        if (rewrite) {
            ssm.putParameter(put(resource, spec).overwrite(true).build());
        }
    }

    /** What a PutParameter writes: every declared field, the value read from its source for a SecureString. */
    private PutParameterRequest.Builder put(Resource resource, ParameterSpec spec) {
        String value = spec.secure() ? secrets.require(resource.key().toString(), spec.valueFrom()) : spec.value();
        return PutParameterRequest.builder()
                .name(spec.name())
                .type(spec.type())
                .value(value)
                .description(spec.description())
                .tier(spec.tier())
                .keyId(spec.kmsKeyId());
    }

    @Override
    public void delete(ObservedResource live, DriverContext context) {
        try {
            context.clients().ssm().deleteParameter(r -> r.name(live.awsId()));
        } catch (ParameterNotFoundException e) {
            // already gone: deleting is idempotent
        }
    }
}
