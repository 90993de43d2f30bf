package dev.converge.aws.ec2;

import static dev.converge.model.KindSpec.TAGS;

import dev.converge.aws.BoundedParallel;
import dev.converge.aws.ClientTokens;
import dev.converge.aws.DriverContext;
import dev.converge.aws.NotFound;
import dev.converge.aws.OwnedTags;
import dev.converge.aws.PageSizes;
import dev.converge.aws.ResourceDriver;
import dev.converge.model.LaunchTemplateSpec;
import dev.converge.model.Ownership;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.plan.FieldChange;
import dev.converge.plan.ObservedResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * Launch templates. The observed content is the template's latest version, which is what the fleets
 * launch. A content change is a new version holding the whole declared data, made the default too
 * (moto's fleets report and launch from the default version). A change of the resource's tags also
 * makes a new version, because the template hands its tags on to instances and volumes.
 */
public final class LaunchTemplateDriver implements ResourceDriver {

    /** Per-template reads in flight at once during observation. */
    static final int PARALLELISM = 8;

    @Override
    public String kind() {
        return LaunchTemplateSpec.KIND;
    }

    @Override
    public List<ObservedResource> observe(List<Resource> declared, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        List<LaunchTemplate> managed = new ArrayList<>();
        List<ResourceKey> keys = new ArrayList<>();
        for (LaunchTemplate template : ec2.describeLaunchTemplatesPaginator(
                r -> r.filters(Ec2Tags.ownedBy(context)).maxResults(PageSizes.EC2_LAUNCH_TEMPLATES)).launchTemplates()) {
            OwnedTags.key(Ec2Tags.toMap(template.tags()), kind(), template.launchTemplateId(), context).ifPresent(key -> {
                managed.add(template);
                keys.add(key);
            });
        }
        Map<String, LaunchTemplateVersion> latest = latestVersions(ec2, managed);
        List<ObservedResource> observed = new ArrayList<>();
        for (int i = 0; i < managed.size(); i++) {
            LaunchTemplate template = managed.get(i);
            LaunchTemplateVersion version = latest.get(template.launchTemplateId());
            observed.add(ObservedResource.owned(keys.get(i), template.launchTemplateId(),
                    LaunchTemplateContent.read(version.launchTemplateData(), context),
                    Ec2Tags.toMap(template.tags()), TemplateVersion.of(version)));
        }
        return observed;
    }

    /**
     * The latest version of each template, from one paginated DescribeLaunchTemplateVersions over every
     * template of the region ({@code $Latest} without a template id). A template that reading leaves out
     * (created after the page was served, or cut off by an emulator that truncates without a NextToken)
     * is read on its own, a few at a time.
     */
    private static Map<String, LaunchTemplateVersion> latestVersions(Ec2Client ec2, List<LaunchTemplate> templates) {
        Map<String, LaunchTemplateVersion> latest = new HashMap<>();
        if (templates.isEmpty()) {
            return latest;
        }
        Set<String> wanted = templates.stream().map(LaunchTemplate::launchTemplateId).collect(Collectors.toSet());
        ec2.describeLaunchTemplateVersionsPaginator(r -> r.versions(TemplateVersion.LATEST).maxResults(PageSizes.EC2_LAUNCH_TEMPLATES))
                .launchTemplateVersions().stream()
                .filter(version -> wanted.contains(version.launchTemplateId()))
                .forEach(version -> latest.put(version.launchTemplateId(), version));
        List<String> missing = wanted.stream().filter(id -> !latest.containsKey(id)).sorted().toList();
        List<LaunchTemplateVersion> read = BoundedParallel.map(missing, PARALLELISM, id -> TemplateVersion.latestOf(ec2, id));
        read.forEach(version -> latest.put(version.launchTemplateId(), version));
        return latest;
    }

    @Override
    public String create(Resource resource, DriverContext context) {
        Map<String, String> tags = context.tagsFor(resource);
        String name = context.environment().name() + "-" + resource.name();
        RequestLaunchTemplateData data = data(resource, context);
        return context.clients().ec2().createLaunchTemplate(r -> r
                        .launchTemplateName(name)
                        .launchTemplateData(data)
                        .clientToken(ClientTokens.of(context, resource.key(), name, content(data, resource)))
                        .tagSpecifications(Ec2Tags.specification(ResourceType.LAUNCH_TEMPLATE, tags)))
                .launchTemplate().launchTemplateId();
    }

    @Override
    public void update(Resource resource, ObservedResource live, List<FieldChange> changes, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        for (FieldChange change : changes) {
            if (change.field().equals(TAGS)) {
                Ec2Tags.apply(ec2, live.awsId(), change);
            }
        }
        RequestLaunchTemplateData data = data(resource, context);
        // The version this one follows is part of the token: going back to an earlier content is a new
        // version, not a replay of the one that first had it.
        String follows = live.awsId() + "@" + live.details(TemplateVersion.class).number();
        long version = ec2.createLaunchTemplateVersion(r -> r
                        .launchTemplateId(live.awsId())
                        .launchTemplateData(data)
                        .clientToken(ClientTokens.of(context, resource.key(), follows, content(data, resource))))
                .launchTemplateVersion().versionNumber();
        ec2.modifyLaunchTemplate(r -> r.launchTemplateId(live.awsId()).defaultVersion(Long.toString(version)));
    }

    /** What a create's token covers: the request, and the spec because the SDK renders user data redacted. */
    private static List<Object> content(RequestLaunchTemplateData data, Resource resource) {
        return List.of(data.toString(), resource.spec().properties());
    }

    private static RequestLaunchTemplateData data(
            Resource resource, DriverContext context) {
        return LaunchTemplateContent.request(resource.spec(LaunchTemplateSpec.class),
                Ownership.propagated(context.tagsFor(resource)), context);
    }

    @Override
    public void delete(ObservedResource live, DriverContext context) {
        NotFound.ignoring(() -> context.clients().ec2().deleteLaunchTemplate(r -> r.launchTemplateId(live.awsId())));
    }
}
