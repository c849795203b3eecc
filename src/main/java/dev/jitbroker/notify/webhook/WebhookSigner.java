package dev.jitbroker.notify.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a message per the Standard Webhooks specification: {@code v1,} and the base64 HMAC-SHA256 of
 * {@code id.timestamp.body}, keyed with the base64-decoded secret (after its {@code whsec_} prefix).
 * With two secrets (while rotating) the header carries both signatures, separated by a space, so a
 * receiver holding either secret accepts the message.
 */
public final class WebhookSigner {

  private static final String PREFIX = "whsec_";

  private final List<byte[]> keys;

  /** @throws IllegalArgumentException when there is no secret, more than two, or one that is not {@code whsec_} base64 */
  public WebhookSigner(List<String> secrets) {
    Objects.requireNonNull(secrets, "secrets");
    if (secrets.isEmpty() || secrets.size() > 2) {
      throw new IllegalArgumentException("needs one signing secret, or two while rotating (got " + secrets.size() + ")");
    }
    List<byte[]> read = new ArrayList<>();
    for (String secret : secrets) {
      read.add(key(secret));
    }
    this.keys = List.copyOf(read);
  }

  /** The {@code webhook-signature} header value for a message. */
  public String sign(String id, long timestamp, String body) {
    byte[] content = (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
    List<String> signatures = new ArrayList<>();
    for (byte[] key : keys) {
      signatures.add("v1," + Base64.getEncoder().encodeToString(hmac(key, content)));
    }
    return String.join(" ", signatures);
  }

  private static byte[] key(String secret) {
    String text = secret == null ? "" : secret.strip();
    if (text.startsWith(PREFIX)) {
      text = text.substring(PREFIX.length());
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      // Never echo the secret itself.
      throw new IllegalArgumentException("a signing secret must be 'whsec_' followed by base64");
    }
    if (key.length < 24 || key.length > 64) {
      throw new IllegalArgumentException("a signing secret must decode to 24 to 64 bytes (got " + key.length
          + "); make one with: echo whsec_$(openssl rand -base64 32)");
    }
    return key;
  }

  private static byte[] hmac(byte[] key, byte[] content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(content);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
