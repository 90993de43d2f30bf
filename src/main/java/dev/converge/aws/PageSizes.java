package dev.converge.aws;

/**
 * The largest page each paginated read Converge makes accepts, as the APIs' references give them: the
 * fewest calls per pass, and each call's work bounded, so a large estate never turns into one describe
 * that outlasts its timeout.
 */
public final class PageSizes {

    /** {@code MaxResults} of EC2's describes of VPCs, subnets, gateways, security groups and rules, instances and offerings. */
    public static final int EC2 = 1000;
    /** {@code MaxResults} of DescribeRouteTables. */
    public static final int EC2_ROUTE_TABLES = 100;
    /** {@code MaxResults} of DescribeLaunchTemplates and DescribeLaunchTemplateVersions (moto: 15 unless asked). */
    public static final int EC2_LAUNCH_TEMPLATES = 200;
    /** {@code MaxRecords} of DescribeAutoScalingGroups. */
    public static final int AUTO_SCALING = 100;
    /** {@code MaxRecords} of RDS's describes. */
    public static final int RDS = 100;
    /** {@code ResourcesPerPage} of the tagging API's GetResources. */
    public static final int TAGGING = 100;
    /** {@code MaxBuckets} of ListBuckets. */
    public static final int S3_BUCKETS = 10_000;

    /** {@code MaxResults} of Parameter Store's DescribeParameters. */
    public static final int SSM_PARAMETERS = 50;
    /** Names per GetParameters call: Parameter Store's limit. */
    public static final int SSM_GET_PARAMETERS = 10;

    /** {@code MaxItems} of Lambda's ListFunctions: its largest page. */
    public static final int LAMBDA_FUNCTIONS = 50;

    private PageSizes() {}
}
