package dev.jitbroker.policy;

/** Where the lifecycle finds policies: the active one for routing, any stored version for deciding. */
public interface PolicySource {

  /** The policy new requests are routed by. */
  PolicyVersion active();

  /** A stored version; versions never change once stored. */
  PolicyVersion version(int number);

  /** A stored policy and its identity. */
  record PolicyVersion(int number, String hash, Policy policy) {}
}
