package dev.jitbroker.policy;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads a rule's outcome: {@code auto} (with its window), {@code approval} (with its approvers) or {@code deny}. */
final class OutcomeParser {
  /** The longest deny message: what the requester is shown, and what a request stores. */
  static final int MAX_MESSAGE = 1000;

  /** The shortest maximum duration a rule may set; anything shorter is almost certainly a typo. */
  static final Duration SHORTEST = Duration.ofMinutes(5);

  private static final List<String> OUTCOME_KEYS = List.of("auto", "approval", "deny", "notify");
  /** A channel name as configured ({@code jit.notify.channels.<name>.*}). */
  private static final Pattern CHANNEL = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final List<String> AUTO_KEYS = List.of("maxDuration", "window");
  private static final List<String> WINDOW_KEYS = List.of("days", "from", "to", "zone");
  private static final List<String> APPROVAL_KEYS = List.of("approvers", "quorum", "denyEndsIt", "timeout", "escalation", "decisions");
  private static final List<String> APPROVER_KEYS = List.of("users", "groups", "roles");
  private static final List<String> ESCALATION_KEYS = List.of("after", "approvers");
  private static final List<String> DENY_KEYS = List.of("message");
  private static final Pattern TIME = Pattern.compile("([01]?[0-9]|2[0-3]):([0-5][0-9])|(24):(00)");
  private static final Pattern DAYS = Pattern.compile("([A-Za-z]{3})(?:-([A-Za-z]{3}))?");

  private final YamlReader yaml;

  OutcomeParser(YamlReader yaml) {
    this.yaml = yaml;
  }

  /** An outcome and the channels its approvers are notified on. */
  record Read(Outcome outcome, List<String> notifyChannels) {}

  /** The outcome under a rule's {@code outcome} key at {@code line}; null after reporting problems. */
  Outcome outcome(Node node, int line) {
    Read read = read(node, line);
    return read == null ? null : read.outcome();
  }

  /** The outcome and its optional {@code notify} list; null after reporting problems. */
  Read read(Node node, int line) {
    YamlReader.Section s = yaml.section(node, line, "outcome", OUTCOME_KEYS);
    if (s == null) {
      return null;
    }
    List<String> notify = s.has("notify") ? notify(s) : List.of();
    Outcome outcome = kind(s);
    if (outcome == null || notify == null) {
      return null;
    }
    return new Read(outcome, notify);
  }

  // Approvers are told of pending requests on these channels; only an approval outcome has approvers.
  private List<String> notify(YamlReader.Section s) {
    List<String> channels = yaml.entries(s.get("notify"), "outcome.notify", "channel", OutcomeParser::channelName,
        "; leave it out to notify no channel");
    if (channels != null && !s.has("approval")) {
      yaml.error(s.lineOf("notify"), "'outcome.notify' names the channels approvers are told on, so it needs "
          + "an 'approval' outcome");
      return null;
    }
    return channels;
  }

  private static String channelName(String text) {
    if (!CHANNEL.matcher(text).matches()) {
      throw new IllegalArgumentException("must be a channel name as configured: lower-case letters, digits and '-'");
    }
    return text;
  }

  private Outcome kind(YamlReader.Section s) {
    List<String> present = s.values().keySet().stream().filter(k -> !k.equals("notify")).toList();
    if (present.isEmpty()) {
      yaml.error(s.line(), "'outcome' needs one of auto, approval or deny");
      return null;
    }
    // Read every kind given, so that mistakes inside each are reported too.
    List<Outcome> read = present.stream().map(kind -> kind(s, kind)).toList();
    if (present.size() > 1) {
      yaml.error(s.lineOf(present.get(1)), "'outcome' must have exactly one of auto, approval or deny (found "
          + String.join(" and ", present) + ")");
      return null;
    }
    return read.get(0);
  }

  private Outcome kind(YamlReader.Section s, String kind) {
    return switch (kind) {
      case "auto" -> auto(yaml.section(s.get(kind), s.lineOf(kind), "outcome.auto", AUTO_KEYS));
      case "approval" -> approval(yaml.section(s.get(kind), s.lineOf(kind), "outcome.approval", APPROVAL_KEYS));
      default -> deny(yaml.section(s.get(kind), s.lineOf(kind), "outcome.deny", DENY_KEYS));
    };
  }

  private Outcome auto(YamlReader.Section s) {
    if (s == null) {
      return null;
    }
    Duration max = s.has("maxDuration") ? yaml.duration(s.get("maxDuration"), "outcome.auto.maxDuration", SHORTEST) : null;
    TimeWindow window = s.has("window")
        ? window(yaml.section(s.get("window"), s.lineOf("window"), "outcome.auto.window", WINDOW_KEYS)) : null;
    boolean failed = (s.has("maxDuration") && max == null) || (s.has("window") && window == null);
    return failed ? null : new Outcome.Auto(max, window);
  }

