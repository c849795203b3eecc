package dev.jitbroker.request;

/** The rules for an {@code Idempotency-Key}: 1 to 200 printable ASCII characters. */
final class IdempotencyKeys {
  static final int MAX = 200;

  private IdempotencyKeys() {}

  static void check(String key) {
    if (key == null) {
      return;
    }
    if (key.isEmpty() || key.length() > MAX || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
      throw new InvalidRequestException("Idempotency-Key",
          "must be 1 to " + MAX + " printable ASCII characters without spaces, for example a UUID");
    }
  }
}
