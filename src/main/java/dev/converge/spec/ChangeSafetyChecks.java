package dev.converge.spec;

import dev.converge.model.Acknowledgement;
import dev.converge.model.Adoption;
import dev.converge.model.ApprovalPolicy;
import dev.converge.model.KindSpec;
import dev.converge.model.Resource;
import java.util.List;
import java.util.Set;

/** Checks what governs how changes reach AWS: approval policies, acknowledgements and adoption. */
final class ChangeSafetyChecks {

    private static final String MANAGEMENT = "/spec/" + KindSpec.MANAGEMENT;

    private final Findings findings;

    ChangeSafetyChecks(Findings findings) {
        this.findings = findings;
    }

    void environment(ApprovalPolicy approval, DocumentSource source) {
        policy(approval, "/spec/approval", source);
    }

    void resource(Declaration.OfResource declaration, Set<String> fields) {
        Resource resource = declaration.resource();
        DocumentSource source = declaration.source();
        policy(resource.management().approval(), MANAGEMENT + "/approval", source);
        List<Acknowledgement> acknowledgements = resource.management().acknowledge();
        for (int i = 0; i < acknowledgements.size(); i++) {
            acknowledgement(acknowledgements.get(i), MANAGEMENT + "/acknowledge/" + i, resource, fields, source);
        }
        Adoption.problem(resource).ifPresent(problem -> findings.at(source, MANAGEMENT + "/adopt", problem));
    }

    private void policy(ApprovalPolicy policy, String pointer, DocumentSource source) {
        if (policy == null) {
            return;
        }
        List<String> required = policy.required();
        for (int i = 0; i < required.size(); i++) {
            if (!ApprovalPolicy.STEPS.contains(required.get(i))) {
                findings.at(source, pointer + "/required/" + i, "'" + required.get(i) + "' is not a step that can need approval"
                        + " (steps: " + String.join(", ", ApprovalPolicy.STEPS) + ")");
            }
        }
    }

    private void acknowledgement(Acknowledgement acknowledgement, String pointer, Resource resource, Set<String> fields,
            DocumentSource source) {
        if (acknowledgement.fields().isEmpty()) {
            findings.at(source, pointer + "/fields", "an acknowledgement names the fields whose drift it accepts");
        }
        for (int i = 0; i < acknowledgement.fields().size(); i++) {
            String field = acknowledgement.fields().get(i);
            if (!fields.contains(field)) {
                findings.at(source, pointer + "/fields/" + i, "'" + field + "' is not a field of " + resource.kind()
                        + " (fields: " + String.join(", ", fields.stream().sorted().toList()) + ")");
            }
        }
        if (acknowledgement.reason() == null || acknowledgement.reason().isBlank()) {
            findings.at(source, pointer + "/reason", "an acknowledgement says why the drift is accepted: reason is required");
        }
        if (acknowledgement.until() == null) {
            findings.at(source, pointer + "/until", "an acknowledgement expires: until is required, a day as YYYY-MM-DD");
        } else if (acknowledgement.untilDay().isEmpty()) {
            findings.at(source, pointer + "/until", "'" + acknowledgement.until() + "' is not a day as YYYY-MM-DD");
        }
    }
}
