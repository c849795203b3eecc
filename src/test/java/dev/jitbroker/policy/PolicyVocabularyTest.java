package dev.jitbroker.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jitbroker.request.GrantType;
import dev.jitbroker.request.Role;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The policy core may not depend on the request core, so it keeps its own copy of two vocabularies;
 * this test fails when they drift apart.
 */
class PolicyVocabularyTest {

  @Test
  void grantTypes_areTheWireNamesOfGrantType() {
    assertEquals(Arrays.stream(GrantType.values()).map(GrantType::wireName).toList(), PolicyParser.GRANT_TYPES);
  }

  @Test
  void appRoles_areTheClaimValuesOfRole() {
    assertEquals(Arrays.stream(Role.values()).map(Role::claimValue).toList(), PolicyParser.APP_ROLES);
  }
}
