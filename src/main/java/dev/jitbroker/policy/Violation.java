package dev.jitbroker.policy;

/** A constraint of the matching rule that the request breaks, on one field, in words the requester can act on. */
public record Violation(String field, String message) {}
