package dev.converge.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

/** Filter policies compare in canonical JSON, whichever way they were written or read back. */
class TopicSpecTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFilterPolicyAsYamlAndAsJsonTextInAnotherKeyOrder_isTheSame() throws Exception {
        String fromYaml = TopicSpec.filterPolicy(JSON.readTree("{\"channel\":[\"email\"],\"amount\":[{\"numeric\":[\">\",100]}]}"));
        String fromAws = TopicSpec.filterPolicy(TextNode.valueOf("{ \"amount\": [ {\"numeric\": [\">\", 100]} ], \"channel\": [\"email\"] }"));

        assertThat(fromYaml).isEqualTo(fromAws).isEqualTo("{\"amount\":[{\"numeric\":[\">\",100]}],\"channel\":[\"email\"]}");
    }

    @Test
    void anEmptyFilterPolicy_isNone() {
        assertThat(TopicSpec.filterPolicy(TextNode.valueOf("{}"))).isEqualTo(TopicSpec.filterPolicy(null)).isEmpty();
    }
}
