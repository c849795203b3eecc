package dev.jitbroker.api;

import static dev.jitbroker.testsupport.Contract.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jitbroker.sandbox.ArmSandbox;
import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GET /api/v1/doctor through the real SDK, over HTTPS, against the sandbox's permissions API. */
@QuarkusTest
class DoctorApiTest {

  static final String SUB = "/subscriptions/55555555-0000-4000-8000-000000000000";

  @Inject ArmSandbox sandbox;

  private final User admin = Tokens.newUser("ada", "admin");
  private final String rg = SUB + "/resourceGroups/doctor-" + UUID.randomUUID();

  @AfterEach
  void forgetPermissions() {
    sandbox.brokerPermissions(rg, List.of(), List.of());
    sandbox.failNext(0, 503);
  }

  private JsonPath doctor(String scope) {
    return as(admin).queryParam("scope", scope).get("/api/v1/doctor")
        .then().statusCode(200).extract().jsonPath();
  }

  @Test
  void ownerLikeBroker_isReadyForAllFourGrantTypes() {
    JsonPath report = doctor(rg);
    assertEquals(rg, report.getString("scope"));
    assertEquals(true, report.getBoolean("permissionsReadable"));
    assertEquals(List.of("azure-rbac", "azure-pim", "managed-app-jit", "vm-jit"), report.getList("grantTypes.grantType"));
    assertEquals(List.of(true, true, true, true), report.getList("grantTypes.ready"));
    assertNull(report.getString("detail"));
  }

  @Test
  void shippedRoles_atTheResourceGroup_makeAResourceInItReady() {
    String vm = rg + "/providers/Microsoft.Compute/virtualMachines/vm-1";
    // Exactly the four shipped roles, assigned at the resource group: read through the resource's permissions call.
    sandbox.brokerPermissions(rg, List.of(
        "Microsoft.Authorization/roleDefinitions/read", "Microsoft.Authorization/roleAssignments/*",
        "Microsoft.Authorization/roleAssignmentSchedule*", "Microsoft.Authorization/roleAssignmentScheduleRequests/*",
        "Microsoft.Solutions/applications/read", "Microsoft.Solutions/jitRequests/*",
        "Microsoft.Solutions/locations/operationStatuses/read", "Microsoft.Security/locations/jitNetworkAccessPolicies/*",
        "Microsoft.Compute/virtualMachines/read", "Microsoft.Network/networkInterfaces/*",
        "Microsoft.Network/publicIPAddresses/read", "Microsoft.Authorization/permissions/read"), List.of());
    JsonPath report = doctor(vm);
    assertEquals(vm, report.getString("scope"));
    assertEquals(List.of(true, true, true, true), report.getList("grantTypes.ready"), report.prettify());
  }

  @Test
  void contributorLikeBroker_isNotReadyForRoleAssignments_andIsToldWhichRoleToAssign() {
    sandbox.brokerPermissions(rg, List.of("*"),
        List.of("Microsoft.Authorization/*/Delete", "Microsoft.Authorization/*/Write", "Microsoft.Authorization/elevateAccess/Action"));
    as(admin).queryParam("scope", rg).get("/api/v1/doctor").then().statusCode(200)
        .body("permissionsReadable", equalTo(true))
        .body("detail", containsString("2 of 4 grant types"))
        .body("grantTypes.find { it.grantType == 'azure-rbac' }.ready", equalTo(false))
        .body("grantTypes.find { it.grantType == 'azure-rbac' }.missingActions",
            equalTo(List.of("Microsoft.Authorization/roleAssignments/write", "Microsoft.Authorization/roleAssignments/delete")))
        .body("grantTypes.find { it.grantType == 'azure-rbac' }.role.name", equalTo("jit-broker azure-rbac"))
        .body("grantTypes.find { it.grantType == 'azure-rbac' }.role.path", equalTo("deploy/azure-roles/azure-rbac.json"))
        .body("grantTypes.find { it.grantType == 'azure-rbac' }.command", containsString("az role assignment create"))
        .body("grantTypes.find { it.grantType == 'azure-rbac' }.command", containsString("--scope " + rg))
        .body("grantTypes.find { it.grantType == 'azure-pim' }.missingActions",
            hasItem("Microsoft.Authorization/roleAssignmentScheduleRequests/write"))
        .body("grantTypes.find { it.grantType == 'vm-jit' }.ready", equalTo(true))
        .body("grantTypes.find { it.grantType == 'vm-jit' }.missingActions", empty())
        .body("grantTypes.find { it.grantType == 'vm-jit' }.command", nullValue());
  }

  @Test
  void brokerThatMayNotReadItsPermissions_isToldSoPlainly_andNothingIsReady() {
    sandbox.brokerPermissions(rg, List.of("Microsoft.Compute/virtualMachines/read"), List.of());
    as(admin).queryParam("scope", rg).get("/api/v1/doctor").then().statusCode(200)
        .body("permissionsReadable", equalTo(false))
        .body("detail", containsString("may not read its own permissions"))
        .body("grantTypes.ready", everyItem(equalTo(false)))
        .body("grantTypes.missingActions.flatten()", everyItem(equalTo("Microsoft.Authorization/permissions/read")))
        .body("grantTypes.command", everyItem(notNullValue()));
  }

  @Test
  void onlyAdmins_mayRunTheDoctor() {
    for (User other : List.of(Tokens.newUser("alice"), Tokens.newUser("bob", "approver"), Tokens.newUser("ivy", "auditor"))) {
      as(other).queryParam("scope", rg).get("/api/v1/doctor").then().statusCode(403)
          .contentType("application/problem+json")
          .body("type", equalTo("https://jit-broker.dev/problems/forbidden"));
    }
  }

  @Test
  void missingMalformedOrSubscriptionScope_isRefusedWith400() {
    as(admin).get("/api/v1/doctor").then().statusCode(400).contentType("application/problem+json")
        .body("errors.field", hasItem("scope"));
    as(admin).queryParam("scope", "/subscriptions/not-a-guid/resourceGroups/rg").get("/api/v1/doctor")
        .then().statusCode(400).contentType("application/problem+json")
        .body("type", equalTo("https://jit-broker.dev/problems/validation"))
        .body("errors.field", hasItem("scope"));
    as(admin).queryParam("scope", SUB).get("/api/v1/doctor").then().statusCode(400)
        .contentType("application/problem+json")
        .body("errors.find { it.field == 'scope' }.message", containsString("resource group"));
  }

  @Test
  void armUnavailable_answers503Problem_withRetryAfter() {
    // More failures than the SDK's in-call retries, so the doctor's call fails even if a worker takes one.
    sandbox.failNext(10, 503);
    as(admin).queryParam("scope", rg).get("/api/v1/doctor").then().statusCode(503)
        .contentType("application/problem+json")
        .header("Retry-After", notNullValue())
        .body("type", equalTo("https://jit-broker.dev/problems/azure-unavailable"))
        .body("detail", containsString("503"));
  }

  @Test
  void armThrottling_answers503Problem_withArmsRetryAfter() {
    sandbox.failNext(10, 429);
    as(admin).queryParam("scope", rg).get("/api/v1/doctor").then().statusCode(503)
        .contentType("application/problem+json")
        .header("Retry-After", equalTo("1"))
        .body("type", equalTo("https://jit-broker.dev/problems/azure-unavailable"))
        .body("detail", containsString("429"));
  }
}
