package dev.jitbroker.policy;

import static dev.jitbroker.policy.PolicyFixtures.ALICE;
import static dev.jitbroker.policy.PolicyFixtures.BOB;
import static dev.jitbroker.policy.PolicyFixtures.MONDAY_10_BERLIN;
import static dev.jitbroker.policy.PolicyFixtures.READER_ID;
import static dev.jitbroker.policy.PolicyFixtures.RGS;
import static dev.jitbroker.policy.PolicyFixtures.SUB;
import static dev.jitbroker.policy.PolicyFixtures.request;
import static dev.jitbroker.policy.PolicyFixtures.requester;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whether one rule's match part fits a request; the rule denies, so a match shows as that rule deciding. */
class MatchingTest {

  private static boolean matches(String flowMatch, RequestFacts request) {
    Policy policy = Policy.parse("rules:\n  - name: r\n    match: " + flowMatch + "\n    outcome: {deny: {message: no}}\n");
    return "r".equals(policy.route(request, MONDAY_10_BERLIN).rule());
  }

  @ParameterizedTest(name = "{0} vs {1}: {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "app-prod        | app-prod                                      | true",
      "app-prod        | APP-Prod                                      | true",
      "app-prod        | app-prod/providers/Microsoft.Web/sites/shop   | false",
      "app-*           | app-prod                                      | true",
      "app-*           | web-prod                                      | false",
      "app-*           | app-prod/providers/Microsoft.Web/sites/shop   | false",
      "app-prod/**     | app-prod                                      | true",
      "app-prod/**     | app-prod/providers/Microsoft.Web/sites/shop   | true",
      "app-prod/**     | app-production                                | false",
  })
  void scopes_matchExactlyOrByPattern(String pattern, String requested, boolean expected) {
    assertEquals(expected, matches("{scopes: [" + RGS + pattern + "]}", request().scope(RGS + requested).build()));
  }

  @ParameterizedTest(name = "rule {0} vs request {1}: {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "Reader                                                                   | Reader  | true",
      "reader                                                                   | READER  | true",
      "Reader                                                                   | Storage Blob Data Reader | false",
      READER_ID + "                                                             | " + READER_ID + " | true",
      READER_ID + "                                                             | /providers/Microsoft.Authorization/roleDefinitions/" + READER_ID + " | true",
      "/providers/Microsoft.Authorization/roleDefinitions/" + READER_ID + "     | /subscriptions/" + SUB + "/providers/Microsoft.Authorization/roleDefinitions/" + READER_ID + " | true",
      "/subscriptions/" + SUB + "/providers/Microsoft.Authorization/roleDefinitions/" + READER_ID + " | " + READER_ID + " | true",
      READER_ID + "                                                             | ACDD72A7-3385-48EF-BD42-F606FBA81AE7 | true",
      "Reader                                                                   | " + READER_ID + " | false",
      READER_ID + "                                                             | Reader  | false",
      "b24988ac-6180-42a0-ab88-20f7382dd24c                                     | " + READER_ID + " | false",
  })
  void roles_matchNamesByNameAndIdsByGuid(String ruleRole, String requestedRole, boolean expected) {
    assertEquals(expected, matches("{roles: ['" + ruleRole + "']}", request().role(requestedRole).build()));
  }

  @ParameterizedTest(name = "{0} admits {1} in [{2}]: {3}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "{anyone: true}                           | " + BOB + " | ``                 | true",
      "{users: [" + ALICE + "]}                 | " + ALICE + " | ``               | true",
      "{users: [" + ALICE + "]}                 | " + BOB + " | ``                 | false",
      "{users: [AAAAAAAA-0000-4000-8000-000000000001]} | " + ALICE + " | ``       | true",
      "{groups: [sre-oncall]}                   | " + BOB + " | SRE-OnCall         | true",
      "{groups: [sre-oncall]}                   | " + BOB + " | dev                | false",
      "{groups: [sre-oncall]}                   | " + BOB + " | ``                 | false",
      "{users: [" + ALICE + "], groups: [ops]}  | " + BOB + " | ops                | true",
      "{users: [" + ALICE + "], groups: [ops]}  | " + ALICE + " | ``               | true",
      "{users: [" + ALICE + "], groups: [ops]}  | " + BOB + " | dev                | false",
  })
  void requesters_admitAnyoneNamedUsersOrGroupMembers(String rule, String id, String group, boolean expected) {
    Requester who = group.isEmpty() ? requester(id) : requester(id, group, "everyone");
    assertEquals(expected, matches("{requesters: " + rule + "}", request().by(who).build()));
  }

  @ParameterizedTest(name = "{0} vs {1}: {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "[azure-rbac]            | azure-rbac | true",
      "[azure-rbac, azure-pim] | azure-pim  | true",
      "[azure-pim]             | azure-rbac | false",
      "[vm-jit]                | vm-jit     | true",
  })
  void grantTypes_matchTheNamedTypes(String types, String requested, boolean expected) {
    assertEquals(expected, matches("{grantTypes: " + types + "}", request().grantType(requested).build()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "{}",
      "{scopes: [/subscriptions/*/**], roles: [Reader], requesters: {anyone: true}, grantTypes: [azure-rbac]}",
  })
  void absentParts_matchAnything_andAllPartsMustMatch(String match) {
    assertTrue(matches(match, request().build()));
    assertEquals(match.equals("{}"), matches(match, request().role("Contributor").build()));
  }
}
