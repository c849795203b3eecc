package dev.jitbroker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** jit-broker's own settings (prefix {@code jit}); each is documented in the README's configuration table. */
@ConfigMapping(prefix = "jit")
public interface JitConfig {

  Requests requests();

  Auth auth();

  Audit audit();

  Db db();

  Policy policy();

  Azure azure();

  Grants grants();

  Metrics metrics();

  /** The figures at {@code /q/metrics}. */
  interface Metrics {
    /** How often the gauges that need a count (requests by state, the outbox) read it from the database. */
    @WithDefault("30s")
    String refreshInterval();
  }

  /** How the service reaches Azure Resource Manager. */
  interface Azure {
    /** {@code azure} (the real thing) or {@code sandbox} (the built-in ARM emulator, for dev and tests). */
    @WithDefault("azure")
    String mode();

    /** AzureCloud, AzureUSGovernment or AzureChinaCloud; the endpoints below override it. */
    @WithDefault("AzureCloud")
    String cloud();

    /**
     * Overrides the cloud's ARM endpoint. With {@code mode=sandbox}: the ARM sandbox another process
     * serves (it then starts none of its own), trusted through {@code trust-store} alone.
     */
    java.util.Optional<String> armEndpoint();

    java.util.Optional<String> authorityHost();

    /** With client-id and client-secret: a service principal. Without them: DefaultAzureCredential. */
    java.util.Optional<String> tenantId();

    java.util.Optional<String> clientId();

    java.util.Optional<String> clientSecret();

    /**
     * A PEM file of extra CA certificates to trust (a TLS-inspecting proxy, a test double). With
     * {@code mode=sandbox} and an {@code arm-endpoint}: the certificate of the ARM sandbox another process serves.
     */
    java.util.Optional<String> trustStore();

    /**
     * How long one ARM call may wait for its answer before it counts as a timeout (a transient failure,
     * retried). ARM answers in well under a second; a long wait is worth giving up on.
     */
    @WithDefault("PT30S")
    java.time.Duration responseTimeout();

    /**
     * ARM writes this replica may make at once per subscription. Azure's bucket holds 200; staying a
     * little under it absorbs clock and network jitter.
     */
    @WithDefault("195")
    int writeBurst();

    /**
     * ARM writes per second this replica adds back per subscription. Azure refills 10; 2% under it
     * drains a backlog within 2% of the budget's ideal and never overtakes it. Share it among replicas.
     */
    @WithDefault("9.8")
    double writeRate();
  }

  /** The grant and expiry workers. */
  interface Grants {
    /** Whether this replica runs the grant and expiry workers. */
    @WithDefault("true")
    boolean enabled();

    /** How often the workers look for due work. */
    @WithDefault("1s")
    String pollInterval();

    /**
     * How many requests this replica grants or removes at once (each in its own transaction, claimed
     * with SKIP LOCKED). ARM calls take tens of milliseconds; a few in parallel keep up with the
     * write budget's burst.
     */
    @WithDefault("4")
    int concurrency();

    /** How many requests one worker pass handles at most, each in its own transaction. */
    @WithDefault("200")
    int batchSize();

    /** Attempts of a grant before a transient failure counts as permanent. */
    @WithDefault("10")
    int maxAttempts();

    /** The first backoff after a transient failure; it doubles each attempt, with jitter. */
    @WithDefault("PT1S")
    Duration backoffBase();

    /** The longest backoff. */
    @WithDefault("PT5M")
    Duration backoffMax();

    /** How often a grant that waits for a person on Azure's side (a customer approving a Managed Application JIT request) is checked. */
    @WithDefault("PT30S")
    Duration approvalPollInterval();

    /** How often the reconciler compares Azure with the database. */
    @WithDefault("10m")
    String reconcileInterval();

    /** How long after start the first reconcile pass waits. */
    @WithDefault("1m")
    String reconcileDelay();

    /** Scopes of requests ended within this period are still reconciled. */
    @WithDefault("P7D")
    Duration reconcileLookBack();

    /** An assignment younger than this is never treated as an orphan (its grant may not have committed yet). */
    @WithDefault("PT10M")
    Duration reconcileGrace();
  }

  /** Routing policies. */
  interface Policy {
    /** The policy document imported at start-up when it changed; the service refuses to start if it is invalid. */
    java.util.Optional<String> file();

    /** How often each replica looks for a policy another replica stored. */
    @WithDefault("5s")
    String refreshInterval();
  }

  /** Limits on requests. */
  interface Requests {
    /** The longest access a request may ask for. */
    @WithDefault("PT8H")
    Duration maxDuration();

    /** The shortest access a request may ask for; lower it only for drills that watch access end. */
    @WithDefault("PT5M")
    Duration minDuration();

    /** How long a request may wait for a decision before it becomes TIMED_OUT. */
    @WithDefault("PT24H")
    Duration pendingTimeout();

    /** How often the timeout job looks for overdue pending requests. */
    @WithDefault("60s")
    String timeoutCheckInterval();

    /** How many overdue requests one timeout pass handles per transaction. */
    @WithDefault("100")
    int timeoutBatchSize();
  }

  /** The audit trail. */
  interface Audit {
    /** How soon after commit events are linked into the hash chain. */
    @WithDefault("1s")
    String sealInterval();
  }

  /** The database. */
  interface Db {
    /** The role the running service connects as, when it differs from the schema owner; granted what it needs by migration. */
    @WithDefault("jit_app")
    String runtimeRole();
  }

  /** How callers are read from their tokens. */
  interface Auth {
    Claims claims();

    /** The token claims that carry the caller's identity. */
    interface Claims {
      /** The caller's Azure object id. */
      @WithDefault("oid")
      String objectId();

      @WithDefault("preferred_username")
      String username();

      @WithDefault("name")
      String name();

      /** The caller's app roles: approver, auditor, admin. */
      @WithDefault("roles")
      String roles();

      /** Groups (Entra object ids or names) the caller belongs to. */
      @WithDefault("groups")
      String groups();
    }
  }
}
