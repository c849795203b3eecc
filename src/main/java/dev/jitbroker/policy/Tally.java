package dev.jitbroker.policy;

/** Where the votes so far leave a request. */
public enum Tally {
  PENDING,
  APPROVED,
  DENIED
}
