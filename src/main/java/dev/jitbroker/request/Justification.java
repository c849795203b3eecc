package dev.jitbroker.request;

/** Why the requester needs the access: 10 to 1000 characters, line breaks allowed. */
public record Justification(String text) {
  public static final int MIN = 10;
  public static final int MAX = 1000;

  public Justification {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("is required: say why you need this access");
    }
    int meaningful = Texts.codePoints(text.strip());
    int length = Texts.codePoints(text);
    if (meaningful < MIN || length > MAX) {
      throw new IllegalArgumentException("must be " + MIN + " to " + MAX + " characters (it has "
          + (length > MAX ? length : meaningful + " besides surrounding spaces") + ")");
    }
    if (Texts.hasForbiddenCharacters(text, true)) {
      throw new IllegalArgumentException("must not contain control characters");
    }
  }
}
