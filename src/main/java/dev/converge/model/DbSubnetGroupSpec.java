package dev.converge.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** An RDS DB subnet group: the subnets, in at least two zones, that a database cluster may place instances in. */
public record DbSubnetGroupSpec(String description, @SpecField(required = true) List<String> subnets, Map<String, String> tags, Management management)
        implements KindSpec {

    public static final String KIND = "DbSubnetGroup";

    /** The spec's field names, as written in YAML; every use of a field name goes through these. */
    public static final String DESCRIPTION = "description";
    public static final String SUBNETS = "subnets";

    public DbSubnetGroupSpec {
        subnets = Specs.copy(subnets);
        tags = Specs.tags(tags);
        management = Specs.management(management);
    }

    /** The group's AWS name; unique per account and region, so it carries the environment. */
    public static String groupName(String environment, String name) {
        return environment + "-" + name;
    }

    @Override
    public List<Reference> references() {
        List<Reference> references = new ArrayList<>();
        Specs.addOrdering(references, SubnetSpec.KIND, subnets, SUBNETS);
        return List.copyOf(references);
    }

    @Override
    public Map<String, Object> properties() {
        return new Fields()
                .put(DESCRIPTION, description)
                .put(SUBNETS, subnets == null ? null : new TreeSet<>(subnets))
                .build();
    }

    @Override
    public Set<String> replacementFields() {
        return Set.of();
    }
}
