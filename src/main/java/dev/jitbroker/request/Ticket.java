package dev.jitbroker.request;

/** A change or incident reference, such as {@code INC-123}. */
public record Ticket(String value) {
  public static final int MAX = 128;

  public Ticket {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("must not be blank; leave it out if there is no ticket");
    }
    if (Texts.codePoints(value) > MAX) {
      throw new IllegalArgumentException("must be at most " + MAX + " characters");
    }
    if (Texts.hasForbiddenCharacters(value, false) || !value.equals(value.strip())) {
      throw new IllegalArgumentException("must not contain control characters or leading/trailing spaces");
    }
  }
}
