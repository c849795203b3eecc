package dev.jitbroker.request;

/** An approver's answer. */
public enum Decision {
  APPROVE,
  DENY
}
