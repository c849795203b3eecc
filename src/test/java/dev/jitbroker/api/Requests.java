package dev.jitbroker.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** Request bodies for API tests. */
final class Requests {
  static final String SUBSCRIPTION = "/subscriptions/11111111-2222-3333-4444-555555555555";
  static final String RESOURCE_GROUP = SUBSCRIPTION + "/resourceGroups/app-prod";

  private Requests() {}

  /** A valid body: Reader on a resource group for an hour. */
  static Map<String, Object> valid() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("scope", RESOURCE_GROUP);
    body.put("role", "Reader");
    body.put("duration", "PT1H");
    body.put("justification", "Investigate INC-4711: checkout latency");
    body.put("ticket", "INC-4711");
    return body;
  }

  static Map<String, Object> with(String field, Object value) {
    Map<String, Object> body = valid();
    body.put(field, value);
    return body;
  }

  static Map<String, Object> without(String field) {
    Map<String, Object> body = valid();
    body.remove(field);
    return body;
  }
}
