package dev.jitbroker.policy;

import static dev.jitbroker.policy.PolicyFixtures.ALICE;
import static dev.jitbroker.policy.PolicyFixtures.BOB;
import static dev.jitbroker.policy.PolicyFixtures.CAROL;
import static dev.jitbroker.policy.PolicyFixtures.DAVE;
import static dev.jitbroker.policy.PolicyFixtures.approver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ApprovalRuleTest {

  private static final String REQUESTER = "eeeeeeee-0000-4000-8000-00000000000e";
  private static final String PRINCIPAL = "ffffffff-0000-4000-8000-00000000000f";
  private static final Instant ROUTED = Instant.parse("2026-01-05T09:00:00Z");

  private static final ApproverSet LEADS = new ApproverSet(Set.of(ALICE), Set.of("platform-leads"), Set.of("approver"));
  private static final ApproverSet ADMINS = new ApproverSet(Set.of(), Set.of("managers"), Set.of("admin"));

  private static ApprovalRule rule(int quorum, boolean denyEndsIt) {
    return new ApprovalRule(new ApproverSet(Set.of(ALICE, BOB, CAROL), Set.of(), Set.of()), quorum, denyEndsIt, null, null);
  }

  private static Vote yes(String id) {
    return new Vote(id, true);
  }

  private static Vote no(String id) {
    return new Vote(id, false);
  }

  @Nested
  class Tallying {

    @Test
    void noVotes_isPending() {
      assertEquals(Tally.PENDING, rule(1, true).tally(List.of(), REQUESTER));
    }

    @Test
    void quorumOfOne_isApprovedByOneApproval() {
      assertEquals(Tally.APPROVED, rule(1, true).tally(List.of(yes(ALICE)), REQUESTER));
    }

    @Test
    void quorumOfTwoOfThree_needsTwoDistinctApprovers() {
      ApprovalRule twoOfThree = rule(2, true);
      assertEquals(Tally.PENDING, twoOfThree.tally(List.of(yes(ALICE)), REQUESTER));
      assertEquals(Tally.APPROVED, twoOfThree.tally(List.of(yes(ALICE), yes(CAROL)), REQUESTER));
      assertEquals(Tally.APPROVED, twoOfThree.tally(List.of(yes(ALICE), yes(BOB), yes(CAROL)), REQUESTER));
    }

    @Test
    void repeatedVotesOfOneApprover_countOnce_whateverTheirCase() {
      List<Vote> votes = List.of(yes(ALICE), yes(ALICE), yes(ALICE.toUpperCase()));
      assertEquals(Tally.PENDING, rule(2, true).tally(votes, REQUESTER));
    }

    @Test
    void theRequestersOwnVote_neverCounts() {
      assertEquals(Tally.PENDING, rule(1, true).tally(List.of(yes(REQUESTER)), REQUESTER));
      assertEquals(Tally.PENDING, rule(1, true).tally(List.of(yes(REQUESTER.toUpperCase())), REQUESTER));
      assertEquals(Tally.PENDING, rule(1, true).tally(List.of(no(REQUESTER)), REQUESTER));
    }

    @Test
    void withDenyEndsIt_oneDenialDenies_evenNextToApprovals() {
      assertEquals(Tally.DENIED, rule(2, true).tally(List.of(no(BOB)), REQUESTER));
      assertEquals(Tally.DENIED, rule(2, true).tally(List.of(yes(ALICE), no(BOB), yes(CAROL)), REQUESTER));
    }

    @Test
    void withoutDenyEndsIt_denialsDoNotBlockOthersFromApproving() {
      ApprovalRule lenient = rule(1, false);
      assertEquals(Tally.PENDING, lenient.tally(List.of(no(BOB)), REQUESTER));
      assertEquals(Tally.APPROVED, lenient.tally(List.of(no(BOB), yes(ALICE)), REQUESTER));
    }

    @Test
    void anApproversFirstVote_isTheOneThatCounts() {
      assertEquals(Tally.PENDING, rule(1, false).tally(List.of(no(BOB), yes(BOB)), REQUESTER));
      assertEquals(Tally.APPROVED, rule(1, true).tally(List.of(yes(BOB), no(BOB)), REQUESTER));
    }
  }

  @Nested
  class WhoMayDecide {

    private final ApprovalRule rule = new ApprovalRule(LEADS, 1, true, Duration.ofHours(4),
        new Escalation(Duration.ofHours(1), ADMINS));

    private Eligibility check(Approver who, Instant now) {
      return rule.eligibility(who, REQUESTER, PRINCIPAL, ROUTED, now);
    }

    @Test
    void theRequester_mayNotDecide_evenWhenNamedAsApprover() {
      ApprovalRule namesRequester = new ApprovalRule(new ApproverSet(Set.of(REQUESTER), Set.of(), Set.of()), 1, true, null, null);
      Eligibility e =
          namesRequester.eligibility(approver(REQUESTER.toUpperCase(), Set.of(), Set.of("approver")), REQUESTER, PRINCIPAL, ROUTED, ROUTED);
      assertEquals(Eligibility.no("You asked for this access, so you cannot approve it."), e);
    }

    @Test
    void thePrincipal_mayNotDecide_evenWithTheApproverRole() {
      Eligibility e = check(approver(PRINCIPAL, Set.of("platform-leads"), Set.of("approver")), ROUTED);
      assertFalse(e.eligible());
      assertEquals("This access would be granted to you, so you cannot approve it.", e.reason());
    }

    @Test
    void aNamedUser_aGroupMember_andARoleHolder_mayDecide() {
      assertEquals(Eligibility.YES, check(approver(ALICE.toUpperCase(), Set.of(), Set.of()), ROUTED));
      assertEquals(Eligibility.YES, check(approver(DAVE, Set.of("Platform-Leads"), Set.of()), ROUTED));
      assertEquals(Eligibility.YES, check(approver(DAVE, Set.of(), Set.of("approver")), ROUTED));
    }

    @Test
    void aNonMember_isToldWhoMayDecide() {
      Eligibility e = check(approver(DAVE, Set.of("dev"), Set.of("auditor")), ROUTED);
      assertEquals(Eligibility.no("Only members of group platform-leads, user " + ALICE
          + ", or holders of role approver may decide requests routed by this rule. After PT1H without a decision, "
          + "members of group managers or holders of role admin may too."), e);
    }

    @Test
    void anEscalationApprover_mayDecideOnlyFromTheEscalation() {
      Approver admin = approver(DAVE, Set.of(), Set.of("admin"));
      Instant opens = ROUTED.plus(Duration.ofHours(1));

      Eligibility before = check(admin, opens.minusSeconds(1));
      assertFalse(before.eligible());
      assertTrue(before.reason().contains("2026-01-05T10:00:00Z"), before.reason());
      assertEquals(Eligibility.YES, check(admin, opens));
      assertEquals(Eligibility.YES, check(admin, opens.plus(Duration.ofMinutes(30))));
      assertEquals(Eligibility.YES, check(approver(DAVE, Set.of("MANAGERS"), Set.of()), opens));
    }

    @Test
    void aPrimaryApprover_mayDecideBeforeTheEscalation() {
      assertEquals(Eligibility.YES,
          check(approver(DAVE, Set.of("platform-leads"), Set.of("admin")), ROUTED));
    }
  }

  @Nested
  class SelfValidation {

    @Test
    void quorumBelowOne_isRefused() {
      assertThrows(IllegalArgumentException.class, () -> rule(0, true));
    }

    @Test
    void anEmptyApproverSet_isRefused() {
      ApproverSet nobody = new ApproverSet(Set.of(), Set.of(), Set.of());
      assertThrows(IllegalArgumentException.class, () -> new ApprovalRule(nobody, 1, true, null, null));
      assertThrows(IllegalArgumentException.class, () -> new Escalation(Duration.ofHours(1), nobody));
    }

    @Test
    void anEscalationAtOrAfterTheTimeout_isRefused() {
      Escalation atTwoHours = new Escalation(Duration.ofHours(2), ADMINS);
      assertThrows(IllegalArgumentException.class, () -> new ApprovalRule(LEADS, 1, true, Duration.ofHours(2), atTwoHours));
      assertThrows(IllegalArgumentException.class, () -> new Escalation(Duration.ZERO, ADMINS));
    }

    @Test
    void approverSets_compareGroupsAndRolesIgnoringCase() {
      ApproverSet set = new ApproverSet(Set.of(), Set.of("Ops"), Set.of("Approver"));
      assertTrue(set.includes(approver(DAVE, Set.of("OPS"), Set.of())));
      assertTrue(set.includes(approver(DAVE, Set.of(), Set.of("approver"))));
      assertFalse(set.includes(approver(DAVE, Set.of("dev"), Set.of("auditor"))));
    }
  }
}
