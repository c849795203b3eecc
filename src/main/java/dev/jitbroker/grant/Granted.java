package dev.jitbroker.grant;

/**
 * Access that exists in Azure.
 *
 * @param reference the Azure resource id of what gives the access (e.g. the role assignment)
 * @param preexisting true when the access was already held by other means (standing access): the
 *     broker never removes it
 */
public record Granted(String reference, boolean preexisting) {}
