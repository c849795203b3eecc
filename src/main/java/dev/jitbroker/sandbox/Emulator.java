package dev.jitbroker.sandbox;

import java.time.Clock;

/** The emulated ARM without its transport: state, APIs, write throttle, injected faults and call counts. */
final class Emulator {

  final SandboxState state = new SandboxState();
  final Faults faults = new Faults();
  final CallCounter calls = new CallCounter();
  final WriteThrottle throttle;
  final RoleAssignmentsApi roleAssignments;
  final RoleDefinitionsApi roleDefinitions;

  Emulator(int writeBurst, double writeRefillPerSecond, Clock clock) {
    this.throttle = new WriteThrottle(writeBurst, writeRefillPerSecond, clock);
    this.roleAssignments = new RoleAssignmentsApi(state, clock);
    this.roleDefinitions = new RoleDefinitionsApi(state);
  }

  /** Back to a fresh ARM: no assignments, no faults or latency, full write budgets, no calls counted. */
  void reset() {
    state.clear();
    faults.clear();
    throttle.reset();
    calls.clear();
  }
}
