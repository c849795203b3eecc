package dev.jitbroker.notify;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The service with every kind of channel pointed at a {@link LoopbackReceiver}, and short retry times. */
public class NotifyProfile implements QuarkusTestProfile {

  /** The two webhook secrets (a rotation in progress): each message carries a signature for each. */
  public static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  public static final String NEXT_SECRET = "whsec_dGhpcyBpcyB0aGUgbmV4dCBzZWNyZXQgb2YgdGVzdHM=";
  public static final String BOT_TOKEN = "xoxb-0000-test-token";
  public static final String SLACK_CHANNEL = "C0TESTCHAN";
  /** The answer of the Slack receiver's chat.postMessage. */
  public static final String SLACK_TS = "1700000000.000100";

  static volatile LoopbackReceiver receiver;

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(Receivers.class));
  }

  /** Starts the receiver before the service, so the channels' URLs can name its port. */
  public static class Receivers implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
      try {
        receiver = new LoopbackReceiver();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      receiver.script("/slack/api/chat.postMessage",
          LoopbackReceiver.Reply.ok("{\"ok\":true,\"channel\":\"" + SLACK_CHANNEL + "\",\"ts\":\"" + SLACK_TS + "\"}"));
      String base = receiver.base();
      return Map.ofEntries(
          Map.entry("jit.notify.channels.hooks.type", "webhook"),
          Map.entry("jit.notify.channels.hooks.url", base + "/hooks"),
          Map.entry("jit.notify.channels.hooks.secrets", SECRET + "," + NEXT_SECRET),
          Map.entry("jit.notify.channels.flaky.type", "webhook"),
          Map.entry("jit.notify.channels.flaky.url", base + "/flaky"),
          Map.entry("jit.notify.channels.flaky.secrets", SECRET),
          Map.entry("jit.notify.channels.slack-ops.type", "slack"),
          Map.entry("jit.notify.channels.slack-ops.api-url", base + "/slack/api"),
          Map.entry("jit.notify.channels.slack-ops.bot-token", BOT_TOKEN),
          Map.entry("jit.notify.channels.slack-ops.channel", SLACK_CHANNEL),
          Map.entry("jit.notify.channels.teams-ops.type", "teams"),
          Map.entry("jit.notify.channels.teams-ops.url", base + "/teams/workflow?api-version=2016-06-01&sig=teams-url-secret"),
          Map.entry("jit.notify.requester-channels", "hooks"),
          Map.entry("jit.notify.request-url", "https://jit.contoso.example/requests/{id}"),
          Map.entry("jit.notify.poll-interval", "0.2s"),
          Map.entry("jit.notify.timeout", "PT2S"),
          Map.entry("jit.notify.backoff-base", "PT0.1S"),
          Map.entry("jit.notify.backoff-max", "PT0.5S"),
          Map.entry("jit.notify.give-up-after", "PT6S"));
    }

    @Override
    public void stop() {
      if (receiver != null) {
        receiver.stop();
      }
    }
  }
}
