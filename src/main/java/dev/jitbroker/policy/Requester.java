package dev.jitbroker.policy;

import java.util.Set;

/** Who asks: their object id and the groups their token lists. */
public record Requester(String id, Set<String> groups) {
  public Requester {
    groups = Set.copyOf(groups);
  }
}
