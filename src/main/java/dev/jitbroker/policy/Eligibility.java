package dev.jitbroker.policy;

/** Whether someone may decide a request now, and if not, why (a sentence for that person). */
public record Eligibility(boolean eligible, String reason) {
  public static final Eligibility YES = new Eligibility(true, null);

  public static Eligibility no(String reason) {
    return new Eligibility(false, reason);
  }
}
