package dev.converge.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A subnet of a VPC in one availability zone; public subnets map public IPs on launch. */
public record SubnetSpec(
        @SpecField(required = true) String vpc,
        @SpecField(required = true) String zone,
        @SpecField(required = true) String cidr,
        @JsonProperty("public") Boolean isPublic,
        Map<String, String> tags,
        Management management)
        implements KindSpec {

    public static final String KIND = "Subnet";

    public SubnetSpec {
        tags = Specs.tags(tags);
        management = Specs.management(management);
    }

    @Override
    public List<Reference> references() {
        return vpc == null ? List.of() : List.of(Reference.ordering(VpcSpec.KIND, vpc, "vpc"));
    }

    @Override
    public Map<String, Object> properties() {
        return new Fields()
                .put("vpc", vpc)
                .put("zone", zone)
                .put("cidr", cidr == null ? null : Cidr.normalize(cidr))
                .put("public", isPublic)
                .build();
    }

    @Override
    public Set<String> replacementFields() {
        return Set.of("vpc", "zone", "cidr");
    }
}
