package dev.converge.aws;

import java.io.IOException;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The HTTP layer of one client, with every request run through the client's {@link CallGuard}. Sitting
 * below the SDK's marshalling and signing, it serves every service alike; the signed request is sent
 * again as it is, its body re-read from the SDK's replayable content provider.
 */
final class ResilientHttpClient implements SdkHttpClient {

    private final SdkHttpClient delegate;
    private final CallGuard guard;

    ResilientHttpClient(SdkHttpClient delegate, CallGuard guard) {
        this.delegate = delegate;
        this.guard = guard;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new GuardedRequest(request);
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }

    private final class GuardedRequest implements ExecutableHttpRequest {
        private final HttpExecuteRequest request;
        private volatile ExecutableHttpRequest attempt;
        private volatile boolean aborted;

        GuardedRequest(HttpExecuteRequest request) {
            this.request = request;
        }

        @Override
        public HttpExecuteResponse call() throws IOException {
            return guard.execute(() -> {
                if (aborted) {
                    throw new AbortedException(null);
                }
                attempt = delegate.prepareRequest(request);
                try {
                    return HttpAttempt.of(attempt.call());
                } catch (IOException e) {
                    throw aborted ? new AbortedException(e) : e;
                }
            });
        }

        @Override
        public void abort() {
            aborted = true;
            ExecutableHttpRequest current = attempt;
            if (current != null) {
                current.abort();
            }
        }
    }

    /** The SDK gave up on the call (its timeout ran out): not a failure of AWS, and not to be retried. */
    static final class AbortedException extends IOException {
        AbortedException(IOException cause) {
            super("request aborted", cause);
        }
    }
}
