package dev.jitbroker.api;

import static dev.jitbroker.api.AccessRequestApiTest.submit;
import static dev.jitbroker.testsupport.Contract.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jitbroker.testsupport.Tokens;
import dev.jitbroker.testsupport.Tokens.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ListApiTest {

  private final User alice = Tokens.newUser("alice");
  private final User bob = Tokens.newUser("bob", "approver");

  @Test
  void pages_newestFirst_stableWhileNewRequestsArrive() {
    List<String> submitted = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      submitted.add(submit(alice));
    }
    Collections.reverse(submitted);
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      var spec = as(alice).queryParam("limit", 3);
      if (cursor != null) {
        spec.queryParam("cursor", cursor);
      }
      JsonPath page = spec.get("/api/v1/access-requests").then().statusCode(200).extract().jsonPath();
      seen.addAll(page.getList("items.id"));
      cursor = page.getString("nextCursor");
      if (pages == 0) {
        submit(alice); // arrives between pages; it is newer than the cursor, so it must not shift the pages
      }
      pages++;
    } while (cursor != null);
    assertEquals(submitted, seen);
    assertEquals(3, pages);
  }

  @Test
  void plainUser_seesOnlyOwnRequests() {
    submit(alice);
    submit(Tokens.newUser("zed"));
    as(alice).get("/api/v1/access-requests").then().statusCode(200)
        .body("items", hasSize(1)).body("items.requester.id", everyItem(equalTo(alice.oid())));
    as(alice).queryParam("requester", "me").get("/api/v1/access-requests").then().body("items", hasSize(1));
  }

  @Test
  void plainUser_askingForSomeoneElsesRequests_is403() {
    as(alice).queryParam("requester", bob.oid()).get("/api/v1/access-requests").then().statusCode(403)
        .contentType("application/problem+json");
  }

  @Test
  void approver_filtersByRequesterAndState() {
    String a = submit(alice);
    String b = submit(alice);
    // Denied, not approved: an approved request moves on to ACTIVE by itself, a denied one stays.
    as(bob).contentType("application/json").post("/api/v1/access-requests/" + a + "/deny").then().statusCode(200);
    as(bob).queryParam("requester", alice.oid()).queryParam("state", "DENIED")
        .get("/api/v1/access-requests").then().statusCode(200)
        .body("items", hasSize(1)).body("items[0].id", equalTo(a)).body("nextCursor", nullValue());
    as(bob).queryParam("requester", alice.oid()).queryParam("state", "PENDING")
        .get("/api/v1/access-requests").then().body("items", hasSize(1)).body("items[0].id", equalTo(b));
  }
}
