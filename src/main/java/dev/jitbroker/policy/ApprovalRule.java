package dev.jitbroker.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The approval outcome of a rule.
 *
 * @param quorum how many distinct approvals approve the request
 * @param denyEndsIt whether one denial denies the request
 * @param timeout how long the request may stay pending, or null for the service default
 * @param escalation a second set of approvers after a delay, or null
 * @param decisions where decisions may come from; always includes {@link DecisionChannel#API}
 */
public record ApprovalRule(
    ApproverSet approvers, int quorum, boolean denyEndsIt, Duration timeout, Escalation escalation,
    Set<DecisionChannel> decisions) {

  /** Where decisions may come from when a rule does not say: only from a signed-in API call. */
  public static final Set<DecisionChannel> DEFAULT_DECISIONS = Set.of(DecisionChannel.API);

  /** A rule whose decisions come only through the API. */
  public ApprovalRule(ApproverSet approvers, int quorum, boolean denyEndsIt, Duration timeout, Escalation escalation) {
    this(approvers, quorum, denyEndsIt, timeout, escalation, DEFAULT_DECISIONS);
  }

  public ApprovalRule {
    Objects.requireNonNull(approvers, "approvers");
    decisions = decisions == null ? DEFAULT_DECISIONS : Set.copyOf(decisions);
    if (!decisions.contains(DecisionChannel.API)) {
      throw new IllegalArgumentException("decisions must include api: a signed-in approver can always decide");
    }
    if (approvers.isEmpty()) {
      throw new IllegalArgumentException("an approval rule must name at least one approver");
    }
    if (quorum < 1) {
      throw new IllegalArgumentException("quorum must be at least 1");
    }
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    if (timeout != null && escalation != null && escalation.after().compareTo(timeout) >= 0) {
      throw new IllegalArgumentException("the escalation must come before the timeout");
    }
  }

  /**
   * Whether {@code approver} may decide, now, a request of {@code requesterId} for {@code principalId}
   * routed at {@code routedAt}. The requester and the principal never may, whatever sets they are in.
   */
  public Eligibility eligibility(Approver approver, String requesterId, String principalId, Instant routedAt, Instant now) {
    if (same(approver.id(), requesterId)) {
      return Eligibility.no("You asked for this access, so you cannot approve it.");
    }
    if (same(approver.id(), principalId)) {
      return Eligibility.no("This access would be granted to you, so you cannot approve it.");
    }
    if (approvers.includes(approver)) {
      return Eligibility.YES;
    }
    if (escalation != null && escalation.approvers().includes(approver)) {
      Instant opens = routedAt.plus(escalation.after());
      return now.isBefore(opens)
          ? Eligibility.no("This request escalates to you at " + opens + " if it is still undecided; you can decide it from then.")
          : Eligibility.YES;
    }
    String also = escalation == null ? ""
        : " After " + escalation.after() + " without a decision, " + escalation.approvers().describe() + " may too.";
    return Eligibility.no("Only " + approvers.describe() + " may decide requests routed by this rule." + also);
  }

  /** Whether this rule takes decisions that come through {@code channel}. */
  public boolean allows(DecisionChannel channel) {
    return decisions.contains(channel);
  }

  /** Where these votes leave the request: each approver counts once; the requester never counts. */
  public Tally tally(List<Vote> votes, String requesterId) {
    Set<String> seen = new HashSet<>();
    int approvals = 0;
    boolean denied = false;
    for (Vote vote : votes) {
      String id = vote.approverId();
      // An approver's first vote is the one that counts; later ones are repeats, not changes of mind.
      if (id == null || same(id, requesterId) || !seen.add(ApproverSet.lower(id))) {
        continue;
      }
      if (vote.approve()) {
        approvals++;
      } else if (denyEndsIt) {
        denied = true;
      }
    }
    if (denied) {
      return Tally.DENIED;
    }
    return approvals >= quorum ? Tally.APPROVED : Tally.PENDING;
  }

  private static boolean same(String a, String b) {
    return a != null && a.equalsIgnoreCase(b);
  }
}
