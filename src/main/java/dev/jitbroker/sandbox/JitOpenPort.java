package dev.jitbroker.sandbox;

import java.time.Instant;

/**
 * A VM port a JIT request holds open now in the sandbox.
 *
 * @param source the allowed source address prefix the request named (null: the initiating caller's address)
 */
public record JitOpenPort(
    String policyId, String virtualMachineId, int number, String source, Instant endTimeUtc, String requestor,
    String justification) {}
