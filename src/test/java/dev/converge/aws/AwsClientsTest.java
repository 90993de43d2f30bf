package dev.converge.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Closing an environment's clients also closes what provides their credentials: the SDK closes neither a
 * provider given to a client nor the STS client given to a provider, and an assumed role's provider keeps
 * refreshing in the background until it is closed.
 */
class AwsClientsTest {

    @Test
    void closingTheClientsClosesTheirCredentialProvidersInOrder() {
        List<String> closed = new ArrayList<>();
        SdkAutoCloseable role = () -> closed.add("assumed role");
        SdkAutoCloseable sts = () -> closed.add("its sts client");
        SdkAutoCloseable base = () -> closed.add("default chain");
        AwsClients clients = AwsClients.builder(List.of(role, sts, base)).build();

        clients.close();

        assertThat(closed).containsExactly("assumed role", "its sts client", "default chain");
    }
}
