package dev.jitbroker.request;

/** Checks shared by the free-text fields. */
final class Texts {
  private Texts() {}

  /** Whether {@code text} holds a control character other than tab and line breaks, or an unpaired surrogate. */
  static boolean hasForbiddenCharacters(String text, boolean allowLineBreaks) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        if (!(allowLineBreaks && (c == '\n' || c == '\r' || c == '\t'))) {
          return true;
        }
      } else if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return true;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  static int codePoints(String text) {
    return text.codePointCount(0, text.length());
  }
}
