package dev.jitbroker.policy;

import static dev.jitbroker.policy.PolicyFixtures.errors;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of mistake in a document is reported, all at once, each at its own line. */
class InvalidPolicyTest {

  /** An approval rule using every setting; line numbers are on the right. */
  static final String APPROVAL = """
      rules:
        - name: prod-write
          match:
            scopes: [/subscriptions/11111111-2222-3333-4444-555555555555/**]
            roles: [Contributor]
            requesters:
              groups: [ops]
            grantTypes: [azure-rbac]
          constraints:
            maxDuration: PT4H
            justification: { required: true, pattern: "^.{20,}$" }
            ticket:
              required: true
              pattern: "^(INC|CHG)-\\\\d+$"
          outcome:
            approval:
              approvers:
                users: [aaaaaaaa-0000-4000-8000-000000000001]
                groups: [leads]
                roles: [approver]
              quorum: 1
              denyEndsIt: true
              timeout: PT4H
              escalation:
                after: PT1H
                approvers: { roles: [admin] }
      """;
  // rules 1, name 2, match 3, scopes 4, roles 5, requesters 6, groups 7, grantTypes 8, constraints 9,
  // maxDuration 10, justification 11, ticket 12, required 13, pattern 14, outcome 15, approval 16,
  // approvers 17, users 18, groups 19, roles 20, quorum 21, denyEndsIt 22, timeout 23, escalation 24,
  // after 25, approvers 26

  /** An auto rule with a window, then a deny rule. */
  static final String AUTO = """
      rules:
        - name: weekday-readers
          match:
            scopes: [/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/app-*]
          outcome:
            auto:
              maxDuration: PT1H
              window:
                days: [MON-FRI]
                from: "08:00"
                to: "18:00"
                zone: Europe/Berlin
        - name: owners
          match: { roles: [Owner] }
          outcome:
            deny:
              message: Never.
      """;
  // rules 1, name 2, match 3, scopes 4, outcome 5, auto 6, maxDuration 7, window 8, days 9, from 10, to 11,
  // zone 12, name 13, match 14, outcome 15, deny 16, message 17

  private static String edit(String base, String from, String to) {
    assertTrue(base.contains(from), () -> "the base document has no '" + from + "'");
    return base.replace(from, to);
  }

  private static PolicyError onlyError(String yaml) {
    List<PolicyError> errors = errors(yaml);
    assertEquals(1, errors.size(), () -> "expected one error, got " + errors);
    return errors.get(0);
  }

  private static void assertOnlyError(String yaml, int line, String fragment) {
    PolicyError error = onlyError(yaml);
    assertEquals(line, error.line(), error::toString);
    assertTrue(error.message().contains(fragment), () -> "'" + fragment + "' not in: " + error);
  }

  private static void assertHasError(String yaml, int line, String fragment) {
    List<PolicyError> errors = errors(yaml);
    assertTrue(errors.stream().anyMatch(e -> e.line() == line && e.message().contains(fragment)),
        () -> "no error at line " + line + " containing '" + fragment + "' in " + errors);
  }

