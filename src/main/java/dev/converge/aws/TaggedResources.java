package dev.converge.aws;

import dev.converge.model.Ownership;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.Tag;

/**
 * The resources of one type that carry this environment's tag, with all their tags, from the Resource
 * Groups Tagging API: one paginated read for services that cannot list by tag themselves (S3). The
 * API is regional and eventually consistent: a resource tagged moments ago may be missing, so callers
 * still read the resources they expect and do not find here.
 */
public final class TaggedResources {

    private TaggedResources() {}

    /** By ARN, the tags of every resource of {@code resourceType} (such as {@code s3}) tagged for this environment. */
    public static Map<String, Map<String, String>> of(String resourceType, DriverContext context) {
        Map<String, Map<String, String>> tagged = new LinkedHashMap<>();
        context.clients().tagging()
                .getResourcesPaginator(r -> r.resourceTypeFilters(resourceType)
                        .tagFilters(f -> f.key(Ownership.ENVIRONMENT).values(context.environment().name()))
                        .resourcesPerPage(PageSizes.TAGGING))
                .resourceTagMappingList()
                .forEach(mapping -> tagged.put(mapping.resourceARN(), tags(mapping)));
        return tagged;
    }

    /**
     * Whether a resource's tags as the tagging API listed them ({@code null}: not listed) can stand for its
     * own: only when they hold every tag it must carry, since the API may not know tags written moments ago.
     */
    public static boolean suffice(Map<String, String> listed, Map<String, String> wanted) {
        return listed != null && listed.entrySet().containsAll(wanted.entrySet());
    }

    private static Map<String, String> tags(ResourceTagMapping mapping) {
        return OwnedTags.toMap(mapping.tags(), Tag::key, Tag::value);
    }
}
