package dev.converge.aws.iam;

import dev.converge.aws.BoundedParallel;
import dev.converge.aws.DriverContext;
import dev.converge.aws.NotFound;
import dev.converge.aws.OwnedTags;
import dev.converge.aws.ResourceDriver;
import dev.converge.model.Fields;
import dev.converge.model.InstanceRoleSpec;
import dev.converge.model.InstanceRoleSpec.InlinePolicy;
import dev.converge.model.KindSpec;
import dev.converge.model.PolicyDocument;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.plan.FieldChange;
import dev.converge.plan.ObservedResource;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Instance roles: an IAM role that EC2 may assume, and the instance profile of the same name that hands
 * it to instances; or a Lambda execution role, the same role trusting Lambda instead, without a profile.
 *
 * <p>IAM lists nothing by tag, and its listings leave tags out. Every role Converge creates therefore
 * lives under one path per controller and environment, {@code /<controller>/<environment>/}, and
 * observation is one paginated ListRoles with that path prefix (plus one ListInstanceProfiles with it),
 * then one ListRoleTags per role found, to check its ownership tags as everywhere else. ListRoleTags
 * rather than GetRole: the listing already carries what GetRole adds but the tags, and ListRoleTags
 * needs only the tag-read permission. The path also lets the environment role's IAM permissions be
 * scoped to {@code role/<controller>/*}. A role's managed and inline policies are read only when its
 * spec declares them (one ListAttachedRolePolicies, one ListRolePolicies and a GetRolePolicy per inline
 * policy), a few roles at a time. IAM is global: the same roles whatever region the environment is in;
 * environments sharing an account keep apart by their paths and names ({@code <environment>-<name>}).
 */
public final class InstanceRoleDriver implements ResourceDriver {

    /** Per-role reads in flight at once during observation; IAM throttles per account. */
    static final int PARALLELISM = 4;

    /**
     * @param profileExists whether the role's instance profile exists
     * @param profileHoldsRole whether that profile holds the role
     * @param arn the role's ARN, which Lambda functions name as their execution role
     */
    public record Details(boolean profileExists, boolean profileHoldsRole, String arn) {}

    @Override
    public String kind() {
        return InstanceRoleSpec.KIND;
    }

    /** The path of every role and instance profile this controller creates in the environment. */
    public static String path(DriverContext context) {
        return "/" + context.controller() + "/" + context.environment().name() + "/";
    }

    /** The role's and its instance profile's name; IAM names are unique in an account, across regions. */
    public static String roleName(String environment, String name) {
        return environment + "-" + name;
    }

    @Override
    public List<ObservedResource> observe(List<Resource> declared, DriverContext context) {
        IamClient iam = context.clients().iam();
        String path = path(context);
        List<Role> roles = iam.listRolesPaginator(r -> r.pathPrefix(path)).roles().stream()
                .filter(role -> role.path().equals(path))
                .toList();
        if (roles.isEmpty()) {
            return List.of();
        }
        // moto ignores the path prefix of ListInstanceProfiles; AWS honours it, and the filter holds for both.
        Map<String, InstanceProfile> profiles = iam.listInstanceProfilesPaginator(r -> r.pathPrefix(path)).instanceProfiles().stream()
                .filter(profile -> profile.path().equals(path))
                .collect(Collectors.toMap(InstanceProfile::instanceProfileName, profile -> profile, (a, b) -> a));
        Map<ResourceKey, InstanceRoleSpec> specs = new HashMap<>();
        declared.forEach(resource -> specs.put(resource.key(), resource.spec(InstanceRoleSpec.class)));
        List<Optional<ObservedResource>> observed = BoundedParallel.map(roles, PARALLELISM,
                role -> read(iam, role, profiles.get(role.roleName()), specs, context));
        return observed.stream().flatMap(Optional::stream).toList();
    }

    private Optional<ObservedResource> read(
            IamClient iam, Role role, InstanceProfile profile, Map<ResourceKey, InstanceRoleSpec> specs, DriverContext context) {
        String name = role.roleName();
        Map<String, String> tags = OwnedTags.toMap(
                iam.listRoleTagsPaginator(r -> r.roleName(name)).tags().stream().toList(), Tag::key, Tag::value);
        Optional<ResourceKey> key = OwnedTags.key(tags, kind(), name, context);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        InstanceRoleSpec spec = specs.get(key.get());
        boolean holds = profile != null && profile.roles().stream().anyMatch(r -> r.roleName().equals(name));
        Map<String, Object> properties = new Fields()
                .put(InstanceRoleSpec.MANAGED_POLICIES, spec == null || spec.managedPolicies() == null ? null : managedPolicies(iam, name))
                .put(InstanceRoleSpec.INLINE_POLICIES, spec == null || spec.inlinePolicies() == null ? null : inlinePolicies(iam, name))
                .put(InstanceRoleSpec.ASSUMED_BY, assumedBy(role.assumeRolePolicyDocument()))
                .put(InstanceRoleSpec.INSTANCE_PROFILE, spec == null || spec.forInstances() ? holds : null)
                .build();
        return Optional.of(ObservedResource.owned(key.get(), name, properties, tags, new Details(profile != null, holds, role.arn())));
    }

    /** The service a trust policy admits when it is one of those Converge writes; otherwise that it is another. */
    private static String assumedBy(String encodedTrustPolicy) {
        if (encodedTrustPolicy == null) {
            return null;
        }
        String policy = PolicyDocument.text(URLDecoder.decode(encodedTrustPolicy, StandardCharsets.UTF_8));
        return Stream.of(InstanceRoleSpec.Services.EC2, InstanceRoleSpec.Services.LAMBDA)
                .filter(service -> InstanceRoleSpec.trustPolicy(service).equals(policy))
                .findFirst()
                .orElse("another trust policy " + dev.converge.model.Sensitive.digest(policy));
    }

    /** The ARN of a role of the environment: as observed, or asked of IAM for one this pass created. */
    public static String arnOf(ResourceKey role, DriverContext context) {
        String name = context.idOf(role);
        return context.observed().get(role)
                .filter(live -> live.awsId().equals(name) && live.details() instanceof Details)
                .map(live -> live.details(Details.class).arn())
                .orElseGet(() -> context.clients().iam().getRole(r -> r.roleName(name)).role().arn());
    }

    private static Set<String> managedPolicies(IamClient iam, String role) {
        return iam.listAttachedRolePoliciesPaginator(r -> r.roleName(role)).attachedPolicies().stream()
                .map(AttachedPolicy::policyArn)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** IAM returns policy documents URL-encoded (RFC 3986). */
    private static Set<InlinePolicy> inlinePolicies(IamClient iam, String role) {
        Set<InlinePolicy> policies = new TreeSet<>();
        for (String policy : iam.listRolePoliciesPaginator(r -> r.roleName(role)).policyNames()) {
            String encoded = iam.getRolePolicy(r -> r.roleName(role).policyName(policy)).policyDocument();
            policies.add(new InlinePolicy(policy, PolicyDocument.text(URLDecoder.decode(encoded, StandardCharsets.UTF_8))));
        }
        return policies;
    }

    /**
     * Creates the role with its tags, then its instance profile, also tagged, then its policies. A role
     * already there with this resource's ownership tags is what an earlier, interrupted create left: it is
     * taken, and the rest is finished.
     */
    @Override
    public String create(Resource resource, DriverContext context) {
        InstanceRoleSpec spec = resource.spec(InstanceRoleSpec.class);
        IamClient iam = context.clients().iam();
        String name = roleName(context.environment().name(), resource.name());
        String path = path(context);
        List<Tag> tags = tags(context.tagsFor(resource));
        tolerateOwn(() -> iam.createRole(r -> r.roleName(name).path(path)
                        .assumeRolePolicyDocument(InstanceRoleSpec.trustPolicy(spec.assumedBy()))
                        .description("Managed by Converge: " + resource.key())
                        .tags(tags)),
                () -> isOwn(iam, name, resource.key(), context));
        if (spec.forInstances()) {
            createProfile(iam, name, path, tags);
            iam.addRoleToInstanceProfile(r -> r.instanceProfileName(name).roleName(name));
        }
        if (spec.managedPolicies() != null) {
            spec.managedPolicies().forEach(arn -> iam.attachRolePolicy(r -> r.roleName(name).policyArn(arn)));
        }
        inline(spec.properties().get(InstanceRoleSpec.INLINE_POLICIES)).forEach(policy -> put(iam, name, policy));
        return name;
    }

    private static boolean isOwn(IamClient iam, String name, ResourceKey key, DriverContext context) {
        Map<String, String> tags = OwnedTags.toMap(
                iam.listRoleTagsPaginator(r -> r.roleName(name)).tags().stream().toList(), Tag::key, Tag::value);
        return OwnedTags.key(tags, InstanceRoleSpec.KIND, name, context).filter(key::equals).isPresent();
    }

    private static void tolerateOwn(Runnable create, Supplier<Boolean> own) {
        try {
            create.run();
        } catch (EntityAlreadyExistsException e) {
            if (!own.get()) {
                throw e;
            }
        }
    }

    private static void createProfile(IamClient iam, String name, String path, List<Tag> tags) {
        try {
            iam.createInstanceProfile(r -> r.instanceProfileName(name).path(path).tags(tags));
        } catch (EntityAlreadyExistsException e) {
            // left by an interrupted create: the profile of the role's own name and path
        }
    }

    @Override
    public void update(Resource resource, ObservedResource live, List<FieldChange> changes, DriverContext context) {
        IamClient iam = context.clients().iam();
        String name = live.awsId();
        Details details = live.details(Details.class);
        for (FieldChange change : changes) {
            switch (change.field()) {
                case InstanceRoleSpec.INSTANCE_PROFILE -> {
                    if (!details.profileExists()) {
                        createProfile(iam, name, path(context), tags(context.tagsFor(resource)));
                    }
                    iam.addRoleToInstanceProfile(r -> r.instanceProfileName(name).roleName(name));
                }
                case InstanceRoleSpec.ASSUMED_BY -> iam.updateAssumeRolePolicy(
                        r -> r.roleName(name).policyDocument(InstanceRoleSpec.trustPolicy(resource.spec(InstanceRoleSpec.class).assumedBy())));
                case InstanceRoleSpec.MANAGED_POLICIES -> {
                    change.added().forEach(arn -> iam.attachRolePolicy(r -> r.roleName(name).policyArn((String) arn)));
                    change.removed().forEach(arn -> NotFound.ignoring(
                            () -> iam.detachRolePolicy(r -> r.roleName(name).policyArn((String) arn))));
                }
                case InstanceRoleSpec.INLINE_POLICIES -> {
                    Set<String> kept = inline(change.added()).stream().map(InlinePolicy::name).collect(Collectors.toSet());
                    inline(change.added()).forEach(policy -> put(iam, name, policy));
                    inline(change.removed()).stream()
                            .filter(policy -> !kept.contains(policy.name()))
                            .forEach(policy -> NotFound.ignoring(
                                    () -> iam.deleteRolePolicy(r -> r.roleName(name).policyName(policy.name()))));
                }
                case KindSpec.TAGS -> {
                    @SuppressWarnings("unchecked")
                    Map<String, String> wanted = (Map<String, String>) change.after();
                    iam.tagRole(r -> r.roleName(name).tags(tags(wanted)));
                    if (details.profileExists()) {
                        iam.tagInstanceProfile(r -> r.instanceProfileName(name).tags(tags(wanted)));
                    }
                }
                default -> throw new IllegalArgumentException("InstanceRole field " + change.field() + " cannot be updated in place");
            }
        }
    }

    /** IAM deletes a role only once no profile holds it and no policy is attached to or inlined in it. */
    @Override
    public void delete(ObservedResource live, DriverContext context) {
        IamClient iam = context.clients().iam();
        String name = live.awsId();
        Details details = live.details(Details.class);
        if (details.profileHoldsRole()) {
            NotFound.ignoring(() -> iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName(name).roleName(name)));
        }
        if (details.profileExists()) {
            NotFound.ignoring(() -> iam.deleteInstanceProfile(r -> r.instanceProfileName(name)));
        }
        managedPolicies(iam, name).forEach(arn -> NotFound.ignoring(() -> iam.detachRolePolicy(r -> r.roleName(name).policyArn(arn))));
        for (String policy : iam.listRolePoliciesPaginator(r -> r.roleName(name)).policyNames()) {
            NotFound.ignoring(() -> iam.deleteRolePolicy(r -> r.roleName(name).policyName(policy)));
        }
        NotFound.ignoring(() -> iam.deleteRole(r -> r.roleName(name)));
    }

    private static void put(IamClient iam, String role, InlinePolicy policy) {
        iam.putRolePolicy(r -> r.roleName(role).policyName(policy.name()).policyDocument(policy.document()));
    }

    private static List<InlinePolicy> inline(Object policies) {
        List<InlinePolicy> list = new ArrayList<>();
        if (policies instanceof java.util.Collection<?> values) {
            values.forEach(v -> list.add((InlinePolicy) v));
        }
        return list;
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return OwnedTags.toList(tags, (key, value) -> Tag.builder().key(key).value(value).build());
    }
}
