package dev.jitbroker.request;

import java.util.UUID;

/** Fired when a request becomes APPROVED, so the grant worker can start without waiting for its next poll. */
public record AccessApproved(UUID requestId) {}
