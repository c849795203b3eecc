package dev.jitbroker.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the emulated Microsoft.Solutions holds: managed applications with their JIT access policy, the
 * JIT requests made for them, and the long-running operations that create and change them. States
 * follow the sandbox clock: a JIT request is provisioned after its application's provisioning time,
 * then approved, denied or left pending, and an approved one expires when its window ends.
 */
public final class ManagedApps {

  /** The tenant ARM reports as the publisher's ({@code publisherTenantId} is read-only in the spec). */
  public static final String PUBLISHER_TENANT = "5f0c8a2e-0000-4000-8000-00000000b0b0";

  /** Who approves a JIT request: Azure at once, or a person in the customer's tenant. */
  public enum Approval {
    AUTO("AutoApprove"),
    MANUAL("ManualApprove");

    final String wire;

    Approval(String wire) {
      this.wire = wire;
    }
  }

  /** Which header announces a long-running operation. */
  public enum AsyncStyle { AZURE_ASYNC_OPERATION, LOCATION }

  /**
   * A managed application as a customer deployed it.
   *
   * @param id {@code /subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Solutions/applications/{name}}
   * @param tenantHasP2 whether the customer's tenant holds an Entra ID P2 licence; without one every
   *     JIT request is denied, with no reason given
   * @param provisioningTime how long creating a JIT request or changing the application takes
   */
  public record AppSpec(String id, String location, boolean jitEnabled, Duration maximumJitDuration, Approval approval,
      String customerTenantId, boolean tenantHasP2, Duration provisioningTime) {

    /** JIT on, at most eight hours, approved by Azure at once, a tenant with P2, provisioned in half a second. */
    public static AppSpec of(String id) {
      return new AppSpec(id, "westeurope", true, Duration.ofHours(8), Approval.AUTO, UUID.randomUUID().toString(), true,
          Duration.ofMillis(500));
    }

    public AppSpec jitOff() {
      return new AppSpec(id, location, false, maximumJitDuration, approval, customerTenantId, tenantHasP2, provisioningTime);
    }

    public AppSpec maximum(Duration max) {
      return new AppSpec(id, location, jitEnabled, max, approval, customerTenantId, tenantHasP2, provisioningTime);
    }

    public AppSpec approvedBy(Approval by) {
      return new AppSpec(id, location, jitEnabled, maximumJitDuration, by, customerTenantId, tenantHasP2, provisioningTime);
    }

    public AppSpec withoutP2() {
      return new AppSpec(id, location, jitEnabled, maximumJitDuration, approval, customerTenantId, false, provisioningTime);
    }

    public AppSpec provisionedIn(Duration time) {
      return new AppSpec(id, location, jitEnabled, maximumJitDuration, approval, customerTenantId, tenantHasP2, time);
    }
  }

  /** A JIT request as the sandbox holds it; its states are read at a moment with {@link #state}. */
  public record JitRequest(String id, String applicationId, String location, String principalId, String roleDefinitionId,
      Instant startTime, Duration duration, Map<String, String> tags, Instant createdAt, Instant provisionedAt,
      boolean autoApprove, boolean deniedForLicence, String decision) {

    /** {@code provisioningState} at {@code now}. */
    public String provisioning(Instant now) {
      return now.isBefore(provisionedAt) ? "Accepted" : "Succeeded";
    }

    /** {@code jitRequestState} at {@code now}. */
    public String state(Instant now) {
      if (now.isBefore(provisionedAt)) {
        return "Pending";
      }
      String decided = decision != null ? decision : deniedForLicence ? "Denied" : autoApprove ? "Approved" : "Pending";
      boolean over = !now.isBefore(startTime.plus(duration));
      if (over && "Approved".equals(decided)) {
        return "Expired";
      }
      return over && "Pending".equals(decided) ? "Timeout" : decided;
    }

    JitRequest decided(String how) {
      return new JitRequest(id, applicationId, location, principalId, roleDefinitionId, startTime, duration, tags,
          createdAt, provisionedAt, autoApprove, deniedForLicence, how);
    }
  }

  /** A long-running operation: done at {@code doneAt}, about {@code resourceId}. */
  record Operation(String id, String path, String resourceId, Instant startedAt, Instant doneAt) {}

  /** An application's JIT policy, and a change to it that takes effect when its operation is done. */
  record App(AppSpec spec, Instant changedAt, AppSpec pending, Instant pendingUntil) {

    AppSpec at(Instant now) {
      return pending != null && !now.isBefore(pendingUntil) ? pending : spec;
    }

    boolean updating(Instant now) {
      return pending != null && now.isBefore(pendingUntil);
    }
  }

