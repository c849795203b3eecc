package dev.jitbroker.grant;

/**
 * Access that exists in Azure.
 *
 * @param reference the Azure resource id of what gives the access (e.g. the role assignment)
 * @param preexisting true when the access was already held by other means (standing access): the
 *     broker never removes it
 * @param endsAt when Azure itself ends this access (PIM, Managed Application JIT, VM JIT), or null when
 *     the broker ends it (azure-rbac)
 */
public record Granted(String reference, boolean preexisting, java.time.Instant endsAt) {

  /** Access whose end the broker enforces. */
  public Granted(String reference, boolean preexisting) {
    this(reference, preexisting, null);
  }
}
