package dev.jitbroker.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A path to a PIM collection of Microsoft.Authorization, or an item of it, under a scope. */
record PimPath(String scope, Collection collection, Optional<String> name) {

  /** The PIM collections the sandbox serves. */
  enum Collection {
    REQUESTS("roleAssignmentScheduleRequests"),
    SCHEDULES("roleAssignmentSchedules");

    final String segment;

    Collection(String segment) {
      this.segment = segment;
    }
  }

  PimPath {
    scope = ArmPath.normalize(scope);
  }

  /** Parses {@code {scope}/providers/Microsoft.Authorization/{collection}[/{name}]}, any letter case. */
  static Optional<PimPath> parse(String rawPath) {
    List<String> segments = new ArrayList<>();
    for (String s : ArmPath.normalize(rawPath).split("/")) {
      if (!s.isEmpty()) {
        segments.add(s);
      }
    }
    for (int i = segments.size() - 3; i >= 0; i--) {
      if (segments.get(i).equalsIgnoreCase("providers") && segments.get(i + 1).equalsIgnoreCase(ArmPath.PROVIDER)) {
        int rest = segments.size() - (i + 3);
        for (Collection c : Collection.values()) {
          if (c.segment.equalsIgnoreCase(segments.get(i + 2)) && rest <= 1) {
            String scope = "/" + String.join("/", segments.subList(0, i));
            return Optional.of(new PimPath(scope, c, rest == 1 ? Optional.of(segments.get(i + 3)) : Optional.empty()));
          }
        }
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The ARM id of the item {@code name} of {@code collection} at {@code scope}. */
  static String id(String scope, Collection collection, String name) {
    String prefix = ArmPath.ROOT.equals(ArmPath.normalize(scope)) ? "" : ArmPath.normalize(scope);
    return prefix + "/providers/" + ArmPath.PROVIDER + "/" + collection.segment + "/" + name;
  }
}
