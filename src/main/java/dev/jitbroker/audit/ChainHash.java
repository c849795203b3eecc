package dev.jitbroker.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hash chain's arithmetic: {@code hash(n) = SHA-256(hash(n-1) || canonical(event n))}, where the
 * canonical form is JSON with sorted keys and no insignificant whitespace, and holds the event's chain
 * position, so moving, changing or dropping an event breaks every later link.
 */
public final class ChainHash {

  private static final byte[] GENESIS = new byte[32];

  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();

  private ChainHash() {}

  /** The previous hash of the first link: 32 zero bytes (a fresh copy each time). */
  public static byte[] genesis() {
    return GENESIS.clone();
  }

  /** The canonical bytes of {@code event} at chain position {@code seq}. */
  public static byte[] canonical(StoredEvent event, long seq) {
    try {
      Map<String, Object> actor = new LinkedHashMap<>();
      actor.put("id", event.actorId());
      actor.put("name", event.actorName());
      Map<String, Object> doc = new TreeMap<>();
      doc.put("seq", seq);
      doc.put("eventId", event.id());
      doc.put("at", event.at().toString());
      doc.put("actor", actor);
      doc.put("type", event.type());
      doc.put("requestId", event.requestId() == null ? null : event.requestId().toString());
      doc.put("details", CANONICAL.readValue(event.detailsJson(), Object.class));
      return CANONICAL.writeValueAsString(doc).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit event " + event.id() + " has details that are not JSON", e);
    }
  }

  /** The hash linking {@code event} at position {@code seq} to the link before it. */
  public static byte[] link(byte[] prevHash, StoredEvent event, long seq) {
    MessageDigest sha = sha256();
    sha.update(prevHash);
    sha.update(canonical(event, seq));
    return sha.digest();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
