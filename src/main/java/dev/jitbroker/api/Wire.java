package dev.jitbroker.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.jitbroker.audit.StoredEvent;
import dev.jitbroker.request.AccessRequest;
import dev.jitbroker.request.Approval;
import dev.jitbroker.request.Submission;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** The JSON shapes of API v1, as openapi/openapi.yaml defines them; entities never cross this line. */
final class Wire {
  private Wire() {}

  /** The body of {@code POST /api/v1/access-requests}, unchecked. */
  record NewAccessRequest(
      String scope, String role, String duration, String justification, String ticket, String principalId, String grantType,
      NetworkBody network) {

    Submission.Raw raw() {
      return new Submission.Raw(scope, role, duration, justification, ticket, principalId, grantType,
          network == null ? null : new Submission.NetworkRaw(network.ports(), network.sourceAddressPrefix()));
    }
  }

  /** {@code network} of a {@code vm-jit} request. */
  record NetworkBody(List<Integer> ports, String sourceAddressPrefix) {}

  /** The body of {@code POST .../extend}. */
  record ExtensionBody(String duration, String justification) {}

  /** The optional body of approve, deny, cancel and revoke. */
  record DecisionBody(String comment) {}

  record Person(String id, String name) {}

  record ApprovalView(Person approver, String decision, String comment, Instant at) {
    static ApprovalView of(Approval a) {
      return new ApprovalView(new Person(a.approverId(), a.approverName()), a.decision().name(), a.comment(), a.decidedAt());
    }
  }

  record AccessRequestView(
      UUID id,
      String state,
      Person requester,
      String principalId,
      String scope,
      String role,
      String grantType,
      String duration,
      String justification,
      String ticket,
      Instant createdAt,
      Instant decisionDeadline,
      Instant decidedAt,
      Instant activatedAt,
      Instant expiresAt,
      Instant endedAt,
      List<ApprovalView> approvals,
      Integer policyVersion,
      String policyRule,
      Integer requiredApprovals,
      String decisionReason,
      String grantRef,
      Boolean grantPreexisting,
      int grantAttempts,
      Instant nextAttemptAt,
      String lastError,
      Instant accessRemovedAt,
      NetworkBody network,
      UUID extendsId) {

    static AccessRequestView of(AccessRequest r) {
      return new AccessRequestView(
          r.id(),
          r.state().name(),
          new Person(r.requesterId(), r.requesterName()),
          r.principalId(),
          r.scope(),
          r.role(),
          r.grantType().wireName(),
          r.duration().toString(),
          r.justification(),
          r.ticket(),
          r.createdAt(),
          r.decisionDeadline(),
          r.decidedAt(),
          r.activatedAt(),
          r.expiresAt(),
          r.endedAt(),
          r.approvals().stream().map(ApprovalView::of).toList(),
          r.policyVersion(),
          r.policyRule(),
          r.requiredApprovals(),
          r.decisionReason(),
          r.grantRef(),
          r.grantPreexisting(),
          r.grantAttempts(),
          r.nextAttemptAt(),
          r.lastError(),
          r.accessRemovedAt(),
          r.network() == null ? null : new NetworkBody(r.network().ports(), r.network().sourceAddressPrefix()),
          r.extendsId());
    }
  }

  record AccessRequestPage(List<AccessRequestView> items, String nextCursor) {}

  record AuditEventView(
      long id,
      Long seq,
      Instant at,
      Person actor,
      String type,
      UUID requestId,
      @JsonRawValue String details,
      String hash,
      String prevHash) {

    static AuditEventView of(StoredEvent e) {
      return new AuditEventView(
          e.id(),
          e.seq(),
          e.at(),
          new Person(e.actorId(), e.actorName()),
          e.type(),
          e.requestId(),
          e.detailsJson(),
          hex(e.hash()),
          hex(e.prevHash()));
    }

    private static String hex(byte[] bytes) {
      return bytes == null ? null : HexFormat.of().formatHex(bytes);
    }
  }

  record AuditEventPage(List<AuditEventView> items, String nextCursor) {}
}
