package dev.converge.spec;

import static dev.converge.spec.SpecFixtures.BROKEN;
import static dev.converge.spec.SpecFixtures.assertSingleError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.ParameterSpec;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Validation of Parameter Store parameters: located errors, and a path outside the environment as a warning. */
class ParameterChecksTest {

    private static final Path WARNED = BROKEN.resolveSibling("warnings");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            parameter-value-on-securestring.yaml | 12 | 10 | spec.value: a SecureString's value never lives in the spec
            parameter-valuefrom-on-string.yaml   | 12 | 14 | spec.valueFrom: valueFrom is for SecureStrings; a String holds its value in the spec
            parameter-not-a-path.yaml            | 10 | 9  | spec.name: 'prod/api/db-host' is not a parameter path
            parameter-too-many-levels.yaml       | 10 | 9  | spec.name: the path has 16 levels, more than the 15 Parameter Store allows
            parameter-two-sources.yaml           | 12 | 14 | spec.valueFrom: name exactly one source: file or env
            parameter-duplicate-path.yaml        | 17 | 14 | spec.name: Parameter 'db-password' of environment 'prod' has the path /prod/api/db-host in the same account
            parameter-reserved-path.yaml         | 10 | 9  | spec.name: paths starting with /aws or /ssm are reserved by AWS
            parameter-ignore-value-from.yaml     | 13 | 32 | spec.management.ignoreChanges[0]: a SecureString's value is compared as value
            """)
    void validate_reportsABrokenParameterOnce_atTheOffendingField(String fixture, int line, int column, String message) {
        assertSingleError(fixture, line, column, message);
    }

    @Test
    void aPathOutsideTheEnvironmentsHierarchy_isAWarning_andTheSpecIsUsed() {
        Path file = WARNED.resolve("parameter-outside-environment.yaml");
        DesiredState state = SpecLoader.load(file);

        assertThat(state.warnings()).extracting(SpecError::toString).containsExactly(file + ":10:9: spec.name: the path is not"
                + " under /prod/: is it another environment's parameter?");
        assertThat(state.resourcesOf("prod")).extracting(Resource::key).containsExactly(ResourceKey.of(ParameterSpec.KIND, "db-password"));
    }
}
