package dev.jitbroker.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Notifications (prefix {@code jit.notify}); each setting is documented in the README. */
@ConfigMapping(prefix = "jit.notify")
public interface NotifyConfig {

  /** Whether this replica runs the dispatcher. Notifications are stored either way. */
  @WithDefault("true")
  boolean enabled();

  /** The channels, by name; a policy rule's {@code outcome.notify} names them. */
  Map<String, ChannelConfig> channels();

  /** The channels requesters are told on (approved, denied, active, expiring, expired, failed, timed out, revoked). */
  Optional<List<String>> requesterChannels();

  /** How long before access ends the requester is warned. */
  @WithDefault("PT15M")
  Duration expiringLead();

  /** A link to a request in messages: {@code {id}} is replaced by the request id, e.g. {@code https://jit.contoso.com/requests/{id}}. */
  Optional<String> requestUrl();

  /** The CloudEvents {@code source} of webhook events. */
  @WithDefault("/jit-broker")
  String source();

  /** How often the dispatcher looks for due notifications. */
  @WithDefault("1s")
  String pollInterval();

  /** How many notifications this replica sends at once. */
  @WithDefault("4")
  int concurrency();

  /** How long one delivery may take (connect and answer) before it counts as a transient failure. */
  @WithDefault("PT10S")
  Duration timeout();

  /**
   * How long a claimed notification is left to the replica that claimed it before another may send it
   * again (when the first died mid-send). Unset: twice {@link #timeout()} plus 30 seconds. Must be
   * longer than the timeout, so a live delivery is never sent twice.
   */
  Optional<Duration> lease();

  /** The first backoff after a transient failure; it doubles each attempt, with jitter. */
  @WithDefault("PT5S")
  Duration backoffBase();

  /** The longest backoff. */
  @WithDefault("PT10M")
  Duration backoffMax();

  /** How long after it is due (or replayed) a notification is retried before it goes DEAD. */
  @WithDefault("PT24H")
  Duration giveUpAfter();

  /** One channel. */
  interface ChannelConfig {
    /** {@code webhook}, {@code slack} or {@code teams}. */
    String type();

    /** webhook: the receiver's URL; teams: the Workflows webhook URL (a secret: it carries its own signature). */
    Optional<String> url();

    /** webhook: the signing secrets ({@code whsec_} and base64), one, or two while rotating: each message is signed with all. */
    Optional<List<String>> secrets();

    /** slack: the bot token ({@code xoxb-...}) with the {@code chat:write} scope. */
    Optional<String> botToken();

    /** slack: the channel id (e.g. {@code C0123456789}) messages are posted to; the bot must be a member. */
    Optional<String> channel();

    /** slack: the Web API base URL. */
    @WithDefault("https://slack.com/api")
    String apiUrl();
  }
}
