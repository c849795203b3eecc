package dev.jitbroker.notify;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A receiver's side of Standard Webhooks, written from the specification for tests: independent of the signer. */
final class StandardWebhooks {

  private StandardWebhooks() {}

  /** {@code v1,} and the base64 HMAC-SHA256 of {@code id.timestamp.body} under the decoded secret. */
  static String signature(String secret, String id, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
      byte[] sig = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(sig);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether one of the space-separated signatures of {@code header} is valid under {@code secret}. */
  static boolean verifies(String secret, String id, String timestamp, String body, String header) {
    String expected = signature(secret, id, Long.parseLong(timestamp), body);
    return Arrays.stream(header.split(" ")).anyMatch(expected::equals);
  }
}
