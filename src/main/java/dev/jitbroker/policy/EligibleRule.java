package dev.jitbroker.policy;

import java.time.Duration;
import java.util.List;

/**
 * A rule that lets a requester ask for something, and how it routes.
 *
 * @param scopes the rule's scope patterns (empty: any scope)
 * @param roles the rule's roles (empty: any role)
 * @param grantTypes the rule's grant types (empty: any)
 * @param outcome {@code auto} or {@code approval}
 * @param maxDuration the longest duration the rule allows, or null for the service maximum
 * @param approval the approval outcome, or null for auto
 * @param window for auto rules with a time window, a description such as "MON-FRI 08:00-18:00 Europe/Berlin"; else null
 */
public record EligibleRule(
    String rule,
    List<String> scopes,
    List<String> roles,
    List<String> grantTypes,
    String outcome,
    Duration maxDuration,
    ApprovalRule approval,
    String window) {}
