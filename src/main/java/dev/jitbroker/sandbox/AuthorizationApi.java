package dev.jitbroker.sandbox;

import java.util.Set;

/** Microsoft.Authorization role assignments and role definitions, api-version 2022-04-01. */
final class AuthorizationApi implements SandboxApi {

  static final String API_VERSION = "2022-04-01";

  private final RoleAssignmentsApi roleAssignments;
  private final RoleDefinitionsApi roleDefinitions;
  private final SandboxState state;

  AuthorizationApi(SandboxState state, java.time.Clock clock) {
    this.state = state;
    this.roleAssignments = new RoleAssignmentsApi(state, clock);
    this.roleDefinitions = new RoleDefinitionsApi(state);
  }

  @Override
  public boolean serves(String path) {
    return ArmPath.parse(path).isPresent();
  }

  @Override
  public Set<String> apiVersions() {
    return Set.of(API_VERSION);
  }

  @Override
  public ArmReply handle(ArmRequest request) {
    return switch (request.armPath().collection()) {
      case ROLE_ASSIGNMENTS -> roleAssignments.handle(request);
      case ROLE_DEFINITIONS -> roleDefinitions.handle(request);
    };
  }

  @Override
  public void reset() {
    state.clear();
  }
}
