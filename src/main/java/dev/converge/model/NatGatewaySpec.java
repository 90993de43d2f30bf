package dev.converge.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** A public NAT gateway in a (public) subnet, with an Elastic IP that Converge allocates for it. */
public record NatGatewaySpec(@SpecField(required = true) String subnet, Map<String, String> tags, Management management) implements KindSpec {

    public static final String KIND = "NatGateway";

    /** The spec's field names, as written in YAML; every use of a field name goes through these. */
    public static final String SUBNET = "subnet";

    public NatGatewaySpec {
        tags = Specs.tags(tags);
        management = Specs.management(management);
    }

    @Override
    public List<Reference> references() {
        return subnet == null ? List.of() : List.of(Reference.ordering(SubnetSpec.KIND, subnet, SUBNET));
    }

    @Override
    public Map<String, Object> properties() {
        return new Fields().put(SUBNET, subnet).build();
    }

    @Override
    public Set<String> replacementFields() {
        return Set.of(SUBNET);
    }
}
