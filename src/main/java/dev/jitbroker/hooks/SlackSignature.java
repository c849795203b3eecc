package dev.jitbroker.hooks;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/** Slack's request signature: {@code v0=} and the hex HMAC-SHA256 of {@code v0:<timestamp>:<body>} with the signing secret. */
public final class SlackSignature {
  private static final String VERSION = "v0";

  private SlackSignature() {}

  /** The {@code X-Slack-Signature} Slack would send. */
  public static String sign(String signingSecret, String timestamp, byte[] body) {
    byte[] mac = Hmac.sha256(signingSecret.getBytes(StandardCharsets.UTF_8),
        (VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8), body);
    return VERSION + "=" + HexFormat.of().formatHex(mac);
  }

  /** Whether {@code header} is the signature of the request under any of {@code signingSecrets}. */
  public static boolean verify(List<String> signingSecrets, String timestamp, byte[] body, String header) {
    if (header == null || timestamp == null) {
      return false;
    }
    byte[] given = header.getBytes(StandardCharsets.UTF_8);
    boolean match = false;
    for (String secret : signingSecrets) {
      match |= Hmac.same(sign(secret, timestamp, body).getBytes(StandardCharsets.UTF_8), given);
    }
    return match;
  }
}
