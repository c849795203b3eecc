package dev.jitbroker.policy;

import static dev.jitbroker.policy.PolicyFixtures.RGS;
import static dev.jitbroker.policy.PolicyFixtures.SUB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScopePatternTest {

  private static final String WEB_APP = RGS + "app-prod/providers/Microsoft.Web/sites/shop";

  static Stream<Arguments> patternsScopesAndWhetherTheyMatch() {
    return Stream.of(
        // exact: the whole scope, nothing below or beside it
        Arguments.of(RGS + "app-prod", RGS + "app-prod", true),
        Arguments.of(RGS + "app-prod", WEB_APP, false),
        Arguments.of(RGS + "app-prod", RGS + "app-prod2", false),
        Arguments.of("/subscriptions/" + SUB, "/subscriptions/" + SUB, true),
        Arguments.of("/subscriptions/" + SUB, RGS + "app-prod", false),
        // case-insensitive both ways
        Arguments.of("/SUBSCRIPTIONS/" + SUB.toUpperCase() + "/RESOURCEGROUPS/App-Prod", RGS + "app-prod", true),
        Arguments.of(RGS + "app-prod", RGS + "APP-PROD", true),
        Arguments.of(RGS + "APP-*", RGS + "app-prod", true),
        // '*' stays within one segment
        Arguments.of(RGS + "app-*", RGS + "app-prod", true),
        Arguments.of(RGS + "app-*", RGS + "app-", true),
        Arguments.of(RGS + "app-*", RGS + "web-app", false),
        Arguments.of(RGS + "app-*", WEB_APP, false),
        Arguments.of(RGS + "*-prod", RGS + "app-prod", true),
        Arguments.of(RGS + "a*-p*d", RGS + "app-prod", true),
        Arguments.of(RGS + "*/providers/Microsoft.Web/sites/*", WEB_APP, true),
        Arguments.of(RGS + "*/providers/Microsoft.Web/sites/*", RGS + "app-prod", false),
        Arguments.of("/subscriptions/*", "/subscriptions/" + SUB, true),
        Arguments.of("/subscriptions/*", RGS + "app-prod", false),
        // '/**': the prefix itself and everything below it
        Arguments.of(RGS + "app-prod/**", RGS + "app-prod", true),
        Arguments.of(RGS + "app-prod/**", WEB_APP, true),
        Arguments.of(RGS + "app-prod/**", RGS + "app-prod2", false),
        Arguments.of(RGS + "app-prod/**", "/subscriptions/" + SUB, false),
        Arguments.of("/subscriptions/" + SUB + "/**", "/subscriptions/" + SUB, true),
        Arguments.of("/subscriptions/" + SUB + "/**", WEB_APP, true),
        Arguments.of("/subscriptions/*/**", WEB_APP, true),
        Arguments.of("/subscriptions/*/**", "/subscriptions/" + PolicyFixtures.OTHER_SUB, true),
        Arguments.of("/subscriptions/*/resourceGroups/app-*/**", WEB_APP, true),
        // regex characters in names are literal
        Arguments.of(RGS + "app.prod", RGS + "appxprod", false),
        Arguments.of(RGS + "app(1)", RGS + "app(1)", true));
  }

  @ParameterizedTest(name = "{0} ~ {1}: {2}")
  @MethodSource("patternsScopesAndWhetherTheyMatch")
  void matches_followsTheWildcardRules(String pattern, String scope, boolean expected) {
    assertEquals(expected, ScopePattern.parse(pattern).matches(scope));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/resourceGroups/app-prod",
      "subscriptions/11111111-2222-3333-4444-555555555555",
      "/subscriptions",
      "/subscriptions/",
      "/subscriptions/**",
      "/subscriptions/11111111-2222-3333-4444-555555555555/**/app",
      "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/app-**",
      "/subscriptions/production",
      "/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroup/app",
      "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/app/provider/Microsoft.Web/sites/s",
      "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/app/",
      "/subscriptions/11111111-2222-3333-4444-555555555555//app",
      "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/a?b",
      " /subscriptions/11111111-2222-3333-4444-555555555555",
  })
  void parse_rejectsPatternsThatCannotMatchWhatTheAuthorMeant(String pattern) {
    assertThrows(IllegalArgumentException.class, () -> ScopePattern.parse(pattern));
  }

  @Test
  void parse_acceptsAWildcardSubscriptionAndGlobsOfIds() {
    assertTrue(ScopePattern.parse("/subscriptions/*/**").matches(RGS + "x"));
    assertTrue(ScopePattern.parse("/subscriptions/11111111-*/**").matches(RGS + "x"));
  }

  @Test
  void literals_countEverythingButWildcards() {
    ScopePattern exact = ScopePattern.parse(RGS + "app-prod");
    ScopePattern glob = ScopePattern.parse(RGS + "app-*");
    ScopePattern below = ScopePattern.parse(RGS + "app-prod/**");

    assertTrue(exact.exact());
    assertFalse(glob.exact());
    assertFalse(below.exact());
    assertEquals(RGS.length() + "app-".length(), glob.literals());
    assertEquals((RGS + "app-prod").length(), below.literals());
    assertEquals(exact.literals(), below.literals());
  }
}
