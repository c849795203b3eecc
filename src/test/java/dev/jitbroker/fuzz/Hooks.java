package dev.jitbroker.fuzz;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs generated callbacks with the test profile's secrets, so that bodies get past the signature check and
 * reach the parsing and the decision behind it.
 */
final class Hooks {

  static final String INTEGRATION = "pager";
  private static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

  /** Adds a valid signature over the headers and body as they will be sent, where the operation takes one. */
  void sign(String operation, Map<String, String> headers, byte[] body) {
    if ("takeSignedDecision".equals(operation) && headers.containsKey("webhook-id")
        && headers.containsKey("webhook-timestamp")) {
      byte[] key = Base64.getDecoder().decode(WEBHOOK_SECRET.substring("whsec_".length()));
      String signed = headers.get("webhook-id") + "." + headers.get("webhook-timestamp") + ".";
      headers.put("webhook-signature", "v1," + Base64.getEncoder().encodeToString(hmac(key, signed, body)));
    }
    if ("takeSlackInteraction".equals(operation) && headers.containsKey("X-Slack-Request-Timestamp")) {
      String signed = "v0:" + headers.get("X-Slack-Request-Timestamp") + ":";
      headers.put("X-Slack-Signature", "v0=" + HexFormat.of().formatHex(
          hmac(SLACK_SECRET.getBytes(StandardCharsets.UTF_8), signed, body)));
    }
  }

  private static byte[] hmac(byte[] key, String prefix, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      // Header values are sent as Latin-1 bytes (see CallGenerator); sign the same bytes.
      mac.update(prefix.getBytes(StandardCharsets.ISO_8859_1));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
