package dev.jitbroker.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signatures checked against the vectors their publishers give, not only against ourselves. */
class SignaturesTest {

  // Slack's "Verifying requests from Slack": the example signing secret, timestamp, body and signature.
  static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  static final String SLACK_TIMESTAMP = "1531420618";
  static final String SLACK_BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
      + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect"
      + "&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
      + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
  static final String SLACK_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

  // The Standard Webhooks specification's published signing vector.
  static final String WH_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String WH_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  static final long WH_TIMESTAMP = 1614265330L;
  static final String WH_BODY = "{\"test\": 2432232314}";
  static final String WH_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void slack_reproducesTheDocumentedExample() {
    assertEquals(SLACK_SIGNATURE, SlackSignature.sign(SLACK_SECRET, SLACK_TIMESTAMP, bytes(SLACK_BODY)));
    assertTrue(SlackSignature.verify(List.of(SLACK_SECRET), SLACK_TIMESTAMP, bytes(SLACK_BODY), SLACK_SIGNATURE));
  }

  @Test
  void slack_refusesAChangedBodyTimestampOrSecret() {
    assertFalse(SlackSignature.verify(List.of(SLACK_SECRET), SLACK_TIMESTAMP, bytes(SLACK_BODY + "x"), SLACK_SIGNATURE));
    assertFalse(SlackSignature.verify(List.of(SLACK_SECRET), "1531420619", bytes(SLACK_BODY), SLACK_SIGNATURE));
    assertFalse(SlackSignature.verify(List.of("another-secret"), SLACK_TIMESTAMP, bytes(SLACK_BODY), SLACK_SIGNATURE));
    assertFalse(SlackSignature.verify(List.of(SLACK_SECRET), SLACK_TIMESTAMP, bytes(SLACK_BODY), null));
  }

  @Test
  void slack_acceptsEitherSecretDuringARotation() {
    assertTrue(SlackSignature.verify(List.of("new-secret", SLACK_SECRET), SLACK_TIMESTAMP, bytes(SLACK_BODY),
        SLACK_SIGNATURE));
  }

  @Test
  void standardWebhooks_reproducesThePublishedVector() {
    assertEquals(WH_SIGNATURE, StandardWebhook.sign(StandardWebhook.key(WH_SECRET), WH_ID, WH_TIMESTAMP, bytes(WH_BODY)));
    assertTrue(StandardWebhook.verify(List.of(StandardWebhook.key(WH_SECRET)), WH_ID, WH_TIMESTAMP, bytes(WH_BODY),
        WH_SIGNATURE));
  }

  @Test
  void standardWebhooks_findsTheValidEntryAmongSeveral_andUnderEitherKey() {
    String header = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,abc " + WH_SIGNATURE;
    byte[] other = StandardWebhook.key("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]));
    assertTrue(StandardWebhook.verify(List.of(other, StandardWebhook.key(WH_SECRET)), WH_ID, WH_TIMESTAMP,
        bytes(WH_BODY), header));
  }

  @Test
  void standardWebhooks_refusesChangesAndOtherVersions() {
    List<byte[]> keys = List.of(StandardWebhook.key(WH_SECRET));
    assertFalse(StandardWebhook.verify(keys, WH_ID, WH_TIMESTAMP, bytes("{\"test\": 2432232315}"), WH_SIGNATURE));
    assertFalse(StandardWebhook.verify(keys, "msg_other", WH_TIMESTAMP, bytes(WH_BODY), WH_SIGNATURE));
    assertFalse(StandardWebhook.verify(keys, WH_ID, WH_TIMESTAMP + 1, bytes(WH_BODY), WH_SIGNATURE));
    assertFalse(StandardWebhook.verify(keys, WH_ID, WH_TIMESTAMP, bytes(WH_BODY), WH_SIGNATURE.replace("v1,", "v2,")));
    assertFalse(StandardWebhook.verify(keys, WH_ID, WH_TIMESTAMP, bytes(WH_BODY), null));
  }

  @Test
  void aMalformedSecret_isRefused_withoutEchoingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StandardWebhook.key("whsec_not*base64"));
    assertFalse(e.getMessage().contains("not*base64"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> StandardWebhook.key("whsec_c2hvcnQ="));
  }
}
