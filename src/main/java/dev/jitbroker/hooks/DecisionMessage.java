package dev.jitbroker.hooks;

/** The body of a signed decision: {@code decision} is {@code approve} or {@code deny}; {@code approver} an Entra object id. */
public record DecisionMessage(String requestId, String decision, String approver, String comment) {}
