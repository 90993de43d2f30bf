package dev.converge.spec;

import static dev.converge.spec.SpecFixtures.assertSingleError;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Validation of functions and bucket notifications: located errors for what Lambda and S3 would refuse. */
class FunctionChecksTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            function-undeclared-code-bucket.yaml         | 15 | 18 | spec.code.bucket: Bucket 'acme-build-artifacts' is not defined in environment 'prod'; a bucket Converge does not manage is named as code.externalBucket
            function-external-bucket-declared.yaml       | 20 | 26 | spec.code.externalBucket: bucket acme-prod-deploy-bundles is Bucket 'deploy-bundles' of this environment, not an external one
            function-two-code-buckets.yaml               | 20 | 9  | spec.code: name the code's bucket once
            function-role-for-instances.yaml             | 23 | 9  | spec.role: InstanceRole 'api' is assumed by ec2, and a function needs one with assumedBy: lambda
            function-reserved-variable.yaml              | 19 | 29 | spec.environment.AWS_REGION: AWS_REGION is set by Lambda itself
            function-variable-plain-and-secret.yaml      | 21 | 14 | spec.secrets.API_KEY: API_KEY is also a plain variable under environment
            function-memory-out-of-range.yaml            | 19 | 11 | spec.memory: must be between 128 and 10240, got 64
            bucket-overlapping-notifications.yaml        | 27 | 7  | spec.notifications[1]: its key filter overlaps that of
            bucket-notification-undeclared-function.yaml | 12 | 18 | spec.notifications[0].function: Function 'image-resize' is not defined in environment 'prod'
            """)
    void validate_reportsABrokenFunctionOrNotificationOnce_atTheOffendingField(String fixture, int line, int column, String message) {
        assertSingleError(fixture, line, column, message);
    }
}