  private TimeWindow window(YamlReader.Section s) {
    if (s == null) {
      return null;
    }
    Set<DayOfWeek> days = s.has("days") ? days(s.get("days")) : EnumSet.allOf(DayOfWeek.class);
    Integer from = s.has("from") ? minute(s.get("from"), "outcome.auto.window.from") : Integer.valueOf(0);
    Integer to = s.has("to") ? minute(s.get("to"), "outcome.auto.window.to") : Integer.valueOf(TimeWindow.DAY);
    ZoneId zone = null;
    if (!s.has("zone")) {
      yaml.error(s.line(), "'outcome.auto.window' needs a 'zone', such as Europe/Berlin or UTC");
    } else {
      String id = yaml.text(s.get("zone"), "outcome.auto.window.zone");
      if (id != null) {
        try {
          zone = ZoneId.of(id);
        } catch (DateTimeException e) {
          yaml.error(s.lineOf("zone"), "'outcome.auto.window.zone' is not a known time zone (got '" + id
              + "'); use an IANA name such as Europe/Berlin, or UTC");
        }
      }
    }
    if (s.has("from") != s.has("to")) {
      yaml.error(s.line(), "'outcome.auto.window' needs both 'from' and 'to', or neither (for the whole day)");
      return null;
    }
    if (from != null && to != null && from >= to) {
      yaml.error(s.lineOf("to"), "'outcome.auto.window.to' (" + TimeWindow.clock(to) + ") must be later than 'from' ("
          + TimeWindow.clock(from) + "): windows cannot run overnight; use one rule before and one after midnight");
      return null;
    }
    if (days == null || from == null || to == null || zone == null) {
      return null;
    }
    return new TimeWindow(days, from, to, zone);
  }

  private Set<DayOfWeek> days(Node node) {
    String what = "outcome.auto.window.days";
    List<Node> items = node instanceof ScalarNode && !YamlReader.isNull(node)
        ? List.of(node) : yaml.list(node, what, "; leave it out for every day");
    if (items == null) {
      return null;
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    boolean ok = true;
    for (Node item : items) {
      String text = yaml.text(item, what);
      List<DayOfWeek> read = text == null ? null : dayRange(text, YamlReader.line(item));
      if (read == null) {
        ok = false;
      } else {
        days.addAll(read);
      }
    }
    return ok ? days : null;
  }

  private List<DayOfWeek> dayRange(String text, int line) {
    Matcher m = DAYS.matcher(text.strip());
    DayOfWeek first = m.matches() ? day(m.group(1)) : null;
    DayOfWeek last = m.matches() ? (m.group(2) == null ? first : day(m.group(2))) : null;
    if (first == null || last == null) {
      yaml.error(line, "'outcome.auto.window.days' entries must be days MON, TUE, WED, THU, FRI, SAT, SUN "
          + "or ranges such as MON-FRI (got '" + text + "')");
      return null;
    }
    if (last.compareTo(first) < 0) {
      yaml.error(line, "day range '" + text + "' runs backwards; ranges run from MON towards SUN, so split it, "
          + "such as [" + TimeWindow.abbreviation(first) + "-SUN, MON"
          + (last == DayOfWeek.MONDAY ? "" : "-" + TimeWindow.abbreviation(last)) + "]");
      return null;
    }
    List<DayOfWeek> range = new ArrayList<>();
    for (DayOfWeek d = first; ; d = d.plus(1)) {
      range.add(d);
      if (d == last) {
        return range;
      }
    }
  }

  private static DayOfWeek day(String abbreviation) {
    for (DayOfWeek d : DayOfWeek.values()) {
      if (TimeWindow.abbreviation(d).equalsIgnoreCase(abbreviation)) {
        return d;
      }
    }
    return null;
  }

  private Integer minute(Node node, String what) {
    String text = yaml.text(node, what);
    if (text == null) {
      return null;
    }
    Matcher m = TIME.matcher(text);
    if (!m.matches()) {
      yaml.error(YamlReader.line(node), "'" + what + "' must be a time of day as HH:MM, such as 08:00 or 18:30 (got '"
          + text + "')");
      return null;
    }
    int hour = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(3));
    int minute = Integer.parseInt(m.group(2) != null ? m.group(2) : m.group(4));
    return hour * 60 + minute;
  }

  private Outcome approval(YamlReader.Section s) {
    if (s == null) {
      return null;
    }
    int before = yaml.errors().size();
    ApproverSet approvers = null;
    if (s.has("approvers")) {
      approvers = approvers(s.get("approvers"), s.lineOf("approvers"), "outcome.approval.approvers");
    } else {
      yaml.error(s.line(), "'outcome.approval' needs 'approvers': users, groups or roles");
    }
    Integer quorum = s.has("quorum") ? yaml.integer(s.get("quorum"), "outcome.approval.quorum") : Integer.valueOf(1);
    Boolean denyEndsIt = s.has("denyEndsIt") ? yaml.bool(s.get("denyEndsIt"), "outcome.approval.denyEndsIt") : Boolean.TRUE;
    Duration timeout = s.has("timeout") ? yaml.duration(s.get("timeout"), "outcome.approval.timeout", null) : null;
    Escalation escalation = s.has("escalation") ? escalation(s, timeout) : null;
    Set<DecisionChannel> decisions = s.has("decisions") ? decisions(s) : ApprovalRule.DEFAULT_DECISIONS;
    if (quorum != null && quorum < 1) {
      yaml.error(s.lineOf("quorum"), "'outcome.approval.quorum' must be at least 1 (got " + quorum + ")");
    } else if (quorum != null && approvers != null && approvers.groups().isEmpty() && approvers.roles().isEmpty()
        && quorum > distinct(approvers.users())) {
      int users = distinct(approvers.users());
      yaml.error(s.lineOf("quorum"), "'outcome.approval.quorum' is " + quorum + " but only " + users
          + (users == 1 ? " user is" : " users are") + " named to approve; lower it, or add users, groups or roles");
    }
    if (yaml.errors().size() > before) {
      return null;
    }
    return new Outcome.Approval(new ApprovalRule(approvers, quorum, denyEndsIt, timeout, escalation, decisions));
  }

