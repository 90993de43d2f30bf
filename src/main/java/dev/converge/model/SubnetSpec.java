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

    /** The spec's field names, as written in YAML; every use of a field name goes through these. */
    public static final String VPC = "vpc";
    public static final String ZONE = "zone";
    public static final String CIDR = "cidr";
    public static final String PUBLIC = "public";

    public SubnetSpec {
        tags = Specs.tags(tags);
        management = Specs.management(management);
    }

    @Override
    public List<Reference> references() {
        return vpc == null ? List.of() : List.of(Reference.ordering(VpcSpec.KIND, vpc, VPC));
    }

    @Override
    public Map<String, Object> properties() {
        return new Fields()
                .put(VPC, vpc)
                .put(ZONE, zone)
                .put(CIDR, cidr == null ? null : Cidr.normalize(cidr))
                .put(PUBLIC, isPublic)
                .build();
    }

    @Override
    public Set<String> replacementFields() {
        return Set.of(VPC, ZONE, CIDR);
    }
}
