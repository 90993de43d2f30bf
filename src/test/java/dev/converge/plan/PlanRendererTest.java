package dev.converge.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlanRendererTest {

    @Test
    void rendersEachEnvironmentAsAnAlignedDiff_setsAsElementsAddedAndRemoved_thenTheSummary() {
        String text = new PlanRenderer(false).render(PlanExamples.everyAction());

        assertThat(text).isEqualTo("""
                Environment prod
                  + create               Vpc/main
                      cidr:  10.50.0.0/16
                      tags:
                        Name:                  main
                        converge:environment:  prod
                  ~ update               Bucket/uploads
                      versioning:  false → true
                      encryption:  (none) → {algorithm: AES256, bucketKey: false}
                  ~ update               SecurityGroup/bastion
                      ingress:
                        - tcp 22 0.0.0.0/0
                      tags:
                        team:  web → platform
                  ! replacement blocked  Subnet/app-a
                      zone:  us-east-1a → us-east-1b
                      # zone cannot change in place; set management.allowReplacement to replace
                  - delete               RouteTable/old
                      # removed from the spec; prune is on
                  ? orphan               Subnet/legacy
                      # removed from the spec; prune is off, so it is left in place
                  x conflict             Bucket/logs
                      # acme-logs already exists without Converge's ownership tags; it is never changed
                  ⊘ delete refused       Subnet/data-a
                      # refused to delete 3 of 4 managed resources (75%): more than the limit of 25%

                Environment dev: no changes

                Plan: 1 to create, 2 to update, 1 to delete, 4 reported.
                """);
    }

    @Test
    void colourIsOnlyAddedWhenAsked_andChangesNothingElse() {
        List<Plan> plans = PlanExamples.everyAction();

        String coloured = new PlanRenderer(true).render(plans);

        assertThat(coloured).contains("\u001b[32m+ create").contains("\u001b[31m- tcp 22 0.0.0.0/0\u001b[0m");
        assertThat(coloured.replaceAll("\u001b\\[\\d+m", "")).isEqualTo(new PlanRenderer(false).render(plans));
        assertThat(new PlanRenderer(false).render(plans)).doesNotContain("\u001b");
    }

    @Test
    void anEmptyPlanSaysSo() {
        assertThat(new PlanRenderer(false).render(List.of(new Plan("prod", List.of()))))
                .isEqualTo("Environment prod: no changes\n\nPlan: 0 to create, 0 to update, 0 to delete, 0 reported.\n");
    }
}
