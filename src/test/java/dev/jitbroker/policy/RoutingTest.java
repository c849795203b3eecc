package dev.jitbroker.policy;

import static dev.jitbroker.policy.PolicyFixtures.ALICE;
import static dev.jitbroker.policy.PolicyFixtures.BOB;
import static dev.jitbroker.policy.PolicyFixtures.MONDAY_10_BERLIN;
import static dev.jitbroker.policy.PolicyFixtures.RGS;
import static dev.jitbroker.policy.PolicyFixtures.SATURDAY_10_BERLIN;
import static dev.jitbroker.policy.PolicyFixtures.request;
import static dev.jitbroker.policy.PolicyFixtures.requester;
import static dev.jitbroker.policy.PolicyFixtures.routed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RoutingTest {

  /** Three rules of falling specificity for Reader on app-prod, each saying who decided. */
  private static final String LAYERED = """
      rules:
        - name: any-app
          match: { scopes: [%1$sapp-*] }
          outcome: { deny: { message: from any-app } }
        - name: catch-all
          match: { scopes: [/subscriptions/*/**] }
          outcome: { deny: { message: from catch-all } }
        - name: exact
          match: { scopes: [%1$sapp-prod] }
          outcome: { deny: { message: from exact } }
        - name: longer-pattern
          match: { scopes: [%1$sapp-p*] }
          outcome: { deny: { message: from longer-pattern } }
      """.formatted(RGS);

  private static String decider(String yaml, RequestFacts request) {
    return Policy.parse(yaml).route(request, MONDAY_10_BERLIN).rule();
  }

  @Nested
  class MostSpecificWins {

    @Test
    void exactScope_beatsAnyPattern() {
      assertEquals("exact", decider(LAYERED, request().scope(RGS + "app-prod").build()));
    }

    @Test
    void amongPatterns_moreLiteralCharactersWin() {
      assertEquals("longer-pattern", decider(LAYERED, request().scope(RGS + "app-preview").build()));
      assertEquals("any-app", decider(LAYERED, request().scope(RGS + "app-test").build()));
      assertEquals("catch-all", decider(LAYERED, request().scope(RGS + "web").build()));
    }

    @Test
    void aRuleWithScopes_beatsOneWithout_evenIfTheOtherNamesEverythingElse() {
      String yaml = """
          rules:
            - name: no-scope
              match: { roles: [Reader], requesters: { users: [%s] }, grantTypes: [azure-rbac] }
              outcome: { deny: { message: x } }
            - name: broad-scope
              match: { scopes: [/subscriptions/*/**] }
              outcome: { deny: { message: x } }
          """.formatted(ALICE);
      assertEquals("broad-scope", decider(yaml, request().build()));
    }

    @Test
    void withEqualScopes_aNamedRoleWins_thenUsersOverGroupsOverAnyone_thenNamedGrantTypes() {
      String yaml = """
          rules:
            - name: plain
              match: { scopes: [%1$sapp-*] }
              outcome: { deny: { message: x } }
            - name: typed
              match: { scopes: [%1$sapp-*], grantTypes: [azure-rbac] }
              outcome: { deny: { message: x } }
            - name: group
              match: { scopes: [%1$sapp-*], requesters: { groups: [ops] } }
              outcome: { deny: { message: x } }
            - name: user
              match: { scopes: [%1$sapp-*], requesters: { users: [%2$s] } }
              outcome: { deny: { message: x } }
            - name: role
              match: { scopes: [%1$sapp-*], roles: [Reader] }
              outcome: { deny: { message: x } }
          """.formatted(RGS, ALICE);
      Requester aliceInOps = requester(ALICE, "ops");
      Requester bobInOps = requester(BOB, "ops");

      assertEquals("role", decider(yaml, request().by(aliceInOps).build()));
      assertEquals("user", decider(yaml, request().by(aliceInOps).role("Contributor").build()));
      assertEquals("group", decider(yaml, request().by(bobInOps).role("Contributor").build()));
      assertEquals("typed", decider(yaml, request().by(requester(BOB)).role("Contributor").build()));
      assertEquals("plain", decider(yaml, request().by(requester(BOB)).role("Contributor").grantType("azure-pim").build()));
    }

    @Test
    void aRuleNamingUsersAndGroups_ranksByWhicheverAdmittedTheRequester() {
      String yaml = """
          rules:
            - name: users-and-groups
              match: { scopes: [%1$sapp-*], requesters: { users: [%2$s], groups: [ops] } }
              outcome: { deny: { message: x } }
            - name: group-only
              match: { scopes: [%1$sapp-*], requesters: { groups: [ops] } }
              outcome: { deny: { message: x } }
          """.formatted(RGS, ALICE);

      assertEquals("users-and-groups", decider(yaml, request().by(requester(ALICE, "ops")).build()));
      // Bob is admitted through the group by both rules: a tie, so document order decides.
      assertEquals("users-and-groups", decider(yaml, request().by(requester(BOB, "ops")).build()));
    }

    @Test
    void equallySpecificRules_areTriedInDocumentOrder() {
      // Both patterns keep five literal characters after the resource-group prefix.
      String yaml = """
          rules:
            - name: first
              match: { scopes: [%1$sapp-p*], roles: [Reader] }
              outcome: { deny: { message: x } }
            - name: second
              match: { scopes: [%1$s*-prod], roles: [Reader] }
              outcome: { deny: { message: x } }
          """.formatted(RGS);
      assertEquals("first", decider(yaml, request().build()));
    }
  }

  @Nested
  class AutoRulesStepAside {

    private final Policy policy = Policy.parse("""
        rules:
          - name: office-hours
            match: { scopes: [%1$sapp-*], roles: [Reader] }
            outcome:
              auto:
                maxDuration: PT2H
                window: { days: [MON-FRI], from: "08:00", to: "18:00", zone: Europe/Berlin }
          - name: ask
            match: { scopes: [%1$sapp-*] }
            outcome:
              approval:
                approvers: { roles: [approver] }
        """.formatted(RGS));

    @Test
    void insideItsWindowAndDuration_theAutoRuleApproves() {
      Routing.AutoApprove auto = routed(Routing.AutoApprove.class, policy.route(request().build(), MONDAY_10_BERLIN));
      assertEquals("office-hours", auto.rule());
      assertEquals(Duration.ofHours(2), auto.maxDuration());
    }

    @Test
    void outsideItsWindow_theNextRuleDecides() {
      assertEquals("ask", routed(Routing.NeedsApproval.class, policy.route(request().build(), SATURDAY_10_BERLIN)).rule());
    }

    @Test
    void longerThanItsMaximum_theNextRuleDecides() {
      RequestFacts threeHours = request().duration(Duration.ofHours(3)).build();
      assertEquals("ask", routed(Routing.NeedsApproval.class, policy.route(threeHours, MONDAY_10_BERLIN)).rule());
      RequestFacts twoHours = request().duration(Duration.ofHours(2)).build();
      assertEquals("office-hours", policy.route(twoHours, MONDAY_10_BERLIN).rule());
    }

    @Test
    void whenEveryMatchingRuleStepsAside_theRequestIsDenied() {
      Policy onlyAuto = Policy.parse("""
          rules:
            - name: office-hours
              match: { scopes: [%sapp-*] }
              outcome:
                auto: { window: { days: MON-FRI, zone: UTC } }
          """.formatted(RGS));
      Routing.Deny deny = routed(Routing.Deny.class, onlyAuto.route(request().build(), SATURDAY_10_BERLIN));
      assertNull(deny.rule());
    }
  }

  @Nested
  class Outcomes {

    private final Policy policy = Policy.parse("""
        rules:
          - name: readers
            match: { scopes: [%1$sapp-*], roles: [Reader] }
            constraints: { maxDuration: PT8H }
            outcome: { auto: { maxDuration: PT4H } }
          - name: contributors
            match: { scopes: [%1$sapp-*], roles: [Contributor] }
            constraints: { maxDuration: PT2H }
            outcome:
              approval:
                approvers: { groups: [leads] }
                quorum: 1
          - name: owners
            match: { roles: [Owner] }
            outcome: { deny: { message: "Owner is never granted just in time." } }
          - name: unlimited
            match: { scopes: [%1$sunlimited] }
            outcome: { auto: {} }
        """.formatted(RGS));

    @Test
    void auto_approvesWithTheShorterOfBothMaximums() {
      Routing routing = policy.route(request().build(), MONDAY_10_BERLIN);
      assertEquals(new Routing.AutoApprove("readers", Duration.ofHours(4)), routing);
    }

    @Test
    void auto_withoutAnyMaximum_leavesItToTheService() {
      Routing routing = policy.route(request().scope(RGS + "unlimited").build(), MONDAY_10_BERLIN);
      assertEquals(new Routing.AutoApprove("unlimited", null), routing);
    }

    @Test
    void approval_carriesTheApprovalRuleAndTheConstraintsMaximum() {
      Routing.NeedsApproval needs = routed(Routing.NeedsApproval.class,
          policy.route(request().role("Contributor").build(), MONDAY_10_BERLIN));
      assertEquals("contributors", needs.rule());
      assertEquals(Duration.ofHours(2), needs.maxDuration());
      assertEquals(new ApprovalRule(new ApproverSet(Set.of(), Set.of("leads"), Set.of()), 1, true, null, null),
          needs.approval());
      assertEquals(needs.approval(), policy.approvalRule("contributors").orElseThrow());
    }

    @Test
    void deny_showsTheRulesMessage() {
      Routing routing = policy.route(request().role("Owner").build(), MONDAY_10_BERLIN);
      assertEquals(new Routing.Deny("owners", "Owner is never granted just in time."), routing);
    }

    @Test
    void noMatchingRule_deniesNamingTheRequest() {
      Routing routing = policy.route(request().scope(RGS + "web").build(), MONDAY_10_BERLIN);
      assertEquals(new Routing.Deny(null, "No policy rule allows this request: " + RGS + "web, Reader, azure-rbac. "
          + "Ask your platform team for a rule that covers it."), routing);
    }

    @Test
    void approvalRule_isEmptyForOtherRulesAndUnknownNames() {
      assertEquals(Optional.empty(), policy.approvalRule("readers"));
      assertEquals(Optional.empty(), policy.approvalRule("owners"));
      assertEquals(Optional.empty(), policy.approvalRule("nope"));
    }
  }

  @Nested
  class ConstraintChecks {

    private final Policy policy = Policy.parse("""
        rules:
          - name: prod-write
            match: { scopes: [%sapp-*] }
            constraints:
              maxDuration: PT2H
              justification: { pattern: "^.{40,}$" }
              ticket: { required: true, pattern: "^(INC|CHG)-\\\\d+$" }
            outcome:
              approval:
                approvers: { roles: [approver] }
          - name: optional-ticket
            match: { scopes: [/subscriptions/*/**] }
            constraints:
              ticket: { pattern: "^(INC|CHG)-\\\\d+$" }
              justification: { required: false }
            outcome: { auto: {} }
        """.formatted(RGS));

    private static final String LONG_ENOUGH = "Investigate INC-4711: checkout latency since the last deploy";

    @Test
    void aRequestMeetingThem_getsTheOutcome() {
      RequestFacts ok = request().justification(LONG_ENOUGH).ticket("INC-4711").duration(Duration.ofHours(2)).build();
      routed(Routing.NeedsApproval.class, policy.route(ok, MONDAY_10_BERLIN));
    }

    @Test
    void everyBrokenConstraint_isReportedOnItsField() {
      RequestFacts bad = request().duration(Duration.ofHours(3)).justification("because").build();

      Routing.ConstraintsNotMet notMet = routed(Routing.ConstraintsNotMet.class, policy.route(bad, MONDAY_10_BERLIN));

      assertEquals("prod-write", notMet.rule());
      assertEquals(List.of(
          new Violation("duration", "rule 'prod-write' allows at most PT2H"),
          new Violation("ticket", "rule 'prod-write' requires a ticket that matches ^(INC|CHG)-\\d+$"),
          new Violation("justification", "rule 'prod-write' requires a justification that matches ^.{40,}$")),
          notMet.violations());
    }

    @Test
    void aTicketNotMatchingThePattern_isAViolationToo() {
      RequestFacts bad = request().justification(LONG_ENOUGH).ticket("JIRA-12").build();
      Routing.ConstraintsNotMet notMet = routed(Routing.ConstraintsNotMet.class, policy.route(bad, MONDAY_10_BERLIN));
      assertEquals(List.of("ticket"), notMet.violations().stream().map(Violation::field).toList());
    }

    @Test
    void anOptionalTicket_mayBeLeftOut_butMustMatchWhenGiven() {
      RequestFacts elsewhere = request().scope(RGS + "web").build();
      routed(Routing.AutoApprove.class, policy.route(elsewhere, MONDAY_10_BERLIN));

      RequestFacts badTicket = request().scope(RGS + "web").ticket("see slack").build();
      Routing.ConstraintsNotMet notMet = routed(Routing.ConstraintsNotMet.class, policy.route(badTicket, MONDAY_10_BERLIN));
      assertEquals("optional-ticket", notMet.rule());

      RequestFacts goodTicket = request().scope(RGS + "web").ticket("CHG-9").build();
      routed(Routing.AutoApprove.class, policy.route(goodTicket, MONDAY_10_BERLIN));
    }

    @Test
    void patterns_areSearchedFor_soUnanchoredPatternsMatchAnywhere() {
      Policy unanchored = Policy.parse("""
          rules:
            - name: r
              match: { scopes: [/subscriptions/*/**] }
              constraints: { ticket: { required: true, pattern: "INC-[0-9]+" } }
              outcome: { auto: {} }
          """);
      routed(Routing.AutoApprove.class, unanchored.route(request().ticket("see INC-12 and more").build(), MONDAY_10_BERLIN));
    }

    @Test
    void aMissingRequiredJustification_isAViolation() {
      Policy required = Policy.parse("""
          rules:
            - name: r
              match: { scopes: [/subscriptions/*/**] }
              outcome: { auto: {} }
          """);
      Routing.ConstraintsNotMet notMet = routed(Routing.ConstraintsNotMet.class,
          required.route(request().justification(null).build(), MONDAY_10_BERLIN));
      assertEquals(List.of(new Violation("justification", "rule 'r' requires a justification")), notMet.violations());
    }
  }
}
