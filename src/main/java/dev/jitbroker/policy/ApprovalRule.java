package dev.jitbroker.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The approval outcome of a rule.
 *
 * @param quorum how many distinct approvals approve the request
 * @param denyEndsIt whether one denial denies the request
 * @param timeout how long the request may stay pending, or null for the service default
 * @param escalation a second set of approvers after a delay, or null
 */
public record ApprovalRule(ApproverSet approvers, int quorum, boolean denyEndsIt, Duration timeout, Escalation escalation) {

  /**
   * Whether {@code approver} may decide, now, a request of {@code requesterId} for {@code principalId}
   * routed at {@code routedAt}. The requester and the principal never may, whatever sets they are in.
   */
  public Eligibility eligibility(Approver approver, String requesterId, String principalId, Instant routedAt, Instant now) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Where these votes leave the request: each approver counts once; the requester never counts. */
  public Tally tally(List<Vote> votes, String requesterId) {
    throw new UnsupportedOperationException("TODO");
  }
}
