package dev.converge.aws;

import dev.converge.aws.ec2.SecurityGroupDriver;
import dev.converge.aws.ec2.VpcDriver;
import java.util.List;

/** Every resource driver, in the order kinds are observed and created: what a kind refers to comes first. */
public final class Drivers {

    private Drivers() {}

    public static List<ResourceDriver> all() {
        return List.of(new VpcDriver(), new SecurityGroupDriver());
    }

    public static List<String> kindOrder(List<ResourceDriver> drivers) {
        return drivers.stream().map(ResourceDriver::kind).toList();
    }
}
