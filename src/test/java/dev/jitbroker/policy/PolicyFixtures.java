package dev.jitbroker.policy;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Small builders for policy tests: requests, people, fixed instants. */
final class PolicyFixtures {

  static final String SUB = "11111111-2222-3333-4444-555555555555";
  static final String OTHER_SUB = "99999999-8888-7777-6666-555555555555";
  static final String RGS = "/subscriptions/" + SUB + "/resourceGroups/";
  static final String READER_ID = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

  static final String ALICE = "aaaaaaaa-0000-4000-8000-000000000001";
  static final String BOB = "bbbbbbbb-0000-4000-8000-000000000002";
  static final String CAROL = "cccccccc-0000-4000-8000-000000000003";
  static final String DAVE = "dddddddd-0000-4000-8000-000000000004";

  /** Monday 5 January 2026, 10:00 in Berlin (CET, UTC+1). */
  static final Instant MONDAY_10_BERLIN = Instant.parse("2026-01-05T09:00:00Z");
  /** Saturday 10 January 2026, 10:00 in Berlin. */
  static final Instant SATURDAY_10_BERLIN = Instant.parse("2026-01-10T09:00:00Z");

  private PolicyFixtures() {}

  static Policy policy(String yaml) {
    return Policy.parse(yaml);
  }

  static List<PolicyError> errors(String yaml) {
    return assertThrows(InvalidPolicyException.class, () -> Policy.parse(yaml)).errors();
  }

  static Requester requester(String id, String... groups) {
    return new Requester(id, Set.of(groups));
  }

  static Approver approver(String id, Set<String> groups, Set<String> roles) {
    return new Approver(id, groups, roles);
  }

  static FactsBuilder request() {
    return new FactsBuilder();
  }

  static <T extends Routing> T routed(Class<T> type, Routing routing) {
    return assertInstanceOf(type, routing, () -> "routed as " + routing);
  }

  /** A request for Reader on resource group app-prod for one hour, by Alice for herself; change what a test needs. */
  static final class FactsBuilder {
    private String scope = RGS + "app-prod";
    private String role = "Reader";
    private String grantType = "azure-rbac";
    private Requester requester = requester(ALICE);
    private String principalId = ALICE;
    private Duration duration = Duration.ofHours(1);
    private String justification = "Investigate INC-4711: checkout latency since the last deploy";
    private String ticket;

    FactsBuilder scope(String value) {
      scope = value;
      return this;
    }

    FactsBuilder role(String value) {
      role = value;
      return this;
    }

    FactsBuilder grantType(String value) {
      grantType = value;
      return this;
    }

    FactsBuilder by(Requester value) {
      requester = value;
      principalId = value.id();
      return this;
    }

    FactsBuilder duration(Duration value) {
      duration = value;
      return this;
    }

    FactsBuilder justification(String value) {
      justification = value;
      return this;
    }

    FactsBuilder ticket(String value) {
      ticket = value;
      return this;
    }

    RequestFacts build() {
      return new RequestFacts(scope, role, grantType, requester, principalId, duration, justification, ticket);
    }
  }
}
