package dev.jitbroker.policy;

/** One recorded decision: who, and whether they approved. */
public record Vote(String approverId, boolean approve) {}
