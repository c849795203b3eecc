package dev.jitbroker.policy;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.reader.ReaderException;

/** Turns a policy document into rules, or into an {@link InvalidPolicyException} listing every problem. */
final class PolicyParser {

  // The wire names of request.GrantType and the app roles of request.Role; this package may not depend on
  // request, so PolicyVocabularyTest keeps these lists in step with those enums.
  static final List<String> GRANT_TYPES = List.of("azure-rbac", "azure-pim", "managed-app-jit", "vm-jit");
  static final List<String> APP_ROLES = List.of("approver", "auditor", "admin");

  private static final List<String> RULE_KEYS = List.of("name", "match", "constraints", "outcome");
  private static final List<String> MATCH_KEYS = List.of("scopes", "roles", "requesters", "grantTypes");
  private static final List<String> REQUESTER_KEYS = List.of("anyone", "users", "groups");
  private static final List<String> CONSTRAINT_KEYS = List.of("maxDuration", "justification", "ticket");
  private static final List<String> TEXT_KEYS = List.of("required", "pattern");
  private static final String ANY = "; leave it out to match any";

  private final YamlReader yaml = new YamlReader();
  private final OutcomeParser outcomes = new OutcomeParser(yaml);

  private PolicyParser() {}

  /** The rules of {@code text}, in document order. */
  static List<Rule> parse(String text) {
    Node root;
    try {
      root = new Yaml().compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String context = e.getContext() == null ? "" : e.getContext() + ": ";
      // At the end of the stream the mark lies past the last line; point at the last line instead.
      int line = mark == null ? 1 : Math.min(mark.getLine() + 1, Math.max(1, (int) text.lines().count()));
      throw invalid(line, "YAML syntax error: " + context + e.getProblem());
    } catch (ReaderException e) {
      throw invalid(lineAt(text, e.getPosition()), String.format(Locale.ROOT,
          "the document holds a character YAML does not allow (U+%04X); remove it", e.getCodePoint()));
    } catch (YAMLException e) {
      throw invalid(1, "the document cannot be read as YAML: " + e.getMessage());
    }
    if (root == null) {
      throw invalid(1, "the policy is empty; it needs a 'rules' list with at least one rule");
    }
    PolicyParser parser = new PolicyParser();
    List<Rule> rules = parser.document(root);
    List<PolicyError> errors = new ArrayList<>(parser.yaml.errors());
    if (!errors.isEmpty()) {
      errors.sort(Comparator.comparingInt(PolicyError::line));
      throw new InvalidPolicyException(errors);
    }
    return rules;
  }

  private List<Rule> document(Node root) {
    if (!(root instanceof MappingNode)) {
      yaml.error(YamlReader.line(root), "the policy must be a mapping with a 'rules' list (got "
          + YamlReader.describe(root) + ")");
      return List.of();
    }
    YamlReader.Section top = yaml.section(root, YamlReader.line(root), "the policy", List.of("rules"));
    if (!top.has("rules")) {
      yaml.error(top.line(), "the policy needs a 'rules' list with at least one rule");
      return List.of();
    }
    List<Node> items = yaml.list(top.get("rules"), "rules", "; a policy needs at least one rule");
    if (items == null) {
      return List.of();
    }
    List<Rule> rules = new ArrayList<>();
    Map<String, Integer> names = new HashMap<>();
    for (Node item : items) {
      Rule rule = rule(item, names);
      if (rule != null) {
        rules.add(rule);
      }
    }
    return rules;
  }

  private Rule rule(Node node, Map<String, Integer> names) {
    YamlReader.Section s = yaml.section(node, YamlReader.line(node), "a rule", RULE_KEYS);
    if (s == null) {
      return null;
    }
    int before = yaml.errors().size();
    String name = ruleName(s, names);
    Match match = s.has("match")
        ? match(yaml.section(s.get("match"), s.lineOf("match"), "match", MATCH_KEYS)) : Match.ANYTHING;
    Constraints constraints = s.has("constraints") ? constraints(s) : Constraints.NONE;
    Outcome outcome = null;
    List<String> notify = List.of();
    if (s.has("outcome")) {
      OutcomeParser.Read read = outcomes.read(s.get("outcome"), s.lineOf("outcome"));
      if (read != null) {
        outcome = read.outcome();
        notify = read.notifyChannels();
      }
    } else {
      yaml.error(s.line(), "the rule" + named(name) + " needs an 'outcome': auto, approval or deny");
    }
    if (outcome != null && !(outcome instanceof Outcome.Deny) && match != null && match.scopes().isEmpty()) {
      yaml.error(s.lineOf("match"), "the rule" + named(name) + " grants access (" + outcome.word()
          + "), so it must say where: add 'match.scopes'");
    }
    if (outcome instanceof Outcome.Deny && s.has("constraints")) {
      yaml.error(s.lineOf("constraints"), "the rule" + named(name) + " denies every request it matches, "
          + "so 'constraints' would never matter; remove them");
    }
    if (yaml.errors().size() > before) {
      return null;
    }
    return new Rule(name, match, constraints, outcome, notify);
  }