  /** Where decisions may come from: {@code [api]}, or api with chat and/or webhook. */
  private Set<DecisionChannel> decisions(YamlReader.Section s) {
    String what = "outcome.approval.decisions";
    List<DecisionChannel> read = yaml.entries(s.get("decisions"), what, "channel", OutcomeParser::decisionChannel,
        "; leave it out for [api]");
    if (read == null) {
      return null;
    }
    if (!read.contains(DecisionChannel.API)) {
      yaml.error(s.lineOf("decisions"), "'" + what + "' must include api: a signed-in approver can always decide "
          + "(write [api, chat] to add chat buttons)");
      return null;
    }
    return Set.copyOf(read);
  }

  private static DecisionChannel decisionChannel(String text) {
    return DecisionChannel.fromWord(text.toLowerCase(Locale.ROOT)).orElseThrow(() -> new IllegalArgumentException(
        "is not a decision channel (known: api, chat, webhook)"));
  }

  private Escalation escalation(YamlReader.Section approval, Duration timeout) {
    String what = "outcome.approval.escalation";
    YamlReader.Section s = yaml.section(approval.get("escalation"), approval.lineOf("escalation"), what, ESCALATION_KEYS);
    if (s == null) {
      return null;
    }
    Duration after = null;
    ApproverSet approvers = null;
    if (!s.has("after") || !s.has("approvers")) {
      yaml.error(s.line(), "'" + what + "' needs both 'after' (a duration such as PT1H) and 'approvers'");
    }
    if (s.has("after")) {
      after = yaml.duration(s.get("after"), what + ".after", null);
    }
    if (after != null && timeout != null && after.compareTo(timeout) >= 0) {
      yaml.error(s.lineOf("after"), "'" + what + ".after' (" + after + ") must be shorter than 'timeout' ("
          + timeout + "), or the request times out before it escalates");
      after = null;
    }
    if (s.has("approvers")) {
      approvers = approvers(s.get("approvers"), s.lineOf("approvers"), what + ".approvers");
    }
    return after == null || approvers == null ? null : new Escalation(after, approvers);
  }

  private ApproverSet approvers(Node node, int line, String what) {
    YamlReader.Section s = yaml.section(node, line, what, APPROVER_KEYS);
    if (s == null) {
      return null;
    }
    Set<String> users = s.has("users") ? yaml.objectIds(s.get("users"), what + ".users") : Set.of();
    Set<String> groups = s.has("groups") ? yaml.names(s.get("groups"), what + ".groups") : Set.of();
    List<String> roles = s.has("roles")
        ? yaml.entries(s.get("roles"), what + ".roles", "app role", OutcomeParser::appRole, "; leave it out if there are none")
        : List.of();
    if (users == null || groups == null || roles == null) {
      return null;
    }
    if (users.isEmpty() && groups.isEmpty() && roles.isEmpty()) {
      yaml.error(s.line(), "'" + what + "' must name at least one user, group or role");
      return null;
    }
    return new ApproverSet(users, groups, Set.copyOf(roles));
  }

  private static String appRole(String text) {
    String role = text.toLowerCase(Locale.ROOT);
    if (!PolicyParser.APP_ROLES.contains(role)) {
      throw new IllegalArgumentException("is not an app role of jit-broker (known: " + String.join(", ", PolicyParser.APP_ROLES) + ")");
    }
    return role;
  }

  private static int distinct(Set<String> ids) {
    Set<String> lower = new HashSet<>();
    ids.forEach(id -> lower.add(id.toLowerCase(Locale.ROOT)));
    return lower.size();
  }

  private Outcome deny(YamlReader.Section s) {
    if (s == null) {
      return null;
    }
    if (!s.has("message")) {
      yaml.error(s.line(), "'outcome.deny' needs a 'message' telling the requester why and what to do instead");
      return null;
    }
    String message = yaml.text(s.get("message"), "outcome.deny.message");
    if (message != null && message.length() > MAX_MESSAGE) {
      yaml.error(s.lineOf("message"), "'outcome.deny.message' must be at most " + MAX_MESSAGE + " characters (it has "
          + message.length() + ")");
      return null;
    }
    return message == null ? null : new Outcome.Deny(message);
  }
}
