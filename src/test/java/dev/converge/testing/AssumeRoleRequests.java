package dev.converge.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/**
 * Every AssumeRole request the SDK is about to send in this test JVM. moto accepts {@code ExternalId} and
 * {@code SourceIdentity} but no API reads them back, so tests look at the request itself. Registered for all
 * clients as an SDK global interceptor ({@code software/amazon/awssdk/global/handlers/execution.interceptors}
 * in the test resources), so Converge's code builds its clients exactly as in production.
 */
public final class AssumeRoleRequests implements ExecutionInterceptor {

    private static final List<AssumeRoleRequest> SENT = new CopyOnWriteArrayList<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (context.request() instanceof AssumeRoleRequest request) {
            SENT.add(request);
        }
    }

    /** The requests sent for the role so far. */
    public static List<AssumeRoleRequest> forRole(String roleArn) {
        return SENT.stream().filter(r -> roleArn.equals(r.roleArn())).toList();
    }

}
