package dev.converge.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Systems Manager Parameter Store parameter. A {@code String} or {@code StringList} holds its value in
 * the spec; a {@code SecureString}'s value never lives in git: {@code valueFrom} names where it is read
 * from when it is compared or written (a file mounted from a Kubernetes Secret, an environment variable of
 * the controller), and only a digest of it is ever compared.
 *
 * @param name the parameter's path in Parameter Store, such as {@code /prod/api/db-host}
 * @param value a {@code String}'s text, or a {@code StringList}'s items separated by commas
 * @param tier {@code Standard}, {@code Advanced}, or {@code Intelligent-Tiering} (AWS picks the tier)
 * @param kmsKeyId the KMS key that encrypts a {@code SecureString}; AWS's {@code alias/aws/ssm} when absent
 */
public record ParameterSpec(
        @SpecField(required = true) String name,
        @SpecField(required = true, values = {Types.STRING, Types.STRING_LIST, Types.SECURE_STRING}) String type,
        String value,
        SecretSource valueFrom,
        String description,
        @SpecField(values = {Tiers.STANDARD, Tiers.ADVANCED, Tiers.INTELLIGENT_TIERING}) String tier,
        String kmsKeyId,
        Map<String, String> tags,
        Management management)
        implements KindSpec {

    public static final String KIND = "Parameter";

    /** Parameter Store's types. */
    public static final class Types {
        public static final String STRING = "String";
        public static final String STRING_LIST = "StringList";
        public static final String SECURE_STRING = "SecureString";

        private Types() {}
    }

    /** Parameter Store's tiers. */
    public static final class Tiers {
        public static final String STANDARD = "Standard";
        public static final String ADVANCED = "Advanced";
        public static final String INTELLIGENT_TIERING = "Intelligent-Tiering";

        private Tiers() {}
    }

    /** The spec's field names, as written in YAML; every use of a field name goes through these. */
    public static final String NAME = "name";
    public static final String TYPE = "type";
    public static final String VALUE = "value";
    public static final String VALUE_FROM = "valueFrom";
    public static final String DESCRIPTION = "description";
    public static final String TIER = "tier";
    public static final String KMS_KEY_ID = "kmsKeyId";

    /**
     * Where a SecureString's value is read from: exactly one of a file (read as it is, a trailing newline
     * included) or an environment variable of the controller.
     */
    public record SecretSource(String file, String env) {

        /** How an observed SecureString whose value differs from its source's is shown: never the value. */
        public static final String CHANGED = "(secret) changed";

        /** What plans show as the declared value: the source, never what it holds. */
        @Override
        public String toString() {
            return file != null ? "(secret) from file " + file : "(secret) from env " + env;
        }
    }

    public ParameterSpec {
        tags = Specs.tags(tags);
        management = Specs.management(management);
    }

    public boolean secure() {
        return Types.SECURE_STRING.equals(type);
    }

    @Override
    public List<Reference> references() {
        return List.of();
    }

    /**
     * The value is compared as declared: a String's text, or for a SecureString its source, which the
     * driver reports back when the live value's digest matches the digest of what the source holds.
     */
    @Override
    public Map<String, Object> properties() {
        return new Fields()
                .put(NAME, name)
                .put(TYPE, type)
                .put(VALUE, secure() ? valueFrom : value)
                .put(DESCRIPTION, description)
                .put(TIER, tier)
                .put(KMS_KEY_ID, kmsKeyId)
                .build();
    }

    /** Parameter Store cannot rename a parameter nor change its type (String to SecureString and back). */
    @Override
    public Set<String> replacementFields() {
        return Set.of(NAME, TYPE);
    }
}
