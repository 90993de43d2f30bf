package dev.converge.spec;

import static dev.converge.spec.SpecFixtures.assertSingleError;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Validation of approval policies, acknowledgements and adoption: one located error each. */
class ChangeSafetyChecksTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            approval-unknown-step.yaml          | 7  | 24 | spec.approval.required[1]: 'destroy' is not a step that can need approval (steps: create, update, replace, delete, adopt)
            approval-resource-unknown-step.yaml | 13 | 36 | spec.management.approval.required[1]: 'upgrade' is not a step that can need approval
            acknowledge-unknown-field.yaml      | 14 | 38 | spec.management.acknowledge[0].fields[1]: 'cidrBlock' is not a field of Vpc (fields: cidr,
            acknowledge-bad-until.yaml          | 16 | 16 | spec.management.acknowledge[0].until: 'next week' is not a day as YYYY-MM-DD
            acknowledge-no-reason.yaml          | 14 | 9  | spec.management.acknowledge[0].reason: an acknowledgement says why the drift is accepted
            adopt-unsupported-kind.yaml         | 13 | 12 | spec.management.adopt: Vpc cannot adopt an existing object; kinds that can: Bucket, SecurityGroup
            adopt-bad-group-id.yaml             | 18 | 23 | spec.management.adopt: 'web-servers' does not name a SecurityGroup to adopt: SecurityGroup is adopted by a security group id (sg-…)
            adopt-bucket-other-name.yaml        | 12 | 23 | spec.management.adopt: 'acme-legacy-data' does not name a Bucket to adopt: Bucket is adopted by the bucket's name
            """)
    void validate_reportsABrokenSetting_atTheOffendingField(String fixture, int line, int column, String message) {
        assertSingleError(fixture, line, column, message);
    }
}
