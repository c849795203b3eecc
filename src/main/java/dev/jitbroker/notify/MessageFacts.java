package dev.jitbroker.notify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a chat message says about a request, the same for every chat channel: a headline, labelled facts, the reason. */
public final class MessageFacts {

  /** One labelled fact, e.g. Role: Reader. */
  public record Fact(String label, String value) {}

  private final Notification n;
  private final Map<String, Object> r;

  public MessageFacts(Notification n) {
    this.n = n;
    this.r = n.request();
  }

  /** Who asks for what, where and for how long; for the requester's notices, what happened to their request. */
  public String headline() {
    String what = text("role") + " on " + scopeName();
    if (forApprovers() && n.type() != NoticeType.PENDING) {
      return requester() + " asked for " + what + " for " + duration() + ": " + outcome();
    }
    return switch (n.type()) {
      case PENDING -> requester() + " asks for " + what + " for " + duration() + ".";
      case APPROVED -> "Your request for " + what + " was approved.";
      case DENIED -> "Your request for " + what + " was denied.";
      case ACTIVE -> "You have " + what + " until " + text("expiresAt") + ".";
      case EXPIRING -> "Your " + what + " ends at " + text("expiresAt") + ".";
      case EXPIRED -> "Your " + what + " has ended and was removed.";
      case FAILED -> "Your request for " + what + " could not be granted.";
      case TIMED_OUT -> "Your request for " + what + " timed out: nobody decided it in time.";
      case REVOKED -> "Your " + what + " was revoked.";
      case CANCELLED -> "Your request for " + what + " was withdrawn.";
    };
  }

  /** Whether this message goes to the approvers (the routing rule's channels), not to the requester. */
  public boolean forApprovers() {
    return Notice.APPROVERS.equals(n.recipient());
  }

  /** How a pending request ended, for its approvers: who decided, or why nobody did. */
  private String outcome() {
    return switch (n.type()) {
      case APPROVED -> "approved by " + deciders("APPROVE") + ".";
      case DENIED -> "denied by " + deciders("DENY") + ".";
      case TIMED_OUT -> "timed out; nobody decided it in time.";
      case CANCELLED -> "withdrawn by the requester.";
      default -> n.type().wire() + ".";
    };
  }

  /** The names of those whose decisions settled the request, in the order they decided. */
  @SuppressWarnings("unchecked")
  private String deciders(String decision) {
    List<String> names = new ArrayList<>();
    if (r.get("approvals") instanceof List<?> approvals) {
      for (Object a : approvals) {
        if (a instanceof Map<?, ?> m && decision.equals(String.valueOf(m.get("decision")))) {
          Map<String, Object> approver = (Map<String, Object>) m.get("approver");
          Object name = approver == null ? null : approver.get("name");
          Object id = approver == null ? null : approver.get("id");
          names.add(name == null || name.toString().isEmpty() ? String.valueOf(id) : name.toString());
        }
      }
    }
    if (names.isEmpty()) {
      return "the policy";
    }
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
  }

  /** The facts under the headline. */
  public List<Fact> facts() {
    List<Fact> facts = new ArrayList<>();
    facts.add(new Fact("Requester", requester()));
    if (!text("principalId").equals(person("requester", "id"))) {
      facts.add(new Fact("For", text("principalId")));
    }
    facts.add(new Fact("Role", text("role")));
    facts.add(new Fact("Scope", text("scope")));
    facts.add(new Fact("Duration", duration()));
    facts.add(new Fact("Grant type", text("grantType")));
    if (r.get("ticket") != null) {
      facts.add(new Fact("Ticket", text("ticket")));
    }
    if (n.type() == NoticeType.PENDING && r.get("decisionDeadline") != null) {
      facts.add(new Fact("Decide by", text("decisionDeadline")));
    }
    if (n.type() == NoticeType.FAILED && r.get("lastError") != null) {
      facts.add(new Fact("Why it failed", text("lastError")));
    }
    if (n.type() == NoticeType.DENIED && r.get("decisionReason") != null) {
      facts.add(new Fact("Reason", text("decisionReason")));
    }
    facts.add(new Fact("Request", text("id")));
    return facts;
  }

  /** The requester's justification. */
  public String why() {
    return text("justification");
  }

  /** Whether approvers may decide this request in the message (the routing rule allows chat decisions). */
  public boolean decisionsInChat() {
    return n.type() == NoticeType.PENDING && Boolean.TRUE.equals(r.get("decisionsInChat"));
  }

  /** The request's link, or null when no request URL is configured. */
  public String link(String requestUrlTemplate) {
    return requestUrlTemplate == null || requestUrlTemplate.isBlank() ? null
        : requestUrlTemplate.replace("{id}", text("id"));
  }

  private String requester() {
    String name = person("requester", "name");
    return name.isEmpty() ? person("requester", "id") : name;
  }

  @SuppressWarnings("unchecked")
  private String person(String key, String field) {
    Object p = r.get(key);
    Object v = p instanceof Map<?, ?> m ? ((Map<String, Object>) m).get(field) : null;
    return v == null ? "" : v.toString();
  }

  /** The last segment of the scope, e.g. the resource group's name, which people recognise. */
  private String scopeName() {
    String scope = text("scope");
    int slash = scope.lastIndexOf('/');
    return slash < 0 || slash == scope.length() - 1 ? scope : scope.substring(slash + 1);
  }

  private String duration() {
    Object d = r.get("duration");
    if (d == null) {
      return "";
    }
    Duration duration = Duration.parse(d.toString());
    long hours = duration.toHours();
    int minutes = duration.toMinutesPart();
    if (hours == 0) {
      return minutes + " min";
    }
    return hours + " h" + (minutes == 0 ? "" : " " + minutes + " min");
  }

  private String text(String key) {
    Object v = r.get(key);
    return v == null ? "" : v.toString();
  }
}
