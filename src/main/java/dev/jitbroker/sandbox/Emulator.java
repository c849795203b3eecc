package dev.jitbroker.sandbox;

import java.time.Clock;
import java.util.List;

/** The emulated ARM without its transport: state, APIs, write throttle, injected faults and call counts. */
final class Emulator {

  final Clock clock;
  final SandboxState state;
  final Faults faults = new Faults();
  final CallCounter calls = new CallCounter();
  final WriteThrottle throttle;
  final AuthorizationApi authorization;
  final SecurityApi security;
  final ManagedApps managedApps;
  final PermissionsApi permissions = new PermissionsApi();
  final PimApi pim;
  /** The resource provider APIs, asked in this order which one serves a path. */
  final List<SandboxApi> apis;

  Emulator(int writeBurst, double writeRefillPerSecond, Clock clock) {
    this.clock = clock;
    this.state = new SandboxState(clock);
    this.throttle = new WriteThrottle(writeBurst, writeRefillPerSecond, clock);
    this.authorization = new AuthorizationApi(state, clock);
    this.security = new SecurityApi(clock);
    this.managedApps = new ManagedApps(clock);
    this.pim = new PimApi(state, clock);
    this.apis = List.of(
        authorization,
        permissions,
        pim,
        security,
        new ManagedAppsApi(managedApps));
  }

  /** Back to a fresh ARM: nothing created, no faults or latency, full write budgets, no calls counted. */
  void reset() {
    apis.forEach(SandboxApi::reset);
    faults.clear();
    throttle.reset();
    calls.clear();
  }
}
