package dev.jitbroker.policy;

import java.time.Duration;

/** After {@code after} without the request being decided, {@code approvers} may decide it too. */
public record Escalation(Duration after, ApproverSet approvers) {}
