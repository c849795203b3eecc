package dev.jitbroker.doctor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** ARM's wildcard and notActions rules, as the doctor applies them to what Azure lists. */
class ActionPatternTest {

  private static final String WRITE_ASSIGNMENTS = "Microsoft.Authorization/roleAssignments/write";

  @Test
  void star_coversEveryAction() {
    assertTrue(ActionPattern.covers("*", WRITE_ASSIGNMENTS));
  }

  @Test
  void providerWildcard_coversItsOwnActions_only() {
    assertTrue(ActionPattern.covers("Microsoft.Authorization/*", WRITE_ASSIGNMENTS));
    assertFalse(ActionPattern.covers("Microsoft.Authorization/*", "Microsoft.Solutions/jitRequests/write"));
  }

  @Test
  void starInTheMiddle_spansSlashes() {
    assertTrue(ActionPattern.covers("*/read", "Microsoft.Network/networkInterfaces/ipConfigurations/read"));
    assertTrue(ActionPattern.covers("Microsoft.Authorization/*/read", "Microsoft.Authorization/roleDefinitions/read"));
    assertFalse(ActionPattern.covers("Microsoft.Authorization/*/read", WRITE_ASSIGNMENTS));
  }

  @Test
  void matching_ignoresLetterCase() {
    assertTrue(ActionPattern.covers("microsoft.authorization/ROLEASSIGNMENTS/write", WRITE_ASSIGNMENTS));
    assertTrue(ActionPattern.covers("Microsoft.Solutions/locations/operationStatuses/read",
        "Microsoft.Solutions/locations/operationstatuses/read"));
  }

  @Test
  void exactAction_doesNotCoverAPrefixOrALongerAction() {
    assertFalse(ActionPattern.covers("Microsoft.Authorization/roleAssignments", WRITE_ASSIGNMENTS));
    assertFalse(ActionPattern.covers(WRITE_ASSIGNMENTS, WRITE_ASSIGNMENTS + "/more"));
  }

  @Test
  void aWantedWildcard_isCoveredOnlyByAWiderWildcard() {
    String wanted = "Microsoft.Network/networkInterfaces/*/read";
    assertTrue(ActionPattern.covers(wanted, wanted));
    assertTrue(ActionPattern.covers("Microsoft.Network/*", wanted));
    assertTrue(ActionPattern.covers("*/read", wanted));
    assertFalse(ActionPattern.covers("Microsoft.Network/networkInterfaces/ipConfigurations/read", wanted));
  }

  @Test
  void overlap_findsAnActionBothPatternsMatch() {
    assertTrue(ActionPattern.overlaps("Microsoft.Authorization/*/write", WRITE_ASSIGNMENTS));
    assertTrue(ActionPattern.overlaps("Microsoft.Network/*/ipConfigurations/read", "Microsoft.Network/networkInterfaces/*/read"));
    assertFalse(ActionPattern.overlaps("Microsoft.Authorization/*/delete", WRITE_ASSIGNMENTS));
    assertFalse(ActionPattern.overlaps("Microsoft.Compute/*", "Microsoft.Network/networkInterfaces/*/read"));
  }

  @Test
  void notActions_takeAwayFromTheirOwnRole() {
    Permission contributorLike = new Permission(List.of("*"),
        List.of("Microsoft.Authorization/*/Delete", "Microsoft.Authorization/*/Write", "Microsoft.Authorization/elevateAccess/Action"));
    assertFalse(contributorLike.allows(WRITE_ASSIGNMENTS));
    assertTrue(contributorLike.allows("Microsoft.Authorization/roleAssignments/read"));
  }

  @Test
  void notActions_doNotDenyWhatAnotherRoleGrants() {
    Permission contributorLike = new Permission(List.of("*"), List.of("Microsoft.Authorization/*/Write"));
    Permission assignmentWriter = new Permission(List.of(WRITE_ASSIGNMENTS), List.of());
    assertFalse(Permission.allowedByAny(List.of(contributorLike), WRITE_ASSIGNMENTS));
    assertTrue(Permission.allowedByAny(List.of(contributorLike, assignmentWriter), WRITE_ASSIGNMENTS));
  }

  @Test
  void aNotActionInsideAWantedWildcard_makesItMissing() {
    Permission role = new Permission(List.of("Microsoft.Network/*/read"),
        List.of("Microsoft.Network/networkInterfaces/ipConfigurations/read"));
    assertFalse(role.allows("Microsoft.Network/networkInterfaces/*/read"));
    assertTrue(role.allows("Microsoft.Network/publicIPAddresses/read"));
  }
}
