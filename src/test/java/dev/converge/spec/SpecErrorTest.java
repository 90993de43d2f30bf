package dev.converge.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpecErrorTest {

    @Test
    void toString_isFileLineColumnMessage_likeCompilers() {
        assertThat(new SpecError("specs/prod.yaml", 7, 3, "unknown field 'cidrr' in Vpc spec"))
                .hasToString("specs/prod.yaml:7:3: unknown field 'cidrr' in Vpc spec");
    }

    @Test
    void specException_listsEveryErrorInFileAndLineOrder() {
        SpecException e = new SpecException(List.of(
                new SpecError("b.yaml", 1, 1, "third"),
                new SpecError("a.yaml", 12, 1, "second"),
                new SpecError("a.yaml", 2, 5, "first")));

        assertThat(e.errors()).extracting(SpecError::message).containsExactly("first", "second", "third");
        assertThat(e.getMessage()).isEqualTo("a.yaml:2:5: first\na.yaml:12:1: second\nb.yaml:1:1: third");
    }
}
