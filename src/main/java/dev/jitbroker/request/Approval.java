package dev.jitbroker.request;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One approver's recorded decision on one request. */
@Entity
@Table(name = "approval")
public class Approval {

  @Id
  private UUID id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "request_id", nullable = false, updatable = false)
  private AccessRequest request;

  @Column(name = "approver_id", nullable = false, updatable = false)
  private String approverId;

  @Column(name = "approver_name", updatable = false)
  private String approverName;

  @Enumerated(EnumType.STRING)
  @Column(name = "decision", nullable = false, updatable = false)
  private Decision decision;

  @Column(name = "comment", updatable = false)
  private String comment;

  @Column(name = "decided_at", nullable = false, updatable = false)
  private Instant decidedAt;

  protected Approval() {}

  Approval(AccessRequest request, Actor approver, Decision decision, Comment comment, Instant at) {
    this.id = UUID.randomUUID();
    this.request = request;
    this.approverId = approver.id();
    this.approverName = approver.name();
    this.decision = decision;
    this.comment = comment == null ? null : comment.text();
    this.decidedAt = at;
  }

  public UUID id() {
    return id;
  }

  public String approverId() {
    return approverId;
  }

  public String approverName() {
    return approverName;
  }

  public Decision decision() {
    return decision;
  }

  public String comment() {
    return comment;
  }

  public Instant decidedAt() {
    return decidedAt;
  }
}
