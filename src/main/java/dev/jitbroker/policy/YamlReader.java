package dev.jitbroker.policy;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads typed values out of composed YAML nodes, recording every problem with its line instead of stopping. */
final class YamlReader {

  /** The longest duration a policy may name: a year. */
  static final Duration MAX_DURATION = Duration.ofDays(366);

  /** A mapping whose keys have been checked: known, plain, not repeated. */
  record Section(int line, Map<String, Node> values, Map<String, Integer> keyLines) {

    boolean has(String key) {
      return values.containsKey(key);
    }

    Node get(String key) {
      return values.get(key);
    }

    /** The line of {@code key}, or of the section itself when the key is absent. */
    int lineOf(String key) {
      return keyLines.getOrDefault(key, line);
    }
  }

  private static final Pattern OBJECT_ID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final String NONE = "; leave it out if there are none";

  private final List<PolicyError> errors = new ArrayList<>();

  List<PolicyError> errors() {
    return errors;
  }

  void error(int line, String message) {
    errors.add(new PolicyError(line, message));
  }

  static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }

  static boolean isNull(Node node) {
    return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
  }

  /**
   * A mapping with only {@code known} keys; an empty value ({@code key:}) reads as an empty mapping. {@code line}
   * is where missing keys are reported: the line of the key that introduced the mapping.
   */
  Section section(Node node, int line, String what, List<String> known) {
    Map<String, Node> values = new LinkedHashMap<>();
    Map<String, Integer> keyLines = new LinkedHashMap<>();
    if (isNull(node)) {
      return new Section(line, values, keyLines);
    }
    if (!(node instanceof MappingNode mapping)) {
      error(line(node), what + " must be a mapping of " + String.join(", ", known) + " (got " + describe(node) + ")");
      return null;
    }
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode key) || isNull(keyNode)) {
        error(line(keyNode), "keys in " + what + " must be plain names");
        continue;
      }
      String name = key.getValue();
      if (!known.contains(name)) {
        error(line(keyNode), "unknown key '" + name + "' in " + what + " (known: " + String.join(", ", known) + ")");
      } else if (values.containsKey(name)) {
        error(line(keyNode), "duplicate key '" + name + "' in " + what + " (first at line " + keyLines.get(name) + ")");
      } else {
        values.put(name, tuple.getValueNode());
        keyLines.put(name, line(keyNode));
      }
    }
    return new Section(line, values, keyLines);
  }

  /** A non-blank text; any scalar counts, read as written (so {@code 18:00} stays "18:00"). */
  String text(Node node, String what) {
    if (node instanceof ScalarNode s && !isNull(node) && !s.getValue().isBlank()) {
      return s.getValue();
    }
    error(line(node), "'" + what + "' must be a non-empty text (got " + describe(node) + ")");
    return null;
  }

  /** A YAML boolean (true/false, yes/no, on/off); a quoted "true" is text, not a boolean. */
  Boolean bool(Node node, String what) {
    if (node instanceof ScalarNode s && Tag.BOOL.equals(s.getTag())) {
      return switch (s.getValue().toLowerCase(Locale.ROOT)) {
        case "true", "yes", "on" -> true;
        default -> false;
      };
    }
    error(line(node), "'" + what + "' must be true or false (got " + describe(node) + ")");
    return null;
  }

  /** A plain decimal whole number. */
  Integer integer(Node node, String what) {
    if (node instanceof ScalarNode s && Tag.INT.equals(s.getTag()) && s.getValue().matches("[-+]?[0-9]{1,9}")) {
      return Integer.parseInt(s.getValue());
    }
    error(line(node), "'" + what + "' must be a whole number (got " + describe(node) + ")");
    return null;
  }

  /** A positive ISO-8601 duration such as PT4H, at least {@code min} when given. */
  Duration duration(Node node, String what, Duration min) {
    String text = text(node, what);
    if (text == null) {
      return null;
    }
    Duration d;
    try {
      d = Duration.parse(text);
    } catch (DateTimeParseException e) {
      error(line(node), "'" + what + "' must be an ISO-8601 duration such as PT30M, PT4H or P1D (got '" + text + "')");
      return null;
    }
    if (d.isNegative() || d.isZero()) {
      error(line(node), "'" + what + "' must be longer than zero (got '" + text + "')");
      return null;
    }
    if (d.compareTo(MAX_DURATION) > 0) {
      error(line(node), "'" + what + "' must be at most " + MAX_DURATION + " (got '" + text + "')");
      return null;
    }
    if (min != null && d.compareTo(min) < 0) {
      error(line(node), "'" + what + "' must be at least " + min + " (got '" + text + "')");
      return null;
    }
    return d;
  }

  /** The items of a non-empty list. */
  List<Node> list(Node node, String what, String emptyHint) {
    if (node instanceof SequenceNode seq) {
      if (seq.getValue().isEmpty()) {
        error(line(node), "'" + what + "' must not be empty" + emptyHint);
        return null;
      }
      return seq.getValue();
    }
    if (isNull(node)) {
      error(line(node), "'" + what + "' must not be empty" + emptyHint);
    } else {
      error(line(node), "'" + what + "' must be a list, such as [a, b] (got " + describe(node) + ")");
    }
    return null;
  }

  /** The entries of a non-empty list of texts, each read by {@code reader}; null after reporting any problem. */
  <T> List<T> entries(Node node, String what, String noun, Function<String, T> reader, String emptyHint) {
    List<Node> items = list(node, what, emptyHint);
    if (items == null) {
      return null;
    }
    Set<T> values = new LinkedHashSet<>();
    boolean ok = true;
    for (Node item : items) {
      String text = text(item, what);
      if (text == null) {
        ok = false;
        continue;
      }
      try {
        values.add(reader.apply(text));
      } catch (IllegalArgumentException e) {
        error(YamlReader.line(item), noun + " '" + text + "' " + e.getMessage());
        ok = false;
      }
    }
    return ok ? List.copyOf(values) : null;
  }

  /** A non-empty list of object ids (GUIDs). */
  Set<String> objectIds(Node node, String what) {
    List<String> ids = entries(node, what, "user", YamlReader::objectId, NONE);
    return ids == null ? null : Set.copyOf(ids);
  }

  /** A non-empty list of names, such as group ids or names. */
  Set<String> names(Node node, String what) {
    List<String> names = entries(node, what, "entry", Function.identity(), NONE);
    return names == null ? null : Set.copyOf(names);
  }

  static String objectId(String text) {
    if (!OBJECT_ID.matcher(text).matches()) {
      throw new IllegalArgumentException("must be an Entra ID object id (a GUID)");
    }
    return text;
  }

  static String describe(Node node) {
    if (isNull(node)) {
      return "nothing";
    }
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return "'" + ((ScalarNode) node).getValue() + "'";
  }
}
