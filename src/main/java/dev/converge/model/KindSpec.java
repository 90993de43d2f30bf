package dev.converge.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code spec} section of one resource document; one implementation per kind. */
public interface KindSpec {

    /** The field names every kind has; each kind's record names its own fields. */
    String TAGS = "tags";
    String MANAGEMENT = "management";

    /** Tags declared on the resource itself, merged over the environment's default tags. */
    Map<String, String> tags();

    Management management();

    /** Other resources this one names. */
    List<Reference> references();

    /**
     * The fields this spec declares, normalised so that they compare equal to the same fields read
     * back from AWS. Fields the spec leaves out are absent and therefore never enforced.
     */
    Map<String, Object> properties();

    /** Fields AWS cannot change in place: a difference there needs the resource to be replaced. */
    Set<String> replacementFields();

    /** Fields shown only as a digest: those its record marks {@code @SpecField(sensitive = true)}. */
    default Set<String> sensitiveFields() {
        return Sensitive.fieldsOf(getClass());
    }
}
