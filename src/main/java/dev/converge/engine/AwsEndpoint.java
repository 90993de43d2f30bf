package dev.converge.engine;

import java.net.URI;
import java.util.Optional;

/**
 * Where Converge's AWS clients send their requests: an override (an emulator), or empty for real AWS.
 * Asked only when the first AWS client is built, so commands that never reach AWS start nothing.
 */
public interface AwsEndpoint {

    Optional<URI> uri();
}
