package dev.jitbroker.hooks;

import dev.jitbroker.request.Actor;
import dev.jitbroker.request.Role;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Approvers who may decide without a token (by webhook or in chat): the groups and app roles the
 * service takes them to hold, since no token says so, and the Slack users who act for them.
 */
public final class ApproverDirectory {

  /** One approver as configured: Entra object id, display name, groups and app roles. */
  public record Entry(String objectId, String name, Set<String> groups, Set<String> roles) {
    public Entry {
      objectId = objectId.toLowerCase(Locale.ROOT);
      groups = Set.copyOf(groups);
      roles = Set.copyOf(roles);
      for (String role : roles) {
        if (Role.fromClaim(role).isEmpty()) {
          throw new IllegalArgumentException("approver " + objectId + " names role '" + role
              + "', which is not an app role of jit-broker (known: approver, auditor, admin)");
        }
      }
    }

    Actor actor() {
      return new Actor(objectId, name == null ? objectId : name,
          roles.stream().map(r -> Role.fromClaim(r).orElseThrow()).collect(Collectors.toSet()), groups);
    }
  }

  private final Map<String, Entry> approvers = new HashMap<>();
  private final Map<String, String> slackUsers = new HashMap<>();

  /** @param slackUsers Slack user id (e.g. {@code U024BE7LH}) to Entra object id */
  public ApproverDirectory(Iterable<Entry> entries, Map<String, String> slackUsers) {
    entries.forEach(e -> approvers.put(e.objectId(), e));
    slackUsers.forEach((user, objectId) -> this.slackUsers.put(user, objectId.toLowerCase(Locale.ROOT)));
  }

  /** The approver with this object id, as the policy will see them; empty if not configured. */
  public Optional<Actor> approver(String objectId) {
    return objectId == null ? Optional.empty()
        : Optional.ofNullable(approvers.get(objectId.strip().toLowerCase(Locale.ROOT))).map(Entry::actor);
  }

  /** The object id a Slack user acts for; empty if the user is not mapped. */
  public Optional<String> objectIdOfSlackUser(String slackUserId) {
    return slackUserId == null ? Optional.empty() : Optional.ofNullable(slackUsers.get(slackUserId));
  }
}
