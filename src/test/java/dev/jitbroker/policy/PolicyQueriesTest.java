package dev.jitbroker.policy;

import static dev.jitbroker.policy.PolicyFixtures.ALICE;
import static dev.jitbroker.policy.PolicyFixtures.BOB;
import static dev.jitbroker.policy.PolicyFixtures.RGS;
import static dev.jitbroker.policy.PolicyFixtures.requester;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyQueriesTest {

  private static final String YAML = """
      # kept verbatim
      rules:
        - name: readers
          match:
            scopes: [%1$sapp-*, %1$sshared/**]
            roles: [Reader, acdd72a7-3385-48ef-bd42-f606fba81ae7]
            grantTypes: [azure-rbac]
          constraints: { maxDuration: PT2H }
          outcome:
            auto:
              maxDuration: PT4H
              window: { days: [MON, TUE, WED, FRI], from: "08:00", to: "18:00", zone: Europe/Berlin }
        - name: leads-only
          match:
            scopes: [%1$sprod]
            requesters: { users: [%2$s], groups: [leads] }
          constraints: { maxDuration: PT1H }
          outcome:
            approval:
              approvers: { groups: [ops] }
              quorum: 1
        - name: never
          match: { roles: [Owner] }
          outcome: { deny: { message: No. } }
      """.formatted(RGS, ALICE);

  private final Policy policy = Policy.parse(YAML);

  @Test
  void text_isTheDocumentAsGiven() {
    assertSame(YAML, policy.text());
  }

  @Test
  void eligibleFor_describesAutoRules_withTheirEffectiveMaximumAndWindow() {
    EligibleRule readers = policy.eligibleFor(requester(BOB)).get(0);

    assertEquals(new EligibleRule("readers", List.of(RGS + "app-*", RGS + "shared/**"),
        List.of("Reader", "acdd72a7-3385-48ef-bd42-f606fba81ae7"), List.of("azure-rbac"), "auto",
        Duration.ofHours(2), null, "MON-WED, FRI 08:00-18:00 Europe/Berlin"), readers);
  }

  @Test
  void eligibleFor_describesApprovalRules_andSkipsDenyRulesAndRulesForOthers() {
    assertEquals(List.of("readers"), policy.eligibleFor(requester(BOB)).stream().map(EligibleRule::rule).toList());

    List<EligibleRule> forLead = policy.eligibleFor(requester(BOB, "LEADS"));
    assertEquals(List.of("readers", "leads-only"), forLead.stream().map(EligibleRule::rule).toList());
    EligibleRule leadsOnly = forLead.get(1);
    assertEquals("approval", leadsOnly.outcome());
    assertEquals(Duration.ofHours(1), leadsOnly.maxDuration());
    assertEquals(new ApprovalRule(new ApproverSet(Set.of(), Set.of("ops"), Set.of()), 1, true, null, null),
        leadsOnly.approval());
    assertNull(leadsOnly.window());
    assertEquals(List.of(), leadsOnly.roles());
    assertEquals(List.of(), leadsOnly.grantTypes());

    assertEquals(2, policy.eligibleFor(requester(ALICE)).size());
  }
}
