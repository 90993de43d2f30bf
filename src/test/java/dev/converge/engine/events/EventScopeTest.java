package dev.converge.engine.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.PassScope;
import dev.converge.model.ResourceKey;
import dev.converge.plan.ObservedResource;
import dev.converge.plan.ObservedState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Events mapped to the resources they name, against an observation. The events are EventBridge envelopes
 * around CloudTrail records, shaped as AWS documents them (ELB's {@code CreateListener} names its load
 * balancer by ARN, EC2's {@code CreateTags} its resources in {@code resourcesSet.items[].resourceId}).
 */
class EventScopeTest {

    private static final String LB_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/prod-web/50dc6c495c0c9188";
    private static final ResourceKey WEB = ResourceKey.of("LoadBalancer", "web");
    private static final ResourceKey BASTION = ResourceKey.of("SecurityGroup", "bastion");

    private final ObservedState observed = ObservedState.of(List.of(
            ObservedResource.owned(WEB, LB_ARN, Map.of(), Map.of(), null),
            ObservedResource.owned(BASTION, "sg-0123456789abcdef0", Map.of(), Map.of(), null)));

    @Test
    void anArnInTheRecord_namesTheManagedResource_andItsKindAlone() {
        EventScope scope = EventScope.of(List.of(event("elasticloadbalancing", "ModifyLoadBalancerAttributes",
                "{\"loadBalancerArn\":\"" + LB_ARN + "\",\"attributes\":[{\"key\":\"idle_timeout.timeout_seconds\",\"value\":\"30\"}]}")),
                Optional.of(observed));

        assertThat(scope.kinds()).containsExactly("LoadBalancer");
        assertThat(scope.causes()).containsOnlyKeys(WEB);
        assertThat(scope.causes().get(WEB).identity()).isEqualTo("arn:aws:iam::123456789012:user/alice");
    }

    @Test
    void ec2TaggingCalls_takeTheirKindFromTheIdsPrefix() {
        EventScope scope = EventScope.of(List.of(event("ec2", "DeleteTags",
                "{\"resourcesSet\":{\"items\":[{\"resourceId\":\"sg-0123456789abcdef0\"}]},\"tagSet\":{\"items\":[{\"key\":\"team\"}]}}")),
                Optional.of(observed));

        assertThat(scope.kinds()).containsExactly("SecurityGroup");
        assertThat(scope.verdicts()).extracting(EventScope.Verdict::outcome).containsExactly(EventScope.Outcome.MATCHED);
    }

    @Test
    void callsOfNoManagedKind_resourcesOfOthers_andRecordsWithoutIds_areToldApart() {
        EventScope scope = EventScope.of(List.of(
                event("ec2", "RunInstances", "{\"instancesSet\":{\"items\":[{\"imageId\":\"ami-12c6146b\"}]}}"),
                event("ec2", "AuthorizeSecurityGroupIngress", "{\"groupId\":\"sg-0fedcba9876543210\"}"),
                event("s3", "PutBucketVersioning", "{}")), Optional.of(observed));

        assertThat(scope.verdicts()).extracting(EventScope.Verdict::outcome).containsExactly(
                EventScope.Outcome.IGNORED, EventScope.Outcome.UNMANAGED, EventScope.Outcome.UNMAPPED);
        assertThat(scope.kinds()).containsExactly("Bucket");
        assertThat(scope.causes()).isEmpty();
    }

    @Test
    void lambdaAndCloudFrontCalls_nameTheirFunctionAndDistribution() {
        ResourceKey thumbnails = ResourceKey.of("Function", "thumbnails");
        ResourceKey assets = ResourceKey.of("Distribution", "assets");
        ObservedState withBoth = ObservedState.of(List.of(
                ObservedResource.owned(thumbnails, "arn:aws:lambda:us-east-1:123456789012:function:prod-thumbnails", Map.of(), Map.of(), null),
                ObservedResource.owned(assets, "EDFDVBD6EXAMPLE", Map.of(), Map.of(), null)));

        EventScope scope = EventScope.of(List.of(
                event("lambda", "UpdateFunctionConfiguration20150331v2", "{\"functionName\":\"prod-thumbnails\",\"timeout\":900}"),
                event("cloudfront", "UpdateDistribution", "{\"id\":\"EDFDVBD6EXAMPLE\",\"ifMatch\":\"E2QWRUHEXAMPLE\"}"),
                event("cloudfront", "UpdateOriginAccessControl", "{\"id\":\"E74FTE3AEXAMPLE\"}")), Optional.of(withBoth));

        assertThat(scope.causes()).containsOnlyKeys(thumbnails, assets);
        assertThat(scope.verdicts()).extracting(EventScope.Verdict::outcome).containsExactly(
                EventScope.Outcome.MATCHED, EventScope.Outcome.MATCHED, EventScope.Outcome.UNMAPPED);
    }

    @Test
    void eventsThatNameTheirResources_limitTheKindToThem_andOneThatNamesNone_takesTheWholeKind() {
        ResourceKey uploads = ResourceKey.of("Bucket", "uploads");
        ObservedState buckets = ObservedState.of(List.of(
                ObservedResource.owned(uploads, "prod-uploads", Map.of(), Map.of(), null),
                ObservedResource.owned(ResourceKey.of("Bucket", "reports"), "prod-reports", Map.of(), Map.of(), null),
                ObservedResource.owned(BASTION, "sg-0123456789abcdef0", Map.of(), Map.of(), null)));

        PassScope named = EventScope.of(List.of(event("s3", "PutBucketVersioning", "{\"bucketName\":\"prod-uploads\"}"),
                event("ec2", "AuthorizeSecurityGroupIngress", "{\"groupId\":\"sg-0123456789abcdef0\"}")), Optional.of(buckets)).scope();
        PassScope whole = EventScope.of(List.of(event("s3", "PutBucketVersioning", "{\"bucketName\":\"prod-uploads\"}"),
                event("s3", "PutBucketPolicy", "{}")), Optional.of(buckets)).scope();

        assertThat(named.resourcesOf("Bucket")).contains(Set.of(uploads));
        assertThat(named.resourcesOf("SecurityGroup")).contains(Set.of(BASTION));
        assertThat(whole.resourcesOf("Bucket")).as("a bucket event naming no bucket").isEmpty();
        assertThat(whole.includes("Bucket")).isTrue();
    }

    @Test
    void messagesThatAreNoCloudTrailCall_areNoEvent() {
        assertThat(CloudTrailEvent.parse("not json")).isEmpty();
        assertThat(CloudTrailEvent.parse("{\"detail-type\":\"EC2 Instance State-change Notification\",\"detail\":{}}")).isEmpty();
    }

    private static CloudTrailEvent event(String service, String name, String requestParameters) {
        return CloudTrailEvent.parse("""
                {"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"AWS API Call via CloudTrail",
                 "source":"aws.%s","account":"123456789012","time":"2026-12-01T10:41:07Z","region":"us-east-1","resources":[],
                 "detail":{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::123456789012:user/alice"},
                  "eventTime":"2026-12-01T10:41:07Z","eventSource":"%s.amazonaws.com","eventName":"%s","awsRegion":"us-east-1",
                  "sourceIPAddress":"203.0.113.7","requestParameters":%s,"responseElements":null,"readOnly":false,
                  "eventType":"AwsApiCall","managementEvent":true}}
                """.formatted(service, service, name, requestParameters)).orElseThrow();
    }
}
