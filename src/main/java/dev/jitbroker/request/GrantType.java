package dev.jitbroker.request;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How an approved request is granted in Azure. */
public enum GrantType {
  AZURE_RBAC("azure-rbac"),
  AZURE_PIM("azure-pim"),
  MANAGED_APP_JIT("managed-app-jit"),
  VM_JIT("vm-jit");

  private final String wireName;

  GrantType(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in the API and the database. */
  public String wireName() {
    return wireName;
  }

  /** The grant type with this wire name. */
  public static GrantType parse(String text) {
    for (GrantType t : values()) {
      if (t.wireName.equals(text)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "must be one of " + Arrays.stream(values()).map(GrantType::wireName).collect(Collectors.joining(", ")));
  }
}
