package dev.jitbroker.request;

import static dev.jitbroker.request.Fixtures.PRINCIPAL_ID;
import static dev.jitbroker.request.Fixtures.REQUESTER_ID;
import static dev.jitbroker.request.Fixtures.ROLE_DEFINITION_GUID;
import static dev.jitbroker.request.Fixtures.SETTINGS;
import static dev.jitbroker.request.Fixtures.SUBSCRIPTION_ID;
import static dev.jitbroker.request.Fixtures.actor;
import static dev.jitbroker.request.Fixtures.raw;
import static dev.jitbroker.request.Fixtures.requester;
import static dev.jitbroker.request.Fixtures.scopeOfLength;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Named.named;

import dev.jitbroker.grant.NetworkAccess;
import dev.jitbroker.request.Fixtures.RawBuilder;
import dev.jitbroker.request.InvalidRequestException.FieldError;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubmissionTest {

  private static final String SUB = SUBSCRIPTION_ID;

  private static Submission submit(RawBuilder raw) {
    return Submission.from(raw.build(), requester(), SETTINGS);
  }

  /** Submits and expects exactly one broken field, {@code field}; returns its message. */
  private static String onlyErrorOn(String field, RawBuilder raw) {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> submit(raw));
    assertEquals(List.of(field), e.errors().stream().map(FieldError::field).toList(), e.getMessage());
    assertEquals(field + ": " + e.errors().get(0).message(), e.getMessage());
    return e.errors().get(0).message();
  }

  // ------------------------------------------------------------------ valid input

  @Test
  void from_validInput_producesTheExpectedSubmission() {
    RawBuilder raw =
        raw()
            .scope("/SUBSCRIPTIONS/" + SUB.toUpperCase(Locale.ROOT) + "/RESOURCEGROUPS/rg")
            .role("Reader")
            .duration("PT2H")
            .justification("Investigate the failed payment batch")
            .ticket("CHG-1234")
            .principalId(null)
            .grantType(null);

    Submission s = submit(raw);

    assertEquals(
        new Submission(
            new Scope("/subscriptions/" + SUB + "/resourceGroups/rg"),
            new RoleRef("Reader"),
            new PrincipalId(REQUESTER_ID),
            Duration.ofHours(2),
            new Justification("Investigate the failed payment batch"),
            new Ticket("CHG-1234"),
            GrantType.AZURE_RBAC,
            null,
            null),
        s);
    assertEquals("/subscriptions/" + SUB + "/resourceGroups/rg", s.scope().armId());
    assertEquals(REQUESTER_ID, s.principal().value());
  }

  @Test
  void from_scopeKeywordsAndSubscriptionInAnyCase_areCanonicalized() {
    Submission s = submit(raw().scope("/SUBSCRIPTIONS/ABCDEF01-2345-6789-ABCD-EF0123456789/RESOURCEGROUPS/rg"));

    assertEquals("/subscriptions/abcdef01-2345-6789-abcd-ef0123456789/resourceGroups/rg", s.scope().armId());
  }

  @Test
  void from_withoutGrantType_defaultsToAzureRbac() {
    assertEquals(GrantType.AZURE_RBAC, submit(raw().grantType(null)).grantType());
  }

  @ParameterizedTest
  @EnumSource(GrantType.class)
  void from_withAGrantTypeWireName_usesThatGrantType(GrantType type) {
    assertEquals(type, submit(raw().grantType(type.wireName())).grantType());
  }

  private static List<String> fieldsOf(org.junit.jupiter.api.function.Executable call) {
    return assertThrows(InvalidRequestException.class, call).errors().stream().map(FieldError::field).toList();
  }

  @Test
  void from_vmJit_takesPortsAndSource_andDefaultsTheRole() {
    Submission s = submit(raw().role(null).grantType("vm-jit").network(List.of(22, 3389), " 203.0.113.0/28 "));

    assertEquals(new NetworkAccess(List.of(22, 3389), "203.0.113.0/28"), s.network());
    assertEquals(Submission.VM_JIT_ROLE, s.role().value());
  }

  @Test
  void from_vmJitWithoutNetwork_namesTheField() {
    assertEquals(List.of("network"), fieldsOf(() -> submit(raw().grantType("vm-jit").noNetwork())));
  }

  @Test
  void from_networkOnAnotherGrantType_isRefused() {
    assertEquals(List.of("network"), fieldsOf(() -> submit(raw().grantType("azure-rbac").network(List.of(22), "203.0.113.7"))));
  }

  @ParameterizedTest
  @MethodSource("badNetworks")
  void from_vmJitWithBadNetwork_namesTheBrokenPart(List<Integer> ports, String source, String field) {
    assertEquals(List.of(field), fieldsOf(() -> submit(raw().grantType("vm-jit").network(ports, source))));
  }

  static Stream<Arguments> badNetworks() {
    List<Integer> tooMany = java.util.stream.IntStream.rangeClosed(1000, 1020).boxed().toList();
    return Stream.of(
        Arguments.of(List.of(), "203.0.113.7", "network.ports"),
        Arguments.of(null, "203.0.113.7", "network.ports"),
        Arguments.of(List.of(0), "203.0.113.7", "network.ports"),
        Arguments.of(List.of(65536), "203.0.113.7", "network.ports"),
        Arguments.of(List.of(22, 22), "203.0.113.7", "network.ports"),
        Arguments.of(tooMany, "203.0.113.7", "network.ports"),
        Arguments.of(java.util.Arrays.asList(22, null), "203.0.113.7", "network.ports"),
        Arguments.of(List.of(22), null, "network.sourceAddressPrefix"),
        Arguments.of(List.of(22), "*", "network.sourceAddressPrefix"),
        Arguments.of(List.of(22), "Internet", "network.sourceAddressPrefix"),
        Arguments.of(List.of(22), "203.0.113.256", "network.sourceAddressPrefix"),
        Arguments.of(List.of(22), "10.0.0.0/7", "network.sourceAddressPrefix"),
        Arguments.of(List.of(22), "10.0.0.0/33", "network.sourceAddressPrefix"),
        Arguments.of(List.of(22), "example.com", "network.sourceAddressPrefix"),
        Arguments.of(List.of(22), "2001:db8::/16", "network.sourceAddressPrefix"),
        Arguments.of(List.of(22), "2001:db8::zz", "network.sourceAddressPrefix"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"203.0.113.7", "203.0.113.0/28", "10.0.0.0/8", "2001:db8::1", "2001:db8::/48", "::1"})
  void from_vmJit_acceptsAddressesAndRanges(String source) {
    assertEquals(source, submit(raw().grantType("vm-jit").network(List.of(22), source)).network().sourceAddressPrefix());
  }

  @Test
  void from_withoutPrincipal_defaultsToTheCallersObjectIdInLowerCase() {
    Actor caller = actor(REQUESTER_ID.toUpperCase(Locale.ROOT), "Rita Requester");

    Submission s = Submission.from(raw().principalId(null).build(), caller, SETTINGS);

    assertEquals(REQUESTER_ID, s.principal().value());
  }

  @Test
  void from_withPrincipal_usesItNormalizedToLowerCase() {
    Submission s = submit(raw().principalId(PRINCIPAL_ID.toUpperCase(Locale.ROOT)));

    assertEquals(PRINCIPAL_ID, s.principal().value());
  }

  @Test
  void from_callerWhoseIdIsNotAGuid_mustNamePrincipal() {
    Actor caller = actor("live.com#rita@example.com", "Rita");

    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> Submission.from(raw().principalId(null).build(), caller, SETTINGS));

    assertEquals(List.of("principalId"), e.errors().stream().map(FieldError::field).toList());
    assertTrue(e.errors().get(0).message().startsWith("is required"), e.getMessage());
  }

  @Test
  void from_callerWhoseIdIsNotAGuid_mayNamePrincipal() {
    Actor caller = actor("live.com#rita@example.com", "Rita");

    Submission s = Submission.from(raw().principalId(PRINCIPAL_ID).build(), caller, SETTINGS);

    assertEquals(PRINCIPAL_ID, s.principal().value());
  }

  @Test
  void from_withoutTicket_hasNoTicket() {
    assertNull(submit(raw().ticket(null)).ticket());
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT5M", "PT300S", "PT8H", "PT7H59M59S", "PT1H30M"})
  void from_durationBetweenFiveMinutesAndTheMaximum_isAccepted(String duration) {
    assertEquals(Duration.parse(duration), submit(raw().duration(duration)).duration());
  }

  @Test
  void from_scopeOfExactlyMaxLength_isAccepted() {
    String scope = scopeOfLength(Scope.MAX_LENGTH);

    assertEquals(scope, submit(raw().scope(scope)).scope().armId());
  }

  @Test
  void from_justificationOfTenCharactersWithALineBreak_isAccepted() {
    assertEquals("abcd\nefghi", submit(raw().justification("abcd\nefghi")).justification().text());
  }

  @Test
  void from_justificationOfExactlyMaxLength_isAccepted() {
    String text = "j".repeat(Justification.MAX);

    assertEquals(text, submit(raw().justification(text)).justification().text());
  }

  @Test
  void from_ticketOfExactlyMaxLength_isAccepted() {
    String ticket = "T".repeat(Ticket.MAX);

    assertEquals(ticket, submit(raw().ticket(ticket)).ticket().value());
  }

  // ------------------------------------------------------------------ one bad field at a time

  static Stream<Named<String>> badScopes() {
    return Stream.of(
        named("null", null),
        named("empty", ""),
        named("no leading slash", "subscriptions/x"),
        named("subscription not a GUID", "/subscriptions/not-a-guid"),
        named("subscription with trailing slash", "/subscriptions/" + SUB + "/"),
        named("resource group with trailing slash", "/subscriptions/" + SUB + "/resourceGroups/rg/"),
        named("resource group ending with '.'", "/subscriptions/" + SUB + "/resourceGroups/rg."),
        named("resource group of 91 characters", "/subscriptions/" + SUB + "/resourceGroups/" + "r".repeat(91)),
        named("empty resource group", "/subscriptions/" + SUB + "/resourceGroups/"),
        named("1025 characters", scopeOfLength(Scope.MAX_LENGTH + 1)),
        named("provider without type and name", "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Compute"),
        named("type without name",
            "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines"),
        named("namespace without a dot",
            "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Compute/virtualMachines/vm1"),
        named("unknown keyword", "/subscriptions/" + SUB + "/resourcegroupz/rg"),
        named("query string", "/subscriptions/" + SUB + "/resourceGroups/rg?x=1"),
        named("line break", "/subscriptions/" + SUB + "/resourceGroups/rg\n"),
        named("surrounding space", " /subscriptions/" + SUB));
  }

  @ParameterizedTest
  @MethodSource("badScopes")
  void from_badScope_isReportedOnScope(String scope) {
    onlyErrorOn("scope", raw().scope(scope));
  }

  @Test
  void from_scopeLongerThanMax_saysHowLongItMayBe() {
    assertEquals("must be at most 1024 characters", onlyErrorOn("scope", raw().scope(scopeOfLength(1025))));
  }

  static Stream<Named<String>> badRoles() {
    return Stream.of(
        named("null", null),
        named("empty", ""),
        named("a path that is no role definition", "/foo"),
        named("257 characters", "R".repeat(RoleRef.MAX_LENGTH + 1)),
        named("trailing line break", "Reader\n"),
        named("trailing space", "Reader "),
        named("leading space", " Reader"),
        named("a name of 129 characters", "R".repeat(129)),
        named("a path with a bad GUID", "/providers/Microsoft.Authorization/roleDefinitions/not-a-guid"));
  }

  @ParameterizedTest
  @MethodSource("badRoles")
  void from_badRole_isReportedOnRole(String role) {
    onlyErrorOn("role", raw().role(role));
  }

  static Stream<Named<String>> badDurations() {
    return Stream.of(
        named("null", null),
        named("empty", ""),
        named("not ISO-8601", "1h"),
        named("under five minutes", "PT4M"),
        named("one second over the PT8H maximum", "PT8H1S"),
        named("a day", "P1D"),
        named("negative", "PT-1H"),
        named("fraction of a second, too short", "PT1.5S"),
        named("fraction of a second, in range", "PT5M0.5S"),
        named("zero", "PT0S"));
  }

  @ParameterizedTest
  @MethodSource("badDurations")
  void from_badDuration_isReportedOnDuration(String duration) {
    onlyErrorOn("duration", raw().duration(duration));
  }

  @Test
  void from_durationOverTheMaximum_namesTheLimits() {
    assertEquals("must be between PT5M and PT8H", onlyErrorOn("duration", raw().duration("PT8H1S")));
  }

  @Test
  void from_withALowerConfiguredMinimum_acceptsShorterDurationsDownToIt() {
    LifecycleSettings drill = new LifecycleSettings(Duration.ofHours(8), Duration.ofHours(24), Duration.ofSeconds(10));
    assertEquals(Duration.ofSeconds(10), Submission.from(raw().duration("PT10S").build(), requester(), drill).duration());
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> Submission.from(raw().duration("PT9S").build(), requester(), drill));
    assertEquals("must be between PT10S and PT8H", e.errors().get(0).message());
  }

  static Stream<Named<String>> badJustifications() {
    return Stream.of(
        named("null", null),
        named("empty", ""),
        named("blank", "          \n   "),
        named("too short", "short"),
        named("nine characters", "123456789"),
        named("ten characters only with the surrounding spaces", "   abcd   "),
        named("1001 characters", "j".repeat(Justification.MAX + 1)),
        named("control character BEL", "Need to debug \u0007 production"),
        named("NUL character", "Need to debug\u0000production"),
        named("unpaired surrogate", "Need to debug \uD83D production"));
  }

  @ParameterizedTest
  @MethodSource("badJustifications")
  void from_badJustification_isReportedOnJustification(String justification) {
    onlyErrorOn("justification", raw().justification(justification));
  }

  static Stream<Named<String>> badTickets() {
    return Stream.of(
        named("empty", ""),
        named("blank", "   "),
        named("129 characters", "T".repeat(Ticket.MAX + 1)),
        named("leading space", " INC-1"),
        named("trailing space", "INC-1 "),
        named("line break", "INC-1\nINC-2"),
        named("tab", "INC-1\tINC-2"));
  }

  @ParameterizedTest
  @MethodSource("badTickets")
  void from_badTicket_isReportedOnTicket(String ticket) {
    onlyErrorOn("ticket", raw().ticket(ticket));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "", "{" + "22222222-bbbb-4bbb-8bbb-222222222222" + "}", "22222222bbbb4bbb8bbb222222222222"})
  void from_badPrincipalId_isReportedOnPrincipalId(String principalId) {
    onlyErrorOn("principalId", raw().principalId(principalId));
  }

  @ParameterizedTest
  @ValueSource(strings = {"aws", "", "azure_rbac", "AZURE_RBAC"})
  void from_unknownGrantType_isReportedOnGrantType(String grantType) {
    String message = onlyErrorOn("grantType", raw().grantType(grantType));
    assertEquals("must be one of azure-rbac, azure-pim, managed-app-jit, vm-jit", message);
  }

  // ------------------------------------------------------------------ several bad fields

  @Test
  void from_everyFieldBad_reportsAllOfThemInOneException() {
    RawBuilder raw =
        raw()
            .scope("subscriptions/x")
            .role("/foo")
            .duration("1h")
            .justification("short")
            .ticket(" INC-1")
            .principalId("abc")
            .grantType("aws");

    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> submit(raw));

    assertEquals(
        List.of("scope", "role", "duration", "justification", "ticket", "principalId", "grantType"),
        e.errors().stream().map(FieldError::field).toList());
    assertEquals("7 fields are invalid; see 'errors'.", e.getMessage());
    assertTrue(e.errors().stream().allMatch(err -> err.message() != null && !err.message().isBlank()));
  }

  @Test
  void from_twoFieldsBad_reportsBoth() {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> submit(raw().duration(null).ticket("")));

    assertEquals(List.of("duration", "ticket"), e.errors().stream().map(FieldError::field).toList());
  }

  @Test
  void errors_cannotBeModified() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> submit(raw().role(null)));

    assertThrows(UnsupportedOperationException.class, () -> e.errors().clear());
  }

  // ------------------------------------------------------------------ fingerprint

  @Test
  void fingerprint_isEqualForEqualSubmissions() {
    Submission a = submit(raw());
    Submission b = submit(raw());

    assertEquals(a.fingerprint(), b.fingerprint());
    assertTrue(a.fingerprint().matches("[0-9a-f]{64}"), a.fingerprint());
  }

  @Test
  void fingerprint_isEqualForDifferentSpellingsOfTheSameRequest() {
    Submission canonical = submit(raw().principalId(PRINCIPAL_ID).grantType(null));
    Submission spelledDifferently =
        submit(
            raw()
                .scope(Fixtures.SCOPE.toUpperCase(Locale.ROOT).replace("RG-PAYMENTS", "rg-payments"))
                .principalId(PRINCIPAL_ID.toUpperCase(Locale.ROOT))
                .duration("PT120M")
                .grantType("azure-rbac"));

    assertEquals(canonical, spelledDifferently);
    assertEquals(canonical.fingerprint(), spelledDifferently.fingerprint());
  }

  static Stream<Arguments> oneFieldChanged() {
    return Stream.of(
        changed("scope", b -> b.scope("/subscriptions/" + SUB + "/resourceGroups/rg-other")),
        changed("scope: resource-group name case", b -> b.scope(Fixtures.SCOPE.replace("rg-payments", "RG-Payments"))),
        changed("role", b -> b.role("Contributor")),
        changed("role: definition id", b -> b.role(ROLE_DEFINITION_GUID)),
        changed("principal", b -> b.principalId(PRINCIPAL_ID)),
        changed("duration", b -> b.duration("PT1H")),
        changed("justification", b -> b.justification(Fixtures.JUSTIFICATION + ".")),
        changed("ticket", b -> b.ticket("INC-4712")),
        changed("ticket left out", b -> b.ticket(null)),
        changed("grant type", b -> b.grantType("azure-pim")));
  }

  private static Arguments changed(String what, UnaryOperator<RawBuilder> change) {
    return Arguments.of(named(what, change));
  }

  @ParameterizedTest
  @MethodSource("oneFieldChanged")
  void fingerprint_differsWhenAnyFieldDiffers(UnaryOperator<RawBuilder> change) {
    Submission original = submit(raw());
    Submission other = submit(change.apply(raw()));

    assertNotEquals(original, other);
    assertNotEquals(original.fingerprint(), other.fingerprint());
  }

  @Test
  void fingerprint_doesNotConfuseTextMovedBetweenAdjacentFields() {
    // The fields are joined with a separator no field may contain, so shifting text across a boundary matters.
    Submission a = submit(raw().justification("Need this access now").ticket("X1"));
    Submission b = submit(raw().justification("Need this access nowX").ticket("1"));

    assertAll(
        () -> assertNotEquals(a.fingerprint(), b.fingerprint()),
        () -> assertEquals(64, a.fingerprint().length()));
  }
}
