package dev.jitbroker.fuzz;

import java.util.List;

/** YAML documents that hurt parsers: alias bombs, deep nesting, tags, huge keys, odd scalars. */
final class Yaml {
  private Yaml() {}

  static final List<String> NASTY = List.of(
      "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
          + "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
          + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
          + "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nrules: *g\n",
      "rules: " + "[".repeat(10_000),
      "rules:\n" + "  - ".repeat(3000) + "x",
      "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1/\"]]]]",
      "rules: !!binary AAAA",
      "? " + "k".repeat(100_000) + "\n: v",
      "rules:\n  - name: x\n    match: {scopes: [\"\\u0000\"]}\n    outcome: {auto: {}}\n",
      "rules:\n  - name: \"\\uD800\"\n",
      "rules: 0x7fffffffffffffffffffff",
      "---\n---\n---\n",
      "%YAML 9.9\n---\nrules: [",
      "rules:\n\t- tab",
      "\uFEFFrules: [",
      "rules: [{name: a, match: {scopes: [/subscriptions/*/**]}, outcome: {deny: {message: " + "m".repeat(70_000) + "}}}]");
}
