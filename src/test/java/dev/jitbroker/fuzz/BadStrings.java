package dev.jitbroker.fuzz;

import java.util.List;

/** Strings that break naive code: unicode of every kind, control characters, lone surrogates, odd lengths. */
final class BadStrings {

  /** Hand-picked troublemakers; the generators below add random ones. */
  static final List<String> SAMPLES = List.of(
      "", " ", "\u0000", "a\u0000b", "\u0007", "\r\n", "\t", "\\", "\"", "'",
      "\uD800", "\uDC00x", "x\uD83D", "\uDBFF\uDFFF", "\uD83D\uDE00", "\uD83D\uDC69\u200D\uD83D\uDCBB",
      "e\u0301\u0301\u0301\u0301\u0301", "\u202Eevil\u202C.exe", "\u05E9\u05DC\u05D5\u05DD \u05E2\u05D5\u05DC\u05DD",
      "\u0645\u0631\u062D\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645", "\u200F\u200E\u2067x\u2069",
      "\uFEFFbom", "\u200B", "\uFFFF", "\uFFFE", "\uFFFD", "\u0085", "\u2028", "\u2029", "\u00A0",
      "\u0130", "\u00DF", "\uFB03", "\u01C4\u01C5", "\u212A", "\u1E9E", "\uFF21\uFF22", "\u0CA0_\u0CA0",
      "Z\u0351\u036B\u0343\u036A\u0302\u036B\u033D\u034F\u0334\u0319\u0324\u031E\u0349\u035A\u032F",
      "'; DROP TABLE access_request; --", "%00", "%s%s%s%n", "${jndi:ldap://127.0.0.1/a}", "#{7*7}",
      "<script>alert(1)</script>", "../../../etc/passwd", "..%2F..%2F", "NaN", "null", "true", "-0", "1e309",
      "0x7fffffff", "-9223372036854775809", "me", "*", "/", "//", "?", "#", "&", "=",
      "\uD83D\uDE00".repeat(600), "\u0301".repeat(2000), "x".repeat(257), "x".repeat(1001), "x".repeat(1025),
      "x".repeat(5000), "\u05D0".repeat(1000), "\u05D0".repeat(1001));

  private BadStrings() {}

  /** Any troublesome string. */
  static Gen<String> any() {
    return Gen.<String>weighted()
        .or(5, Gen.of(SAMPLES))
        .or(3, Gen.chars('\u0000', '\uFFFF', 0, 40))
        .or(2, Gen.chars('\u0590', '\u06FF', 1, 60))
        .or(1, Gen.chars('\u0300', '\u036F', 1, 80))
        .or(1, Gen.chars('\uD800', '\uDFFF', 1, 4))
        .or(1, Gen.chars('\u0000', '\u001F', 1, 4))
        .or(1, Gen.alphanumeric(2000, 20_000));
  }

  /** {@code valid} spoilt: a troublemaker before, after or inside it, or its letters changed. */
  static Gen<String> around(String valid) {
    Gen<String> bad = Gen.of(SAMPLES.subList(0, 45));
    return Gen.<String>weighted()
        .or(3, bad.map(b -> valid + b))
        .or(2, bad.map(b -> b + valid))
        .or(2, Gen.combine(bad, Gen.ints(0, valid.length()), (b, i) -> valid.substring(0, i) + b + valid.substring(i)))
        .or(1, Gen.just(valid.toUpperCase(java.util.Locale.ROOT)))
        .or(1, Gen.just(valid.toLowerCase(java.util.Locale.ROOT)))
        .or(1, Gen.just(" " + valid + " "));
  }

  /** Strings of exactly {@code n} characters of one kind (ASCII, Hebrew, or emoji counted as one code point). */
  static Gen<String> ofLength(int n) {
    return Gen.of("a".repeat(Math.max(0, n)), "\u05D0".repeat(Math.max(0, n)), "\uD83D\uDE00".repeat(Math.max(0, n)));
  }
}
