package dev.jitbroker.policy;

import static dev.jitbroker.policy.PolicyFixtures.errors;
import static dev.jitbroker.policy.PolicyFixtures.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A rule's {@code decisions}: where its approvers' decisions may come from. */
class DecisionChannelsTest {

  private static String rule(String decisions) {
    return """
        rules:
          - name: prod
            match:
              scopes: [/subscriptions/11111111-2222-3333-4444-555555555555/**]
            outcome:
              approval:
                approvers: { roles: [approver] }
        """ + (decisions == null ? "" : "        decisions: " + decisions + "\n");
  }
  // decisions is on line 8

  private static ApprovalRule approval(String decisions) {
    return policy(rule(decisions)).approvalRule("prod").orElseThrow();
  }

  @Test
  void withoutDecisions_onlyTheApiDecides() {
    ApprovalRule rule = approval(null);
    assertTrue(rule.allows(DecisionChannel.API));
    assertFalse(rule.allows(DecisionChannel.CHAT));
    assertFalse(rule.allows(DecisionChannel.WEBHOOK));
  }

  @Test
  void listedChannels_decide_andOthersDoNot() {
    ApprovalRule rule = approval("[api, chat]");
    assertEquals(Set.of(DecisionChannel.API, DecisionChannel.CHAT), rule.decisions());
    assertFalse(rule.allows(DecisionChannel.WEBHOOK));
    assertEquals(Set.of(DecisionChannel.values()), approval("[api, chat, webhook]").decisions());
  }

  @Test
  void aListWithoutApi_isAnError_atItsLine() {
    List<PolicyError> errors = errors(rule("[chat, webhook]"));
    assertEquals(1, errors.size(), errors::toString);
    assertEquals(8, errors.get(0).line());
    assertTrue(errors.get(0).message().contains("must include api"), errors::toString);
  }

  @Test
  void anUnknownChannel_isAnError_namingTheKnownOnes() {
    List<PolicyError> errors = errors(rule("[api, email]"));
    assertEquals(8, errors.get(0).line());
    assertTrue(errors.get(0).message().contains("'email' is not a decision channel (known: api, chat, webhook)"),
        errors::toString);
  }

  @Test
  void anEmptyOrScalarList_isAnError() {
    assertEquals(8, errors(rule("[]")).get(0).line());
    assertTrue(errors(rule("chat")).get(0).message().contains("must be a list"));
  }

  @Test
  void aRuleBuiltWithoutApi_isRefused() {
    ApproverSet anyone = new ApproverSet(Set.of(), Set.of(), Set.of("approver"));
    assertThrows(IllegalArgumentException.class,
        () -> new ApprovalRule(anyone, 1, true, null, null, Set.of(DecisionChannel.CHAT)));
  }
}