  private String ruleName(YamlReader.Section s, Map<String, Integer> names) {
    if (!s.has("name")) {
      yaml.error(s.line(), "every rule needs a 'name'");
      return null;
    }
    String name = yaml.text(s.get("name"), "name");
    if (name == null) {
      return null;
    }
    int line = s.lineOf("name");
    if (!Rule.NAME.matcher(name).matches()) {
      yaml.error(line, "rule name '" + name + "' must be 1 to 63 lower-case letters, digits and hyphens, "
          + "starting with a letter or digit");
    } else if (names.containsKey(name)) {
      yaml.error(line, "duplicate rule name '" + name + "' (first at line " + names.get(name) + ")");
    } else {
      names.put(name, line);
    }
    return name;
  }

  private static String named(String name) {
    return name == null ? "" : " '" + name + "'";
  }

  private Match match(YamlReader.Section s) {
    if (s == null) {
      return null;
    }
    List<ScopePattern> scopes = s.has("scopes")
        ? yaml.entries(s.get("scopes"), "match.scopes", "scope pattern", ScopePattern::parse, ANY) : List.of();
    List<RolePattern> roles = s.has("roles")
        ? yaml.entries(s.get("roles"), "match.roles", "role", RolePattern::parse, ANY) : List.of();
    RequesterMatch requesters = s.has("requesters")
        ? requesters(yaml.section(s.get("requesters"), s.lineOf("requesters"), "match.requesters", REQUESTER_KEYS))
        : null;
    List<String> grantTypes = s.has("grantTypes")
        ? yaml.entries(s.get("grantTypes"), "match.grantTypes", "grant type", PolicyParser::grantType, ANY) : List.of();
    return scopes == null || roles == null || grantTypes == null ? null : new Match(scopes, roles, requesters, grantTypes);
  }

  private static String grantType(String text) {
    if (!GRANT_TYPES.contains(text)) {
      throw new IllegalArgumentException("is not one of " + String.join(", ", GRANT_TYPES));
    }
    return text;
  }

  private RequesterMatch requesters(YamlReader.Section s) {
    if (s == null) {
      return null;
    }
    Boolean anyone = s.has("anyone") ? yaml.bool(s.get("anyone"), "match.requesters.anyone") : Boolean.FALSE;
    Set<String> users = s.has("users") ? yaml.objectIds(s.get("users"), "match.requesters.users") : Set.of();
    Set<String> groups = s.has("groups") ? yaml.names(s.get("groups"), "match.requesters.groups") : Set.of();
    if (anyone == null || users == null || groups == null) {
      return null;
    }
    if (anyone && !(users.isEmpty() && groups.isEmpty())) {
      yaml.error(s.lineOf("anyone"), "'anyone: true' already admits everyone; remove it, or remove users and groups");
      return null;
    }
    if (!anyone && users.isEmpty() && groups.isEmpty()) {
      yaml.error(s.line(), "'match.requesters' must say 'anyone: true' or list users or groups "
          + "(leave it out to admit anyone signed in)");
      return null;
    }
    return new RequesterMatch(anyone, users, groups);
  }

  private Constraints constraints(YamlReader.Section rule) {
    YamlReader.Section s = yaml.section(rule.get("constraints"), rule.lineOf("constraints"), "constraints", CONSTRAINT_KEYS);
    if (s == null) {
      return null;
    }
    Duration max = s.has("maxDuration")
        ? yaml.duration(s.get("maxDuration"), "constraints.maxDuration", OutcomeParser.SHORTEST) : null;
    Constraints.Text justification = text(s, "justification", true);
    Constraints.Text ticket = text(s, "ticket", false);
    return justification == null || ticket == null ? null : new Constraints(max, justification, ticket);
  }

  private Constraints.Text text(YamlReader.Section constraints, String key, boolean requiredByDefault) {
    if (!constraints.has(key)) {
      return new Constraints.Text(requiredByDefault, null);
    }
    String path = "constraints." + key;
    YamlReader.Section s = yaml.section(constraints.get(key), constraints.lineOf(key), path, TEXT_KEYS);
    if (s == null) {
      return null;
    }
    Boolean required = s.has("required") ? yaml.bool(s.get("required"), path + ".required") : requiredByDefault;
    Pattern pattern = null;
    if (s.has("pattern")) {
      String regex = yaml.text(s.get("pattern"), path + ".pattern");
      if (regex == null) {
        return null;
      }
      try {
        pattern = Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        yaml.error(s.lineOf("pattern"), "'" + path + ".pattern' is not a valid regular expression: "
            + e.getDescription() + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "") + " in '" + regex + "'");
        return null;
      }
    }
    return required == null ? null : new Constraints.Text(required, pattern);
  }

  private static int lineAt(String text, int codePointIndex) {
    return (int) text.codePoints().limit(codePointIndex).filter(c -> c == '\n').count() + 1;
  }

  private static InvalidPolicyException invalid(int line, String message) {
    return new InvalidPolicyException(List.of(new PolicyError(line, message)));
  }
}
