package dev.jitbroker.grant;

import java.time.Duration;

/** One HTTP exchange with Azure, as the audit trail records it (never a token or a body). */
public record ExternalCall(
    String method, String path, int status, String requestId, String correlationId, Duration took) {}
