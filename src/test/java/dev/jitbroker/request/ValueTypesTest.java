package dev.jitbroker.request;

import static dev.jitbroker.request.Fixtures.ROLE_DEFINITION_GUID;
import static dev.jitbroker.request.Fixtures.SUBSCRIPTION_ID;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Named.named;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypesTest {

  private static final String SUB = SUBSCRIPTION_ID;
  private static final String RG = "/subscriptions/" + SUB + "/resourceGroups/rg-payments";

  // ------------------------------------------------------------------ Scope

  @Nested
  class Scopes {

    static Stream<Arguments> scopesAndKinds() {
      return Stream.of(
          Arguments.of("/subscriptions/" + SUB, Scope.Kind.SUBSCRIPTION),
          Arguments.of(RG, Scope.Kind.RESOURCE_GROUP),
          Arguments.of(RG + "/providers/Microsoft.Compute/virtualMachines/vm1", Scope.Kind.RESOURCE),
          Arguments.of(RG + "/providers/Microsoft.Sql/servers/s1/databases/db1", Scope.Kind.RESOURCE),
          Arguments.of(RG + "/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/default", Scope.Kind.RESOURCE),
          Arguments.of(RG + "/providers/Microsoft.Web/sites/app1/slots/staging/config/web", Scope.Kind.RESOURCE));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("scopesAndKinds")
    void kindAndSubscription_areReadFromTheId(String armId, Scope.Kind kind) {
      Scope scope = new Scope(armId);

      assertEquals(kind, scope.kind());
      assertEquals(SUB, scope.subscriptionId());
      assertEquals(armId, scope.armId());
      assertEquals(armId, scope.toString());
    }

    @Test
    void subscriptionId_isLowerCase_whenGivenInUpperCase() {
      Scope scope = new Scope("/subscriptions/" + SUB.toUpperCase(Locale.ROOT) + "/resourceGroups/rg");

      assertEquals(SUB, scope.subscriptionId());
      assertEquals(Scope.Kind.RESOURCE_GROUP, scope.kind());
    }

    @Test
    void keywordsAreNormalized_butNamesKeepTheirCase() {
      Scope scope =
          new Scope("/SUBSCRIPTIONS/" + SUB.toUpperCase(Locale.ROOT)
              + "/resourcegroups/RG-Mixed/PROVIDERS/Microsoft.Compute/virtualMachines/VM1");

      assertEquals(
          "/subscriptions/" + SUB + "/resourceGroups/RG-Mixed/providers/Microsoft.Compute/virtualMachines/VM1",
          scope.armId());
    }

    @Test
    void resourceGroupNames_mayUseUnicodeLettersParenthesesAndPeriods() {
      assertEquals(Scope.Kind.RESOURCE_GROUP, new Scope("/subscriptions/" + SUB + "/resourceGroups/rg.(Zürich)_1-a").kind());
    }

    @Test
    void equalScopes_afterCanonicalization_areEqualValues() {
      assertEquals(new Scope(RG), new Scope(RG.toUpperCase(Locale.ROOT).replace("RG-PAYMENTS", "rg-payments")));
    }
  }

  // ------------------------------------------------------------------ RoleRef

  @Nested
  class RoleRefs {

    private static final String DEF_PATH = "/providers/Microsoft.Authorization/roleDefinitions/" + ROLE_DEFINITION_GUID;

    static Stream<Arguments> acceptedRoles() {
      String upperGuid = ROLE_DEFINITION_GUID.toUpperCase(Locale.ROOT);
      return Stream.of(
          Arguments.of("Virtual Machine Contributor", "Virtual Machine Contributor", false),
          Arguments.of("Reader", "Reader", false),
          Arguments.of("Storage Blob Data Reader (preview)", "Storage Blob Data Reader (preview)", false),
          Arguments.of(ROLE_DEFINITION_GUID, ROLE_DEFINITION_GUID, true),
          Arguments.of(upperGuid, ROLE_DEFINITION_GUID, true),
          Arguments.of(DEF_PATH, DEF_PATH, true),
          Arguments.of("/providers/microsoft.authorization/roledefinitions/" + upperGuid, DEF_PATH, true),
          Arguments.of("/subscriptions/" + SUB + DEF_PATH, "/subscriptions/" + SUB + DEF_PATH, true),
          Arguments.of(
              "/SUBSCRIPTIONS/" + SUB.toUpperCase(Locale.ROOT)
                  + "/PROVIDERS/MICROSOFT.AUTHORIZATION/ROLEDEFINITIONS/" + upperGuid,
              "/subscriptions/" + SUB + DEF_PATH,
              true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedRoles")
    void accepts_roleNamesAndDefinitionIds_normalizingIds(String input, String normalized, boolean isDefinitionId) {
      RoleRef role = new RoleRef(input);

      assertEquals(normalized, role.value());
      assertEquals(isDefinitionId, role.isDefinitionId());
      assertEquals(normalized, role.toString());
    }

    @Test
    void roleNameOfMaximalNameLength_isAccepted() {
      String name = "R".repeat(128);

      assertEquals(name, new RoleRef(name).value());
    }

    @Test
    void isDefinitionId_isFalse_forARoleNameThatMerelyHasTheLengthOfAGuid() {
      RoleRef role = new RoleRef("Fabrikam-Storage Blob Data Reader v2");

      assertFalse(role.isDefinitionId());
    }
  }

  // ------------------------------------------------------------------ PrincipalId, GrantType, Actor

  @Test
  void principalId_isNormalizedToLowerCase() {
    assertEquals(Fixtures.PRINCIPAL_ID, new PrincipalId(Fixtures.PRINCIPAL_ID.toUpperCase(Locale.ROOT)).value());
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"abc", "22222222-bbbb-4bbb-8bbb-22222222222", "22222222-bbbb-4bbb-8bbb-2222222222222", " 22222222-bbbb-4bbb-8bbb-222222222222"})
  void principalId_thatIsNoGuid_isRefused(String value) {
    assertThrows(IllegalArgumentException.class, () -> new PrincipalId(value));
    assertFalse(PrincipalId.looksValid(value));
  }

  @ParameterizedTest
  @EnumSource(GrantType.class)
  void grantType_parsesItsOwnWireName(GrantType type) {
    assertEquals(type, GrantType.parse(type.wireName()));
  }

  @Test
  void actor_system_holdsNoRoleAndReadsNothing() {
    Actor job = Actor.system("timeout");

    assertEquals("system:timeout", job.id());
    assertTrue(job.roles().isEmpty());
    assertFalse(job.readsAll());
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void actor_withAnyAppRole_readsAll(Role role) {
    assertTrue(Fixtures.actor("x", "X", role).readsAll());
  }

  @Test
  void actor_copiesItsRoleSet() {
    EnumSet<Role> roles = EnumSet.of(Role.APPROVER);
    Actor a = new Actor("x", "X", roles, Set.of());
    roles.add(Role.ADMIN);

    assertFalse(a.has(Role.ADMIN));
  }

  // ------------------------------------------------------------------ RequestCursor

  @Nested
  class Cursors {

    @Test
    void encodeThenDecode_returnsTheSameCursor() {
      RequestCursor cursor =
          new RequestCursor(Instant.parse("2025-03-03T09:00:00.123456789Z"), UUID.fromString("5d0b7a1e-3f4c-4b2a-9e8d-7c6b5a4f3e2d"));

      assertEquals(cursor, RequestCursor.decode(cursor.encode()));
    }

    @Test
    void encode_isUrlSafeWithoutPadding() {
      String token = new RequestCursor(Instant.parse("2025-03-03T09:00:00Z"), UUID.randomUUID()).encode();

      assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
    }

    static Stream<Named<String>> garbageCursors() {
      return Stream.of(
          named("not base64", "!!!not a cursor!!!"),
          named("empty", ""),
          named("no separator", b64("2025-03-03T09:00:00Z")),
          named("bad instant", b64("yesterday|5d0b7a1e-3f4c-4b2a-9e8d-7c6b5a4f3e2d")),
          named("bad uuid", b64("2025-03-03T09:00:00Z|not-a-uuid")),
          named("standard base64 with padding of random bytes", "+/+/+/=="));
    }

    private static String b64(String plain) {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("garbageCursors")
    void decode_ofGarbage_isAnInvalidRequestOnCursor(String token) {
      InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> RequestCursor.decode(token));

      assertEquals(List.of("cursor"), e.errors().stream().map(InvalidRequestException.FieldError::field).toList());
    }
  }

  // ------------------------------------------------------------------ IdempotencyKeys

  @Nested
  class IdempotencyKeyRules {

    @ParameterizedTest
    @ValueSource(strings = {"8f14e45f-ceea-4670-8a1b-0a9c5b6d7e8f", "a", "retry#1:{x}~"})
    void check_acceptsPrintableAscii(String key) {
      assertDoesNotThrow(() -> IdempotencyKeys.check(key));
    }

    @Test
    void check_acceptsNull_becauseTheHeaderIsOptional() {
      assertDoesNotThrow(() -> IdempotencyKeys.check(null));
    }

    @Test
    void check_acceptsExactlyMaxLength() {
      assertDoesNotThrow(() -> IdempotencyKeys.check("k".repeat(200)));
    }

    static Stream<Named<String>> badKeys() {
      return Stream.of(
          named("empty", ""),
          named("201 characters", "k".repeat(201)),
          named("space", "my key"),
          named("tab", "my\tkey"),
          named("non-ASCII", "schlüssel"),
          named("DEL", "key\u007f"));
    }

    @ParameterizedTest
    @MethodSource("badKeys")
    void check_refusesOtherKeys_onTheIdempotencyKeyField(String key) {
      InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> IdempotencyKeys.check(key));

      assertEquals("Idempotency-Key", e.errors().get(0).field());
      assertEquals(1, e.errors().size());
    }
  }

  // ------------------------------------------------------------------ Comment

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "\n\t "})
  void commentOf_blankOrNull_hasNullText(String text) {
    assertNull(Comment.of(text).text());
  }

  @Test
  void commentOf_text_keepsItAsGiven() {
    assertEquals(" fine by me\n", Comment.of(" fine by me\n").text());
  }

  @Test
  void comment_overMaxLength_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> Comment.of("c".repeat(Comment.MAX + 1)));
    assertEquals(Comment.MAX, Comment.of("c".repeat(Comment.MAX)).text().length());
  }

  @Test
  void comment_withControlCharacter_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> Comment.of("ok\u0007"));
  }

  // ------------------------------------------------------------------ Unicode is counted in code points

  private static final String EMOJI = "\uD83D\uDE80"; // U+1F680, two UTF-16 chars
  private static final String CJK = "\u8BBF"; // one CJK ideograph

  @Test
  void justification_ofTenEmoji_isLongEnough() {
    String text = EMOJI.repeat(10);

    assertEquals(20, text.length());
    assertEquals(text, new Justification(text).text());
  }

  @Test
  void justification_ofNineEmoji_isTooShort_thoughItHasEighteenChars() {
    assertThrows(IllegalArgumentException.class, () -> new Justification(EMOJI.repeat(9)));
  }

  @Test
  void justification_ofTenCjkCharacters_isLongEnough() {
    assertEquals(10, new Justification(CJK.repeat(10)).text().length());
  }

  @Test
  void justification_ofMaxEmoji_isAccepted_thoughItHasTwiceAsManyChars() {
    String text = EMOJI.repeat(Justification.MAX);

    assertEquals(2 * Justification.MAX, text.length());
    assertEquals(text, new Justification(text).text());
  }

  @Test
  void justification_ofMaxPlusOneEmoji_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Justification(EMOJI.repeat(Justification.MAX + 1)));
  }

  @Test
  void justification_mixingScripts_isAccepted() {
    String text = "Fix \u8BBF\u95EE " + EMOJI + " on the DB";

    assertEquals(text, new Justification(text).text());
  }

  @Test
  void ticket_ofMaxEmoji_isAccepted_andOneMoreIsRefused() {
    assertEquals(EMOJI.repeat(Ticket.MAX), new Ticket(EMOJI.repeat(Ticket.MAX)).value());
    assertThrows(IllegalArgumentException.class, () -> new Ticket(EMOJI.repeat(Ticket.MAX + 1)));
  }

  @Test
  void comment_ofMaxEmoji_isAccepted() {
    assertEquals(EMOJI.repeat(Comment.MAX), Comment.of(EMOJI.repeat(Comment.MAX)).text());
  }
}
