package dev.jitbroker.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jitbroker.notify.webhook.WebhookSigner;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Standard Webhooks signature, checked against the specification's published test vector. */
class WebhookSignerTest {

  // The Standard Webhooks specification's signature example (secret, message id, timestamp, payload, signature).
  private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long SPEC_TIMESTAMP = 1614265330L;
  private static final String SPEC_PAYLOAD = "{\"test\": 2432232314}";
  private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  @Test
  void sign_matchesTheSpecificationsTestVector() {
    assertEquals(SPEC_SIGNATURE, new WebhookSigner(List.of(SPEC_SECRET)).sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD));
  }

  @Test
  void sign_withTwoSecrets_givesBothSignaturesSpaceSeparated() {
    String other = "whsec_" + java.util.Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    String both = new WebhookSigner(List.of(other, SPEC_SECRET)).sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD);
    String[] signatures = both.split(" ");
    assertEquals(2, signatures.length);
    assertEquals(SPEC_SIGNATURE, signatures[1]);
    assertEquals(StandardWebhooks.signature(other, SPEC_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD), signatures[0]);
  }

  @Test
  void secretWithoutPrefix_isAccepted_asTheSpecificationAllows() {
    assertEquals(SPEC_SIGNATURE, new WebhookSigner(List.of(SPEC_SECRET.substring("whsec_".length())))
        .sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD));
  }

  @Test
  void badSecrets_areRefused_withoutEchoingThem() {
    IllegalArgumentException notBase64 = assertThrows(IllegalArgumentException.class,
        () -> new WebhookSigner(List.of("whsec_not*base64!")));
    assertFalse(notBase64.getMessage().contains("not*base64"));
    assertThrows(IllegalArgumentException.class, () -> new WebhookSigner(List.of("whsec_c2hvcnQ=")));
    assertThrows(IllegalArgumentException.class, () -> new WebhookSigner(List.of()));
    assertThrows(IllegalArgumentException.class, () -> new WebhookSigner(List.of(SPEC_SECRET, SPEC_SECRET, SPEC_SECRET)));
  }
}
