package dev.converge.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** A VPC with its DNS attributes and, optionally, an attached internet gateway. */
public record VpcSpec(
        @SpecField(required = true) String cidr,
        Boolean enableDnsSupport,
        Boolean enableDnsHostnames,
        Boolean internetGateway,
        Map<String, String> tags,
        Management management)
        implements KindSpec {

    public static final String KIND = "Vpc";

    /** The spec's field names, as written in YAML; every use of a field name goes through these. */
    public static final String CIDR = "cidr";
    public static final String ENABLE_DNS_SUPPORT = "enableDnsSupport";
    public static final String ENABLE_DNS_HOSTNAMES = "enableDnsHostnames";
    public static final String INTERNET_GATEWAY = "internetGateway";

    public VpcSpec {
        tags = Specs.tags(tags);
        management = Specs.management(management);
    }

    @Override
    public List<Reference> references() {
        return List.of();
    }

    @Override
    public Map<String, Object> properties() {
        return new Fields()
                .put(CIDR, cidr == null ? null : Cidr.normalize(cidr))
                .put(ENABLE_DNS_SUPPORT, enableDnsSupport)
                .put(ENABLE_DNS_HOSTNAMES, enableDnsHostnames)
                .put(INTERNET_GATEWAY, internetGateway)
                .build();
    }

    @Override
    public Set<String> replacementFields() {
        return Set.of(CIDR);
    }
}
