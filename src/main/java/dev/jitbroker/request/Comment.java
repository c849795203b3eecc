package dev.jitbroker.request;

/** An approver's or requester's remark on a decision: at most 1000 characters. */
public record Comment(String text) {
  public static final int MAX = 1000;

  public Comment {
    if (text != null) {
      if (Texts.codePoints(text) > MAX) {
        throw new IllegalArgumentException("must be at most " + MAX + " characters");
      }
      if (Texts.hasForbiddenCharacters(text, true)) {
        throw new IllegalArgumentException("must not contain control characters");
      }
    }
  }

  /** The comment, or null when none was given. */
  public static Comment of(String text) {
    return new Comment(text == null || text.isBlank() ? null : text);
  }
}
