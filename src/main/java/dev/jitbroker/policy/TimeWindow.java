package dev.jitbroker.policy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * When an auto rule applies: on some days, between two times of day (from inclusive, to exclusive), in a zone.
 *
 * @param fromMinute minutes after midnight, 0 to 1439
 * @param toMinute minutes after midnight, later than {@code fromMinute}, up to 1440 (the end of the day)
 */
record TimeWindow(Set<DayOfWeek> days, int fromMinute, int toMinute, ZoneId zone) {

  static final int DAY = 24 * 60;

  TimeWindow {
    if (days.isEmpty()) {
      throw new IllegalArgumentException("a window needs at least one day");
    }
    days = Set.copyOf(EnumSet.copyOf(days));
    Objects.requireNonNull(zone, "zone");
    if (fromMinute < 0 || toMinute > DAY || fromMinute >= toMinute) {
      throw new IllegalArgumentException("a window runs forward within one day (no overnight windows)");
    }
  }

  /** Whether {@code now}, seen in the window's zone, falls inside it. */
  boolean contains(Instant now) {
    ZonedDateTime local = now.atZone(zone);
    int second = local.toLocalTime().toSecondOfDay();
    return days.contains(local.getDayOfWeek()) && second >= fromMinute * 60 && second < toMinute * 60;
  }

  /** For people: "MON-FRI 08:00-18:00 Europe/Berlin", runs of consecutive days written as ranges. */
  String describe() {
    List<String> runs = new ArrayList<>();
    DayOfWeek start = null;
    for (DayOfWeek d : DayOfWeek.values()) {
      if (days.contains(d) && start == null) {
        start = d;
      }
      if (start != null && (d == DayOfWeek.SUNDAY || !days.contains(d.plus(1)))) {
        runs.add(start == d ? abbreviation(d) : abbreviation(start) + "-" + abbreviation(d));
        start = null;
      }
    }
    String times = fromMinute == 0 && toMinute == DAY ? "all day" : clock(fromMinute) + "-" + clock(toMinute);
    return String.join(", ", runs) + " " + times + " " + zone.getId();
  }

  static String abbreviation(DayOfWeek day) {
    return day.getDisplayName(TextStyle.SHORT, Locale.ROOT).toUpperCase(Locale.ROOT);
  }

  static String clock(int minute) {
    return String.format(Locale.ROOT, "%02d:%02d", minute / 60, minute % 60);
  }
}
