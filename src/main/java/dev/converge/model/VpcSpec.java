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
                .put("cidr", cidr == null ? null : Cidr.normalize(cidr))
                .put("enableDnsSupport", enableDnsSupport)
                .put("enableDnsHostnames", enableDnsHostnames)
                .put("internetGateway", internetGateway)
                .build();
    }

    @Override
    public Set<String> replacementFields() {
        return Set.of("cidr");
    }
}
