package dev.jitbroker.policy;

import static dev.jitbroker.policy.PolicyFixtures.RGS;
import static dev.jitbroker.policy.PolicyFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeWindowTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
  private static final TimeWindow OFFICE = new TimeWindow(WEEKDAYS, 8 * 60, 18 * 60, BERLIN);

  @ParameterizedTest(name = "{0} ({1}): {2}")
  @CsvSource({
      // Berlin is UTC+1 in January and UTC+2 in July.
      "2026-01-05T07:00:00Z, Monday 08:00 Berlin: from is inclusive,         true",
      "2026-01-05T06:59:59Z, Monday 07:59:59 Berlin,                          false",
      "2026-01-05T16:59:59Z, Monday 17:59:59 Berlin,                          true",
      "2026-01-05T17:00:00Z, Monday 18:00 Berlin: to is exclusive,            false",
      "2026-01-09T16:30:00Z, Friday 17:30 Berlin,                             true",
      "2026-01-10T09:00:00Z, Saturday 10:00 Berlin,                           false",
      "2026-01-11T23:30:00Z, Monday 00:30 Berlin but still Sunday in UTC,     false",
      "2026-07-06T06:00:00Z, Monday 08:00 Berlin in summer time,              true",
      "2026-07-06T05:30:00Z, Monday 07:30 Berlin in summer time (06:30 CET),  false",
      "2026-07-06T15:30:00Z, Monday 17:30 Berlin in summer time,              true",
  })
  void contains_readsTheInstantInTheWindowsZone(Instant now, String when, boolean expected) {
    assertEquals(expected, OFFICE.contains(now), when);
  }

  @Test
  void contains_usesTheLocalDay_notTheUtcDay() {
    TimeWindow mondayNight = new TimeWindow(EnumSet.of(DayOfWeek.MONDAY), 0, 60, BERLIN);
    Instant sundayInUtc = Instant.parse("2026-01-11T23:30:00Z");

    assertTrue(mondayNight.contains(sundayInUtc));
    assertFalse(new TimeWindow(EnumSet.of(DayOfWeek.MONDAY), 0, 60, ZoneId.of("UTC")).contains(sundayInUtc));
  }

  @Test
  void aWindowUntil2400_coversTheLastSecondOfTheDay() {
    TimeWindow evening = new TimeWindow(EnumSet.allOf(DayOfWeek.class), 18 * 60, TimeWindow.DAY, ZoneId.of("UTC"));
    assertTrue(evening.contains(Instant.parse("2026-01-05T23:59:59Z")));
    assertFalse(evening.contains(Instant.parse("2026-01-06T00:00:00Z")));
  }

  @Test
  void overnightOrEmptyWindows_areRefused() {
    assertThrows(IllegalArgumentException.class, () -> new TimeWindow(WEEKDAYS, 18 * 60, 8 * 60, BERLIN));
    assertThrows(IllegalArgumentException.class, () -> new TimeWindow(WEEKDAYS, 8 * 60, 8 * 60, BERLIN));
    assertThrows(IllegalArgumentException.class, () -> new TimeWindow(EnumSet.noneOf(DayOfWeek.class), 0, 60, BERLIN));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY | 480 | 1080 | MON-FRI 08:00-18:00 Europe/Berlin",
      "MONDAY,TUESDAY,WEDNESDAY,FRIDAY          | 480 | 1080 | MON-WED, FRI 08:00-18:00 Europe/Berlin",
      "SATURDAY,SUNDAY                          | 0   | 1440 | SAT-SUN all day Europe/Berlin",
      "WEDNESDAY                                | 570 | 1440 | WED 09:30-24:00 Europe/Berlin",
      "MONDAY,WEDNESDAY,SUNDAY                  | 0   | 60   | MON, WED, SUN 00:00-01:00 Europe/Berlin",
  })
  void describe_compressesConsecutiveDaysIntoRanges(String days, int from, int to, String expected) {
    Set<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
    for (String d : days.split(",")) {
      set.add(DayOfWeek.valueOf(d));
    }
    assertEquals(expected, new TimeWindow(set, from, to, BERLIN).describe());
  }

  @Test
  void documentWindows_acceptSingleDaysRangesAndAPlainText() {
    Policy policy = Policy.parse("""
        rules:
          - name: a
            match: { scopes: [%1$sa] }
            outcome: { auto: { window: { days: [mon, WED-fri], from: "8:00", to: "24:00", zone: UTC } } }
          - name: b
            match: { scopes: [%1$sb] }
            outcome: { auto: { window: { days: SAT-SUN, zone: Asia/Tokyo } } }
          - name: c
            match: { scopes: [%1$sc] }
            outcome: { auto: { window: { from: "09:00", to: "17:00", zone: America/New_York } } }
        """.formatted(RGS));
    Requester anyone = PolicyFixtures.requester(PolicyFixtures.BOB);

    assertEquals(
        List.of("MON, WED-FRI 08:00-24:00 UTC", "SAT-SUN all day Asia/Tokyo",
            "MON-SUN 09:00-17:00 America/New_York"),
        policy.eligibleFor(anyone).stream().map(EligibleRule::window).toList());
    // Tuesday 12:00 UTC is outside rule a; Wednesday 12:00 UTC is inside.
    assertNull(policy.route(request().scope(RGS + "a").build(), Instant.parse("2026-01-06T12:00:00Z")).rule());
    assertEquals("a", policy.route(request().scope(RGS + "a").build(), Instant.parse("2026-01-07T12:00:00Z")).rule());
  }
}
