package dev.converge.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookAuthenticationTest {

    private static final byte[] BODY = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "sha256=" + hmacOfBodyWithSecret();

    @Test
    void theSignature_isCheckedWhateverTheCaseOfItsHexDigits() {
        assertThat(WebhookAuthentication.accepts("secret", BODY, SIGNATURE, null)).isTrue();
        assertThat(WebhookAuthentication.accepts("secret", BODY, SIGNATURE.toUpperCase().replace("SHA256=", "sha256="), null)).isTrue();
        assertThat(WebhookAuthentication.accepts("other", BODY, SIGNATURE, null)).isFalse();
    }

    @Test
    void aWrongSignature_isNotRescuedByAnAuthorizationHeader() {
        assertThat(WebhookAuthentication.accepts("secret", BODY, "sha256=00", "Bearer secret")).isFalse();
    }

    @Test
    void theBearerSecret_mustMatchExactly() {
        assertThat(WebhookAuthentication.accepts("secret", BODY, null, "Bearer secret")).isTrue();
        assertThat(WebhookAuthentication.accepts("secret", BODY, null, "Bearer secre")).isFalse();
        assertThat(WebhookAuthentication.accepts("secret", BODY, null, "Basic c2VjcmV0")).isFalse();
    }

    @Test
    void anEmptySecret_acceptsNothing() {
        assertThat(WebhookAuthentication.accepts("", BODY, null, "Bearer ")).isFalse();
        assertThat(WebhookAuthentication.accepts("", BODY, null, null)).isFalse();
    }

    private static String hmacOfBodyWithSecret() {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec("secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(BODY));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
