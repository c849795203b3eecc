package dev.jitbroker.sandbox;

import java.util.List;

/** Azure's built-in role definitions that jit-broker grants, with their real ids and (abridged) permissions. */
final class BuiltInRoles {

  static final String BUILT_IN = "BuiltInRole";

  private BuiltInRoles() {}

  static List<RoleDefinition> all() {
    return List.of(
        role("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner",
            "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.",
            List.of("*"), List.of(), List.of()),
        role("b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor",
            "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, "
                + "manage assignments in Azure Blueprints, or share image galleries.",
            List.of("*"),
            List.of("Microsoft.Authorization/*/Delete", "Microsoft.Authorization/*/Write",
                "Microsoft.Authorization/elevateAccess/Action", "Microsoft.Blueprint/blueprintAssignments/write",
                "Microsoft.Blueprint/blueprintAssignments/delete", "Microsoft.Compute/galleries/share/action",
                "Microsoft.Purview/consents/write", "Microsoft.Purview/consents/delete"),
            List.of()),
        role("acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader",
            "View all resources, but does not allow you to make any changes.",
            List.of("*/read"), List.of(), List.of()),
        role("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "User Access Administrator",
            "Lets you manage user access to Azure resources.",
            List.of("*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"), List.of(), List.of()),
        role("1c0163c0-47e6-4577-8991-ea5c82e286e4", "Virtual Machine Administrator Login",
            "View Virtual Machines in the portal and login as administrator",
            List.of("Microsoft.Network/publicIPAddresses/read", "Microsoft.Network/virtualNetworks/read",
                "Microsoft.Network/loadBalancers/read", "Microsoft.Network/networkInterfaces/read",
                "Microsoft.Compute/virtualMachines/*/read", "Microsoft.HybridCompute/machines/*/read",
                "Microsoft.HybridConnectivity/endpoints/listCredentials/action"),
            List.of(),
            List.of("Microsoft.Compute/virtualMachines/login/action",
                "Microsoft.Compute/virtualMachines/loginAsAdmin/action",
                "Microsoft.HybridCompute/machines/login/action",
                "Microsoft.HybridCompute/machines/loginAsAdmin/action")),
        role("9980e02c-c2be-4d73-94e8-173b1dc7cf3c", "Virtual Machine Contributor",
            "Create and manage virtual machines, manage disks, install and run software, reset password of the "
                + "root user of the virtual machine using VM extensions, and manage local user accounts using VM "
                + "extensions. This role does not grant you management access to the virtual network or storage "
                + "account the virtual machines are connected to nor access to the roles that allow you to assign "
                + "roles in Azure RBAC.",
            List.of("Microsoft.Authorization/*/read", "Microsoft.Compute/availabilitySets/*",
                "Microsoft.Compute/locations/*", "Microsoft.Compute/virtualMachines/*",
                "Microsoft.Compute/virtualMachineScaleSets/*", "Microsoft.Compute/disks/write",
                "Microsoft.Compute/disks/read", "Microsoft.Compute/disks/delete",
                "Microsoft.Network/networkInterfaces/*", "Microsoft.Network/networkSecurityGroups/join/action",
                "Microsoft.Network/networkSecurityGroups/read", "Microsoft.Network/publicIPAddresses/join/action",
                "Microsoft.Network/publicIPAddresses/read", "Microsoft.Network/virtualNetworks/read",
                "Microsoft.Network/virtualNetworks/subnets/join/action", "Microsoft.Resources/deployments/*",
                "Microsoft.Resources/subscriptions/resourceGroups/read", "Microsoft.Storage/storageAccounts/read",
                "Microsoft.Support/*"),
            List.of(), List.of()));
  }

  private static RoleDefinition role(String id, String name, String description, List<String> actions,
      List<String> notActions, List<String> dataActions) {
    return new RoleDefinition(id, name, BUILT_IN, description, actions, notActions, dataActions, List.of());
  }
}