  private final Clock clock;
  private final Map<String, App> apps = new LinkedHashMap<>();
  private final Map<String, JitRequest> requests = new LinkedHashMap<>();
  private final Map<String, Operation> operations = new LinkedHashMap<>();
  private AsyncStyle asyncStyle = AsyncStyle.AZURE_ASYNC_OPERATION;
  private int throttled;

  ManagedApps(Clock clock) {
    this.clock = clock;
  }

  /** Deploys (or replaces) a managed application. */
  public synchronized void createApplication(AppSpec spec) {
    apps.put(key(spec.id()), new App(spec, clock.instant(), null, null));
  }

  /** The application with this id, as its JIT policy is now. */
  public synchronized Optional<AppSpec> application(String id) {
    return Optional.ofNullable(apps.get(key(id))).map(a -> a.at(clock.instant()));
  }

  /** Every JIT request, oldest first. */
  public synchronized List<JitRequest> jitRequests() {
    return List.copyOf(requests.values());
  }

  /** The customer approves a pending JIT request; false when there is none pending with this id. */
  public boolean approve(String jitRequestId) {
    return decide(jitRequestId, "Approved");
  }

  /** The customer denies a pending JIT request; false when there is none pending with this id. */
  public boolean deny(String jitRequestId) {
    return decide(jitRequestId, "Denied");
  }

  /** Announces long-running operations with this header from now on. */
  public synchronized void asyncStyle(AsyncStyle style) {
    asyncStyle = style;
  }

  /** The next {@code count} Microsoft.Solutions calls answer 429, as the resource provider throttles. */
  public synchronized void throttleNext(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, was " + count);
    }
    throttled = count;
  }

  synchronized boolean takeThrottle() {
    if (throttled == 0) {
      return false;
    }
    throttled--;
    return true;
  }

  synchronized AsyncStyle asyncStyle() {
    return asyncStyle;
  }

  synchronized Optional<App> app(String id) {
    return Optional.ofNullable(apps.get(key(id)));
  }

  /** Starts a change of the application's JIT policy; it takes effect when the returned operation is done. */
  synchronized Operation patch(String id, AppSpec changed, String subscription) {
    App app = apps.get(key(id));
    Instant now = clock.instant();
    Instant done = now.plus(app.spec().provisioningTime());
    apps.put(key(id), new App(app.at(now), now, changed, done));
    return operation(subscription, app.spec().location(), id, now, done);
  }

  synchronized Optional<JitRequest> jitRequest(String id) {
    return Optional.ofNullable(requests.get(key(id)));
  }

  /** Stores a new JIT request for {@code app}; it is provisioned when the returned operation is done. */
  synchronized Operation create(JitRequest wanted, AppSpec app, String subscription) {
    requests.put(key(wanted.id()), wanted);
    return operation(subscription, app.location(), wanted.id(), wanted.createdAt(), wanted.provisionedAt());
  }

  synchronized Optional<JitRequest> delete(String id) {
    return Optional.ofNullable(requests.remove(key(id)));
  }

  synchronized Optional<Operation> operation(String name) {
    return Optional.ofNullable(operations.get(name.toLowerCase(Locale.ROOT)));
  }

  synchronized void clear() {
    apps.clear();
    requests.clear();
    operations.clear();
    asyncStyle = AsyncStyle.AZURE_ASYNC_OPERATION;
    throttled = 0;
  }

  Instant now() {
    return clock.instant();
  }

  private synchronized boolean decide(String id, String how) {
    JitRequest r = requests.get(key(id));
    if (r == null || !"Pending".equals(r.state(clock.instant())) || r.provisionedAt().isAfter(clock.instant())) {
      return false;
    }
    requests.put(key(id), r.decided(how));
    return true;
  }

  private Operation operation(String subscription, String location, String resourceId, Instant start, Instant done) {
    String name = UUID.randomUUID().toString();
    String path = "/subscriptions/" + subscription + "/providers/Microsoft.Solutions/locations/" + location + "/%s/" + name;
    Operation op = new Operation(name, path, resourceId, start, done);
    operations.put(name, op);
    return op;
  }

  /** The jitRequests with any of these ids' prefixes: a resource group or a subscription. */
  synchronized List<JitRequest> under(String scope) {
    String prefix = key(scope) + "/";
    List<JitRequest> found = new ArrayList<>();
    for (JitRequest r : requests.values()) {
      if (key(r.id()).startsWith(prefix)) {
        found.add(r);
      }
    }
    return found;
  }

  static String key(String id) {
    return ArmPath.normalize(id).toLowerCase(Locale.ROOT);
  }
}
