package dev.converge.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PlanJsonTest {

    private final JsonNode document = parse(PlanJson.render(PlanExamples.everyAction()));

    @Test
    void listsEveryChangeWithItsResourceActionFieldsAndNote() {
        JsonNode prod = document.at("/environments/0");
        assertThat(prod.get("name").asText()).isEqualTo("prod");
        assertThat(prod.get("changes")).hasSize(8);

        JsonNode create = prod.at("/changes/0");
        assertThat(create.get("resource").asText()).isEqualTo("Vpc/main");
        assertThat(create.get("kind").asText()).isEqualTo("Vpc");
        assertThat(create.get("name").asText()).isEqualTo("main");
        assertThat(create.get("action").asText()).isEqualTo("create");
        assertThat(create.at("/fields/0").toString()).isEqualTo("{\"field\":\"cidr\",\"before\":null,\"after\":\"10.50.0.0/16\"}");
        assertThat(create.at("/fields/1/after/converge:environment").asText()).isEqualTo("prod");
        assertThat(create.get("note").isNull()).isTrue();

        JsonNode blocked = prod.at("/changes/3");
        assertThat(blocked.get("action").asText()).isEqualTo("replacement-blocked");
        assertThat(blocked.get("note").asText()).startsWith("zone cannot change in place");

        JsonNode refused = prod.at("/changes/7");
        assertThat(refused.get("action").asText()).isEqualTo("delete-refused");
        assertThat(refused.get("note").asText()).startsWith("refused to delete 3 of 4 managed resources");
    }

    @Test
    void valuesArePlainJson_recordsAsObjects_setsWithTheirAddedAndRemovedElements() {
        JsonNode encryption = document.at("/environments/0/changes/1/fields/1");
        assertThat(encryption.get("after").toString()).isEqualTo("{\"algorithm\":\"AES256\",\"bucketKey\":false}");
        assertThat(encryption.has("added")).isFalse();

        JsonNode ingress = document.at("/environments/0/changes/2/fields/0");
        assertThat(ingress.get("before").toString()).isEqualTo("[\"tcp 22 0.0.0.0/0\",\"tcp 22 10.0.0.0/8 \\\"office\\\"\"]");
        assertThat(ingress.get("added")).isEmpty();
        assertThat(ingress.get("removed").toString()).isEqualTo("[\"tcp 22 0.0.0.0/0\"]");
    }

    @Test
    void environmentsWithoutChangesAreListed_andTheSummaryCountsLikeTheText() {
        assertThat(document.at("/environments/1/name").asText()).isEqualTo("dev");
        assertThat(document.at("/environments/1/changes")).isEmpty();
        assertThat(document.get("summary").toString()).isEqualTo("{\"create\":1,\"update\":2,\"delete\":1,\"reported\":4}");
    }

    private static JsonNode parse(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(json, e);
        }
    }
}
