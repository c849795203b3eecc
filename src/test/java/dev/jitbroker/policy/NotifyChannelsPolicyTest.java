package dev.jitbroker.policy;

import static dev.jitbroker.policy.PolicyFixtures.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A rule's {@code outcome.notify}: the channels its approvers are told of pending requests on. */
class NotifyChannelsPolicyTest {

  /** A rule whose outcome lines follow; the outcome starts at line 6. */
  private static String rule(String... outcomeLines) {
    return """
        rules:
          - name: prod
            match:
              scopes: [/subscriptions/11111111-2222-3333-4444-555555555555/**]
            outcome:
        """ + String.join("", java.util.Arrays.stream(outcomeLines).map(l -> "      " + l + "\n").toList());
  }

  @Test
  void approvalRule_namesItsChannels() {
    Policy policy = Policy.parse(rule("approval:", "  approvers: { roles: [approver] }", "notify: [slack-ops, hooks]"));
    assertEquals(List.of("slack-ops", "hooks"), policy.notifyChannels("prod"));
  }

  @Test
  void ruleWithoutNotify_notifiesNoChannel() {
    Policy policy = Policy.parse(rule("approval:", "  approvers: { roles: [approver] }"));
    assertEquals(List.of(), policy.notifyChannels("prod"));
    assertEquals(List.of(), policy.notifyChannels("no-such-rule"));
  }

  @Test
  void notifyOnAnAutoRule_isReportedAtItsLine() {
    List<PolicyError> errors = errors(rule("auto: { maxDuration: PT1H }", "notify: [slack-ops]"));
    assertEquals(1, errors.size());
    assertEquals(7, errors.get(0).line());
    assertEquals("'outcome.notify' names the channels approvers are told on, so it needs an 'approval' outcome",
        errors.get(0).message());
  }

  @Test
  void badChannelNames_andAnEmptyList_areReportedAtTheirLines() {
    List<PolicyError> bad = errors(rule("approval:", "  approvers: { roles: [approver] }", "notify:", "  - Slack Ops"));
    assertEquals(1, bad.size());
    assertEquals(9, bad.get(0).line());
    assertEquals("channel 'Slack Ops' must be a channel name as configured: lower-case letters, digits and '-'",
        bad.get(0).message());
    List<PolicyError> empty = errors(rule("approval:", "  approvers: { roles: [approver] }", "notify: []"));
    assertEquals(8, empty.get(0).line());
    assertEquals("'outcome.notify' must not be empty; leave it out to notify no channel", empty.get(0).message());
  }

  @Test
  void notifyAlone_stillNeedsAnOutcome() {
    List<PolicyError> errors = errors(rule("notify: [hooks]"));
    assertEquals("'outcome' needs one of auto, approval or deny", errors.get(0).message());
  }
}
