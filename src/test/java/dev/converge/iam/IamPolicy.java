package dev.converge.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An IAM policy document of {@code iam/}, read for which actions it allows: an action is allowed when some
 * Allow statement names it, wildcards ({@code *}, {@code ?}) and IAM's case-insensitive action matching
 * honoured. Conditions and resources are not evaluated: no emulator enforces IAM, so what they scope is
 * reviewed in the documents and checked for shape by {@link IamPolicyTest}.
 */
public record IamPolicy(Path file, JsonNode document) {

    public static final Path DIRECTORY = Path.of("iam");
    private static final ObjectMapper JSON = new ObjectMapper();

    public static IamPolicy read(String name) {
        Path file = DIRECTORY.resolve(name);
        try {
            return new IamPolicy(file, JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static IamPolicy environment() {
        return read("environment-policy.json");
    }

    public static IamPolicy controller() {
        return read("controller-policy.json");
    }

    public List<JsonNode> statements() {
        List<JsonNode> statements = new ArrayList<>();
        document.path("Statement").forEach(statements::add);
        return statements;
    }

    public boolean allows(String action) {
        return statements().stream()
                .filter(s -> "Allow".equals(s.path("Effect").asText()))
                .anyMatch(s -> actions(s).stream().anyMatch(pattern -> matches(pattern, action)));
    }

    /** The statement's {@code Action}, a string or a list. */
    public static List<String> actions(JsonNode statement) {
        return strings(statement.path("Action"));
    }

    public static List<String> strings(JsonNode stringOrList) {
        List<String> values = new ArrayList<>();
        if (stringOrList.isTextual()) {
            values.add(stringOrList.asText());
        } else {
            stringOrList.forEach(v -> values.add(v.asText()));
        }
        return values;
    }

    static boolean matches(String pattern, String action) {
        String regex = Pattern.quote(pattern).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE).matcher(action).matches();
    }
}