  @Test
  void theBaseDocuments_areValid() {
    assertDoesNotThrow(() -> Policy.parse(APPROVAL));
    assertDoesNotThrow(() -> Policy.parse(AUTO));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   \n", "# only a comment\n\n"})
  void anEmptyDocument_isAnErrorAtLineOne(String yaml) {
    assertOnlyError(yaml, 1, "the policy is empty");
  }

  @Test
  void aYamlSyntaxError_isReportedAtItsLine() {
    assertOnlyError(edit(AUTO, "message: Never.", "message: Never: ever: again"), 17, "YAML syntax error");
    assertOnlyError(AUTO + "  - [unclosed\n", 18, "YAML syntax error");
  }

  @Test
  void aCharacterYamlForbids_isReportedAtItsLine() {
    assertOnlyError(edit(AUTO, "message: Never.", "message: Never\u0007"), 17, "character");
  }

  @Test
  void severalDocumentsInOneFile_areAnError() {
    assertOnlyError(AUTO + "---\nrules: []\n", 18, "single document");
  }

  @Test
  void aDocumentThatIsNotAMapping_isAnError() {
    assertOnlyError("# policy\n- name: a\n", 2, "must be a mapping with a 'rules' list");
  }

  @Test
  void aMissingOrEmptyRulesList_isAnError() {
    assertOnlyError("{}\n", 1, "needs a 'rules' list");
    assertOnlyError("# none yet\nrules: []\n", 2, "'rules' must not be empty");
    assertOnlyError("# none yet\nrules:\n", 2, "'rules' must not be empty");
    assertOnlyError("rules: all\n", 1, "'rules' must be a list");
  }

  @Test
  void aRuleThatIsNotAMapping_isAnError() {
    assertHasError(edit(AUTO, "  - name: owners\n", "  - owners\n  - name: owners\n"), 13, "a rule must be a mapping");
  }

  @Test
  void unknownKeys_nameTheKeyAndTheKnownOnes() {
    PolicyError error = onlyError(edit(APPROVAL, "quorum: 1", "quourm: 1"));
    assertEquals(new PolicyError(21, "unknown key 'quourm' in outcome.approval "
        + "(known: approvers, quorum, denyEndsIt, timeout, escalation, decisions)"), error);
    assertOnlyError(edit(AUTO, "rules:", "version: 2\nrules:"), 1, "unknown key 'version' in the policy (known: rules)");
  }

  @ParameterizedTest(name = "{1} -> line {3}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "APPROVAL | `    match:`                  | `    matches:`                 | 3  | unknown key 'matches' in a rule",
      "APPROVAL | `      grantTypes:`           | `      grantType:`             | 8  | unknown key 'grantType' in match",
      "APPROVAL | `        groups: [ops]`       | `        group: [ops]`         | 7  | unknown key 'group' in match.requesters",
      "APPROVAL | `      maxDuration: PT4H`     | `      maxDuraton: PT4H`       | 10 | unknown key 'maxDuraton' in constraints",
      "APPROVAL | `        required: true`      | `        requried: true`       | 13 | unknown key 'requried' in constraints.ticket",
      "APPROVAL | `      approval:`             | `      approve:`               | 16 | unknown key 'approve' in outcome",
      "APPROVAL | `          roles: [approver]` | `          role: [approver]`   | 20 | unknown key 'role' in outcome.approval.approvers",
      "APPROVAL | `          after: PT1H`       | `          afterr: PT1H`       | 25 | unknown key 'afterr' in outcome.approval.escalation",
      "AUTO     | `        maxDuration: PT1H`   | `        maxDurations: PT1H`   | 7  | unknown key 'maxDurations' in outcome.auto",
      "AUTO     | `          zone: Europe`      | `          timezone: Europe`   | 12 | unknown key 'timezone' in outcome.auto.window",
      "AUTO     | `        message: Never.`     | `        messsage: Never.`     | 17 | unknown key 'messsage' in outcome.deny",
  })
  void unknownKeys_areReportedAtTheirLine_atEveryLevel(String base, String from, String to, int line, String fragment) {
    assertHasError(edit(base.equals("AUTO") ? AUTO : APPROVAL, from, to), line, fragment);
  }

  @Test
  void aDuplicateKey_isReportedAtItsSecondOccurrence() {
    assertOnlyError(edit(AUTO, "      to: \"18:00\"\n", "      to: \"18:00\"\n          to: \"19:00\"\n"), 12,
        "duplicate key 'to' in outcome.auto.window (first at line 11)");
  }

  @Test
  void ruleNames_areRequiredWellFormedAndUnique() {
    assertOnlyError(edit(AUTO, "  - name: owners\n    match:", "  - match:"), 13, "every rule needs a 'name'");
    assertOnlyError(edit(AUTO, "name: owners", "name: Owners_Rule"), 13, "rule name 'Owners_Rule' must be");
    assertOnlyError(edit(AUTO, "name: owners", "name: weekday-readers"), 13,
        "duplicate rule name 'weekday-readers' (first at line 2)");
  }

