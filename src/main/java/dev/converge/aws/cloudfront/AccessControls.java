package dev.converge.aws.cloudfront;

import dev.converge.aws.DriverContext;
import dev.converge.model.DistributionSpec;
import dev.converge.model.ResourceKey;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.NoSuchOriginAccessControlException;
import software.amazon.awssdk.services.cloudfront.model.OriginAccessControlAlreadyExistsException;
import software.amazon.awssdk.services.cloudfront.model.OriginAccessControlConfig;
import software.amazon.awssdk.services.cloudfront.model.OriginAccessControlOriginTypes;
import software.amazon.awssdk.services.cloudfront.model.OriginAccessControlSigningBehaviors;
import software.amazon.awssdk.services.cloudfront.model.OriginAccessControlSigningProtocols;
import software.amazon.awssdk.services.cloudfront.model.OriginAccessControlSummary;

/**
 * The origin access control each distribution has of its own, part of the Distribution kind: CloudFront
 * gives origin access controls no tags, so one cannot be owned the way every other object is; instead
 * its name ({@code <environment>-<name>}, unique in the account) ties it to its distribution, and its
 * description says which controller made it for which resource, so a control of that name that someone
 * else made is never used or deleted. It is created before its distribution and deleted after it.
 *
 * <p>The account's controls are listed once per account and cycle, like the distributions.
 */
final class AccessControls {

    /** The account's origin access controls, read once per account and cycle. */
    static final String LIST = "cloudfront:ListOriginAccessControls";

    private AccessControls() {}

    static List<OriginAccessControlSummary> list(DriverContext context) {
        CloudFrontClient cloudFront = context.clients().cloudFront();
        return context.accountReads().get(context.environment(), LIST,
                () -> cloudFront.listOriginAccessControlsPaginator(r -> r.maxItems(DistributionDriver.PAGE)).items().stream().toList());
    }

    static String description(ResourceKey key, DriverContext context) {
        return "Converge " + context.controller() + ": " + key + " of environment " + context.environment().name();
    }

    /** The distribution's own control, if it exists and says it is. */
    static Optional<OriginAccessControlSummary> of(ResourceKey key, DriverContext context) {
        String name = DistributionSpec.accessControlName(context.environment().name(), key.name());
        String description = description(key, context);
        return list(context).stream()
                .filter(c -> name.equals(c.name()) && description.equals(c.description()))
                .findFirst();
    }

    /** Whether the control signs every request to an S3 origin with SigV4, as a private bucket needs. */
    static boolean sound(OriginAccessControlSummary control) {
        return OriginAccessControlSigningProtocols.SIGV4.toString().equals(control.signingProtocolAsString())
                && OriginAccessControlSigningBehaviors.ALWAYS.toString().equals(control.signingBehaviorAsString())
                && OriginAccessControlOriginTypes.S3.toString().equals(control.originAccessControlOriginTypeAsString());
    }

    /** The distribution's control, created, or brought back to signing always, as needed; its id. */
    static String ensure(ResourceKey key, DriverContext context) {
        CloudFrontClient cloudFront = context.clients().cloudFront();
        OriginAccessControlConfig config = config(key, context);
        Optional<OriginAccessControlSummary> existing = of(key, context);
        if (existing.isPresent()) {
            if (!sound(existing.get())) {
                String id = existing.get().id();
                String etag = cloudFront.getOriginAccessControl(r -> r.id(id)).eTag();
                cloudFront.updateOriginAccessControl(r -> r.id(id).ifMatch(etag).originAccessControlConfig(config));
                context.accountReads().forget(context.environment(), LIST);
            }
            return existing.get().id();
        }
        try {
            return cloudFront.createOriginAccessControl(r -> r.originAccessControlConfig(config)).originAccessControl().id();
        } catch (OriginAccessControlAlreadyExistsException e) {
            throw new IllegalStateException("an origin access control named " + config.name()
                    + " exists in the account but was not made by Converge for " + key + "; it is never used", e);
        } finally {
            context.accountReads().forget(context.environment(), LIST);
        }
    }

    static void delete(String id, DriverContext context) {
        CloudFrontClient cloudFront = context.clients().cloudFront();
        try {
            String etag = cloudFront.getOriginAccessControl(r -> r.id(id)).eTag();
            cloudFront.deleteOriginAccessControl(r -> r.id(id).ifMatch(etag));
        } catch (NoSuchOriginAccessControlException e) {
            // already gone: what the delete wanted
        } finally {
            context.accountReads().forget(context.environment(), LIST);
        }
    }

    private static OriginAccessControlConfig config(ResourceKey key, DriverContext context) {
        return OriginAccessControlConfig.builder()
                .name(DistributionSpec.accessControlName(context.environment().name(), key.name()))
                .description(description(key, context))
                .signingProtocol(OriginAccessControlSigningProtocols.SIGV4)
                .signingBehavior(OriginAccessControlSigningBehaviors.ALWAYS)
                .originAccessControlOriginType(OriginAccessControlOriginTypes.S3)
                .build();
    }
}
