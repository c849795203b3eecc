package dev.jitbroker.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitbroker.notify.NoticeType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The notification rows the brokers stored, held against what the {@link WebhookSink} received:
 * nothing lost, nothing dead, nothing received that the database does not hold.
 */
final class NotifyChecks {

  /** One row of the {@code notification} table. */
  record Row(UUID id, UUID requestId, NoticeType event, String state, int attempts, String lastError) {}

  /** What the checks counted: rows, deliveries received, and repeats (deliveries beyond the first per row). */
  record Figures(int rows, int received, int repeats, int repeatedRows) {
    @Override
    public String toString() {
      return rows + " notification(s), " + received + " delivery(ies) received, " + repeats + " repeat(s) of "
          + repeatedRows + " notification(s)";
    }
  }

  private NotifyChecks() {}

  static List<Row> rows(Drill drill) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (Connection c = drill.database(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT id, request_id, event, state, attempts, last_error FROM notification")) {
      while (r.next()) {
        rows.add(new Row(r.getObject(1, UUID.class), r.getObject(2, UUID.class), NoticeType.valueOf(r.getString(3)),
            r.getString(4), r.getInt(5), r.getString(6)));
      }
    }
    return rows;
  }

  /** How many rows are in each state, e.g. {@code {DELIVERED=120, PENDING=3}}. */
  static Map<String, Long> byState(Drill drill) throws SQLException {
    return rows(drill).stream().collect(Collectors.groupingBy(Row::state, TreeMap::new, Collectors.counting()));
  }

  /** Whether every row has left PENDING. */
  static boolean settled(Drill drill) throws SQLException {
    return rows(drill).stream().noneMatch(r -> r.state().equals("PENDING"));
  }

  /**
   * Every row ends DELIVERED (none DEAD), every row's id was received with a valid signature, every
   * delivery received was signed and is a row, with the row's event type and request.
   */
  static Figures assertNoneLost(Drill drill, WebhookSink sink) throws SQLException {
    List<Row> rows = rows(drill);
    Map<String, Row> byId = new HashMap<>();
    rows.forEach(r -> byId.put(r.id().toString(), r));
    assertTrue(!rows.isEmpty(), "the drill caused no notification at all");
    List<Row> notDelivered = rows.stream().filter(r -> !r.state().equals("DELIVERED")).toList();
    assertEquals(List.of(), notDelivered, "notifications not DELIVERED (DEAD or still PENDING)");
    assertEquals(List.of(), sink.unsigned(), "deliveries without a valid Standard Webhooks signature");
    Map<String, Integer> counts = sink.validCounts();
    List<Row> neverReceived = rows.stream().filter(r -> !counts.containsKey(r.id().toString())).toList();
    assertEquals(List.of(), neverReceived, "notifications the database holds as DELIVERED but the receiver never got");
    List<WebhookSink.Delivery> strays = new ArrayList<>();
    for (WebhookSink.Delivery d : sink.received()) {
      Row row = byId.get(d.id());
      if (row == null || !row.event().eventType().equals(d.type()) || !row.requestId().toString().equals(d.subject())) {
        strays.add(d);
      }
    }
    assertEquals(List.of(), strays, "deliveries that match no notification row (id, type and subject)");
    int received = counts.values().stream().mapToInt(Integer::intValue).sum();
    int repeatedRows = (int) counts.values().stream().filter(n -> n > 1).count();
    return new Figures(rows.size(), received, received - counts.size(), repeatedRows);
  }

  /** The events stored for each request. */
  static Map<UUID, Set<NoticeType>> eventsByRequest(List<Row> rows) {
    return rows.stream().collect(Collectors.groupingBy(Row::requestId,
        Collectors.mapping(Row::event, Collectors.toCollection(() -> java.util.EnumSet.noneOf(NoticeType.class)))));
  }
}
