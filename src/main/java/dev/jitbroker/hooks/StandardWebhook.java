package dev.jitbroker.hooks;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Standard Webhooks signatures: {@code webhook-signature} holds space-separated {@code v1,<base64>} entries,
 * each an HMAC-SHA256 of {@code id.timestamp.body} with the secret after its {@code whsec_} prefix.
 */
public final class StandardWebhook {
  static final String SECRET_PREFIX = "whsec_";
  private static final String VERSION = "v1,";

  private StandardWebhook() {}

  /** The key a {@code whsec_<base64>} secret stands for. */
  public static byte[] key(String secret) {
    String encoded = secret.strip();
    if (encoded.startsWith(SECRET_PREFIX)) {
      encoded = encoded.substring(SECRET_PREFIX.length());
    }
    try {
      byte[] key = Base64.getDecoder().decode(encoded);
      if (key.length < 16) {
        throw new IllegalArgumentException("a webhook secret must hold at least 16 bytes");
      }
      return key;
    } catch (IllegalArgumentException e) {
      // The message names no part of the secret.
      throw new IllegalArgumentException("a webhook secret must be whsec_ followed by base64 of at least 16 bytes");
    }
  }

  /** The {@code v1,<base64>} signature of a message. */
  public static String sign(byte[] key, String id, long timestamp, byte[] body) {
    byte[] mac = Hmac.sha256(key, (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
    return VERSION + Base64.getEncoder().encodeToString(mac);
  }

  /** Whether any {@code v1} entry of {@code header} is the signature of the message under any of {@code keys}. */
  public static boolean verify(List<byte[]> keys, String id, long timestamp, byte[] body, String header) {
    if (header == null || id == null) {
      return false;
    }
    boolean match = false;
    for (byte[] key : keys) {
      byte[] expected = sign(key, id, timestamp, body).getBytes(StandardCharsets.UTF_8);
      for (String entry : header.trim().split(" +")) {
        // Every pair is compared, so the time taken does not reveal which key or entry matched.
        match |= entry.startsWith(VERSION) && Hmac.same(expected, entry.getBytes(StandardCharsets.UTF_8));
      }
    }
    return match;
  }
}
