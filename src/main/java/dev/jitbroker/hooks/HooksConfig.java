package dev.jitbroker.hooks;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Inbound decision callbacks (prefix {@code jit.hooks}); each setting is documented in the README. */
@ConfigMapping(prefix = "jit.hooks")
public interface HooksConfig {

  /** How far a callback's timestamp may be from now, either way. */
  @WithDefault("PT5M")
  Duration tolerance();

  /** Systems that post signed decisions to {@code /hooks/decisions}, by the name they send in {@code Jit-Integration}. */
  Map<String, Integration> integrations();

  Slack slack();

  /** Approvers who may decide by webhook or in chat, by Entra object id. */
  Map<String, Approver> approvers();

  /** One inbound integration. */
  interface Integration {
    /** Its {@code whsec_} secrets; two during a rotation, comma-separated. */
    List<String> secret();
  }

  /** Slack's interactivity callback. */
  interface Slack {
    /** The app's signing secrets (two during a rotation); without one, Slack callbacks are refused. */
    Optional<List<String>> signingSecret();

    /** Slack user id to the Entra object id of the approver they are. */
    Map<String, String> users();

    /** Where a callback's response_url must point; any other is never called. */
    @WithDefault("https://hooks.slack.com/")
    String responseUrlBase();
  }

  /** What the service takes an approver to be, since no token says so. */
  interface Approver {
    /** A display name for the request and the audit trail. */
    Optional<String> name();

    /** Groups (object ids or names, as the policy names them) the approver is a member of. */
    Optional<List<String>> groups();

    /** App roles: approver, auditor, admin. */
    Optional<List<String>> roles();
  }
}
