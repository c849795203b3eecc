package dev.jitbroker.grant.azure;

import java.time.Duration;

/**
 * How {@code managed-app-jit} waits on Azure.
 *
 * @param approvalPoll how often a JIT request that waits for the customer's approval is looked at again
 * @param operationPatience how long one grant attempt follows Azure's operation before leaving it to the next
 */
public record ManagedAppJitSettings(Duration approvalPoll, Duration operationPatience) {}
