package dev.converge.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.converge.aws.ec2.NatGatewayDriver;
import dev.converge.model.Mode;
import dev.converge.plan.ObservedResource;
import dev.converge.plan.ObservedState;
import dev.converge.testing.Harness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.DeleteNatGatewayRequest;
import software.amazon.awssdk.services.ec2.model.DeleteNatGatewayResponse;
import software.amazon.awssdk.services.ec2.model.DescribeAddressesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeAddressesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeNatGatewaysRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNatGatewaysResponse;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayAddress;
import software.amazon.awssdk.services.ec2.model.ReleaseAddressRequest;
import software.amazon.awssdk.services.ec2.model.ReleaseAddressResponse;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Deleting a NAT gateway as AWS does it: DeleteNatGateway answers at once, the gateway is
 * {@code deleting} for minutes and only then {@code deleted}, and its Elastic IP can be released only
 * after that. moto deletes at once, so this drives the driver with an EC2 client answering in the
 * shape of the AWS documentation (DescribeNatGateways states, NatGatewayAddresses.AllocationId). It
 * lives here to build the clients from that EC2 client.
 */
class NatGatewayDeleteTest {

    private static final Map<String, String> TAGS = Map.of("Name", "egress", "converge:managed-by", Harness.CONTROLLER,
            "converge:environment", "it", "converge:resource", "NatGateway/egress", "team", "platform");

    private final AwsLikeEc2 ec2 = new AwsLikeEc2();
    private final NatGatewayDriver driver = new NatGatewayDriver();
    private final DriverContext context = new DriverContext(Harness.environment("it", Mode.ENFORCE), Harness.CONTROLLER,
            AwsClients.builder(List.of()).client(Ec2Client.class, () -> ec2).build(), new ObservedState());

    @Test
    void aDeleteDoesNotWaitForAws_itReportsWaiting_andALaterPassReleasesTheAddressOnceTheGatewayIsGone() {
        ObservedResource live = driver.observe(List.of(), context).get(0);

        assertThatThrownBy(() -> driver.delete(live, context)).isInstanceOf(Waiting.class)
                .hasMessage("NAT gateway nat-0a1b is deleting; its Elastic IP is released, and what it is in can go,"
                        + " once AWS has deleted it");
        assertThat(ec2.released).isEmpty();

        ObservedResource deleting = driver.observe(List.of(), context).get(0);
        assertThat(deleting.awsId()).isEqualTo("nat-0a1b");
        assertThat(deleting.progress()).isEqualTo("NAT gateway deleting");
        ec2.state = "deleted";
        ObservedResource deleted = driver.observe(List.of(), context).get(0);
        driver.delete(deleted, context);

        assertThat(ec2.released).containsExactly("eipalloc-5723d13e");
        assertThat(ec2.deleteCalls).as("a deleted gateway is not deleted again").isEqualTo(1);
        assertThat(driver.observe(List.of(), context)).as("gone, address released").isEmpty();
    }

    /** One gateway and its address, moving through the states AWS reports. */
    private static final class AwsLikeEc2 implements Ec2Client {
        String state = "available";
        int deleteCalls;
        final List<String> released = new ArrayList<>();

        @Override
        public DescribeNatGatewaysResponse describeNatGateways(DescribeNatGatewaysRequest request) {
            return DescribeNatGatewaysResponse.builder().natGateways(NatGateway.builder()
                    .natGatewayId("nat-0a1b").subnetId("subnet-7b16de0c").state(state)
                    .natGatewayAddresses(NatGatewayAddress.builder().allocationId("eipalloc-5723d13e").build())
                    .tags(tags()).build()).build();
        }

        @Override
        public DeleteNatGatewayResponse deleteNatGateway(DeleteNatGatewayRequest request) {
            deleteCalls++;
            state = "deleting";
            return DeleteNatGatewayResponse.builder().natGatewayId(request.natGatewayId()).build();
        }

        @Override
        public DescribeAddressesResponse describeAddresses(DescribeAddressesRequest request) {
            if (!released.isEmpty()) {
                return DescribeAddressesResponse.builder().build();
            }
            return DescribeAddressesResponse.builder().addresses(Address.builder().allocationId("eipalloc-5723d13e")
                    .associationId("deleted".equals(state) ? null : "eipassoc-2bebb745").tags(tags()).build()).build();
        }

        @Override
        public ReleaseAddressResponse releaseAddress(ReleaseAddressRequest request) {
            released.add(request.allocationId());
            return ReleaseAddressResponse.builder().build();
        }

        private static List<Tag> tags() {
            return TAGS.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        }

        @Override
        public String serviceName() {
            return "ec2";
        }

        @Override
        public void close() {}
    }
}