  @ParameterizedTest(name = "{1} -> line {3}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "APPROVAL | `scopes: [/subscriptions/11111111-2222-3333-4444-555555555555/**]` | `scopes: /subscriptions/11111111-2222-3333-4444-555555555555/**` | 4 | 'match.scopes' must be a list",
      "APPROVAL | `groups: [ops]`       | `anyone: maybe`          | 7  | 'match.requesters.anyone' must be true or false (got 'maybe')",
      "APPROVAL | `quorum: 1`           | `quorum: two`            | 21 | 'outcome.approval.quorum' must be a whole number (got 'two')",
      "APPROVAL | `denyEndsIt: true`    | `denyEndsIt: \"true\"`   | 22 | 'outcome.approval.denyEndsIt' must be true or false",
      "APPROVAL | `maxDuration: PT4H`   | `maxDuration: [PT4H]`    | 10 | 'constraints.maxDuration' must be a non-empty text (got a list)",
      "APPROVAL | `    constraints:`    | `    constraints: strict\\n    unused:` | 9 | constraints must be a mapping",
      "AUTO     | `message: Never.`     | `message: [Never, ever]` | 17 | 'outcome.deny.message' must be a non-empty text",
      "AUTO     | `match: { roles: [Owner] }` | `match: [Owner]`    | 14 | match must be a mapping",
  })
  void wrongTypes_areReportedAtTheValue(String base, String from, String to, int line, String fragment) {
    assertHasError(edit(base.equals("AUTO") ? AUTO : APPROVAL, from, to.replace("\\n", "\n")), line, fragment);
  }

  @ParameterizedTest(name = "{1} -> {3}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "APPROVAL | `maxDuration: PT4H`   | `maxDuration: 4h`     | 10 | must be an ISO-8601 duration such as PT30M, PT4H or P1D (got '4h')",
      "APPROVAL | `maxDuration: PT4H`   | `maxDuration: PT1M`   | 10 | 'constraints.maxDuration' must be at least PT5M",
      "AUTO     | `maxDuration: PT1H`   | `maxDuration: PT4M`   | 7  | 'outcome.auto.maxDuration' must be at least PT5M",
      "APPROVAL | `timeout: PT4H`       | `timeout: -PT4H`      | 23 | 'outcome.approval.timeout' must be longer than zero",
      "APPROVAL | `after: PT1H`         | `after: PT0S`         | 25 | 'outcome.approval.escalation.after' must be longer than zero",
  })
  void badDurations_areReportedAtTheirLine(String base, String from, String to, int line, String fragment) {
    assertOnlyError(edit(base.equals("AUTO") ? AUTO : APPROVAL, from, to), line, fragment);
  }

  @Test
  void badRegularExpressions_reportTheRegexProblem() {
    assertOnlyError(edit(APPROVAL, "pattern: \"^.{20,}$\"", "pattern: \"^(.{20,}$\""), 11,
        "'constraints.justification.pattern' is not a valid regular expression: Unclosed group");
    assertOnlyError(edit(APPROVAL, "pattern: \"^(INC|CHG)", "pattern: \"^[INC|CHG"), 14, "Illegal character range");
  }

  @ParameterizedTest(name = "{1} -> {3}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`zone: Europe/Berlin`      | `zone: Europe/Berlinn`   | 12 | 'outcome.auto.window.zone' is not a known time zone (got 'Europe/Berlinn')",
      "`from: \"08:00\"`          | `from: 8am`              | 10 | 'outcome.auto.window.from' must be a time of day as HH:MM",
      "`to: \"18:00\"`            | `to: \"25:00\"`          | 11 | 'outcome.auto.window.to' must be a time of day",
      "`from: \"08:00\"`          | `from: \"19:00\"`        | 11 | windows cannot run overnight",
      "`days: [MON-FRI]`          | `days: [MON-FRY]`        | 9  | entries must be days MON, TUE",
      "`days: [MON-FRI]`          | `days: [MON, FRI-MON]`   | 9  | day range 'FRI-MON' runs backwards",
      "`days: [MON-FRI]`          | `days: []`               | 9  | 'outcome.auto.window.days' must not be empty",
      "`          zone: Europe/Berlin\\n` | ``                 | 8  | 'outcome.auto.window' needs a 'zone'",
      "`          to: \"18:00\"\\n`       | ``                 | 8  | needs both 'from' and 'to', or neither",
  })
  void badWindows_areReportedAtTheirLine(String from, String to, int line, String fragment) {
    assertOnlyError(edit(AUTO, from.replace("\\n", "\n"), to), line, fragment);
  }

  @Test
  void overnightWindows_sayWhyTheyAreRefused() {
    PolicyError error = onlyError(edit(AUTO, "from: \"08:00\"", "from: \"22:00\""));
    assertEquals(new PolicyError(11, "'outcome.auto.window.to' (18:00) must be later than 'from' (22:00): windows "
        + "cannot run overnight; use one rule before and one after midnight"), error);
  }

  @Test
  void outcomes_needExactlyOneKind() {
    assertOnlyError(edit(AUTO, "    outcome:\n      deny:\n        message: Never.\n", ""), 13, "needs an 'outcome'");
    assertOnlyError(edit(AUTO, "      deny:\n        message: Never.\n", "      {}\n"), 15, "'outcome' needs one of");
    assertOnlyError(edit(AUTO, "        message: Never.\n", "        message: Never.\n      auto: {}\n"), 18,
        "must have exactly one of auto, approval or deny (found deny and auto)");
  }

  @Test
  void approvalRules_needApprovers() {
    String noApprovers = edit(APPROVAL, """
                approvers:
                  users: [aaaaaaaa-0000-4000-8000-000000000001]
                  groups: [leads]
                  roles: [approver]
        """, "");
    assertOnlyError(noApprovers, 16, "'outcome.approval' needs 'approvers'");
    String empty = edit(APPROVAL, """
                  users: [aaaaaaaa-0000-4000-8000-000000000001]
                  groups: [leads]
                  roles: [approver]
        """, "");
    assertOnlyError(empty, 17, "'outcome.approval.approvers' must name at least one user, group or role");
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`roles: [approver]`          | `roles: [aprover]`            | 20 | app role 'aprover' is not an app role of jit-broker (known: approver, auditor, admin)",
      "`users: [aaaaaaaa-0000-4000-8000-000000000001]` | `users: [alice]` | 18 | user 'alice' must be an Entra ID object id",
      "`users: [aaaaaaaa-0000-4000-8000-000000000001]` | `users: []` | 18 | 'outcome.approval.approvers.users' must not be empty",
      "`quorum: 1`                  | `quorum: 0`                   | 21 | 'outcome.approval.quorum' must be at least 1 (got 0)",
      "`after: PT1H`                | `after: PT4H`                 | 25 | 'outcome.approval.escalation.after' (PT4H) must be shorter than 'timeout' (PT4H)",
      "`          approvers: { roles: [admin] }\\n` | ``             | 24 | 'outcome.approval.escalation' needs both 'after'",
      "`approvers: { roles: [admin] }` | `approvers: {}`            | 26 | 'outcome.approval.escalation.approvers' must name at least one",
  })
  void badApprovalSettings_areReportedAtTheirLine(String from, String to, int line, String fragment) {
    assertOnlyError(edit(APPROVAL, from.replace("\\n", "\n"), to), line, fragment);
  }

  @Test
  void aQuorumLargerThanTheNamedUsers_isAnError_whenOnlyUsersAreNamed() {
    String onlyUsers = edit(APPROVAL, "          groups: [leads]\n          roles: [approver]\n", "");
    assertOnlyError(edit(onlyUsers, "quorum: 1", "quorum: 2"), 19,
        "'outcome.approval.quorum' is 2 but only 1 user is named to approve");
    assertDoesNotThrow(() -> Policy.parse(edit(APPROVAL, "quorum: 1", "quorum: 2")));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`roles: [Contributor]`      | `roles: [/providers/Contributor]`    | 5 | role '/providers/Contributor' must be a role name",
      "`roles: [Contributor]`      | `roles: []`                          | 5 | 'match.roles' must not be empty; leave it out to match any",
      "`grantTypes: [azure-rbac]`  | `grantTypes: [azure-rbca]`           | 8 | grant type 'azure-rbca' is not one of azure-rbac, azure-pim, managed-app-jit, vm-jit",
      "`/11111111-2222-3333-4444-555555555555/**]` | `/11111111-2222-3333-4444-555555555555/**/app]` | 4 | may use '**' only as its whole last segment",
      "`/11111111-2222-3333-4444-555555555555/**]` | `/prod/**]`        | 4 | must name the subscription by its id",
      "`[/subscriptions/11111111-2222-3333-4444-555555555555/**]` | `[/subscriptions/**]` | 4 | would cover every subscription",
      "`[/subscriptions/11111111-2222-3333-4444-555555555555/**]` | `[/resourceGroups/app]` | 4 | must start with /subscriptions/",
      "`groups: [ops]`             | `users: [bob]`                       | 7 | user 'bob' must be an Entra ID object id",
      "`groups: [ops]`             | `{}`                                 | 6 | must say 'anyone: true' or list users or groups",
      "`groups: [ops]`             | `anyone: false`                      | 6 | must say 'anyone: true' or list users or groups",
  })
  void badMatchParts_areReportedAtTheirLine(String from, String to, int line, String fragment) {
    assertOnlyError(edit(APPROVAL, from, to), line, fragment);
  }

  @Test
  void anyoneTogetherWithUsersOrGroups_isAnError() {
    assertOnlyError(edit(APPROVAL, "groups: [ops]", "groups: [ops]\n        anyone: true"), 8,
        "'anyone: true' already admits everyone");
  }

  @Test
  void rulesThatGrant_mustNameScopes() {
    assertOnlyError(edit(AUTO, "scopes: [/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/app-*]",
        "roles: [Reader]"), 3, "the rule 'weekday-readers' grants access (auto), so it must say where");
    String noMatch = edit(APPROVAL, """
            match:
              scopes: [/subscriptions/11111111-2222-3333-4444-555555555555/**]
              roles: [Contributor]
              requesters:
                groups: [ops]
              grantTypes: [azure-rbac]
        """, "");
    assertOnlyError(noMatch, 2, "grants access (approval), so it must say where");
  }

  @Test
  void denyRules_needAMessage_andTakeNoConstraints() {
    assertOnlyError(edit(AUTO, "      deny:\n        message: Never.\n", "      deny:\n"), 16, "'outcome.deny' needs a 'message'");
    assertOnlyError(edit(AUTO, "    match: { roles: [Owner] }\n", "    match: { roles: [Owner] }\n    constraints: { maxDuration: PT1H }\n"),
        15, "denies every request it matches, so 'constraints' would never matter");
  }

  @Test
  void allErrors_areReportedTogether_inLineOrder() {
    String yaml = edit(edit(edit(APPROVAL, "quorum: 1", "quorum: 0"), "maxDuration: PT4H", "maxDuration: 4h"),
        "roles: [Contributor]", "roles: [/x]")
        + edit(AUTO, "rules:\n", "").replace("weekday-readers", "prod-write").replace("Europe/Berlin", "Mars/Olympus");

    List<PolicyError> errors = errors(yaml);

    assertEquals(List.of(5, 10, 21, 27, 37), errors.stream().map(PolicyError::line).toList(), errors::toString);
    assertTrue(errors.get(3).message().contains("duplicate rule name 'prod-write' (first at line 2)"));
  }

  @Test
  void theExceptionMessage_listsEveryErrorWithItsLine() {
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class,
        () -> Policy.parse(edit(edit(AUTO, "PT1H", "1h"), "Europe/Berlin", "Mars/Olympus")));
    assertTrue(e.getMessage().startsWith("The policy is invalid: line 7: "), e.getMessage());
    assertTrue(e.getMessage().contains("; line 12: "), e.getMessage());
  }

  @Test
  void aTimeoutBeyondAYear_isReportedAtItsLine() {
    List<PolicyError> errors = errors(edit(APPROVAL, "timeout: PT4H", "timeout: P999999999D"));
    assertEquals(23, errors.get(0).line());
    assertTrue(errors.get(0).message().contains("at most"), errors.toString());
  }

  @Test
  void aDenyMessageLongerThanARequestCanStore_isReportedAtItsLine() {
    String yaml = """
        rules:
          - name: no-owner
            match:
              roles: [Owner]
            outcome:
              deny:
                message: "%s"
        """.formatted("x".repeat(1001));
    List<PolicyError> errors = errors(yaml);
    assertEquals(7, errors.get(0).line());
    assertTrue(errors.get(0).message().contains("1000"), errors.toString());
  }
}
