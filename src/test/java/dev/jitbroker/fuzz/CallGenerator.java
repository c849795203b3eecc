package dev.jitbroker.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.jitbroker.fuzz.Callers.Caller;
import dev.jitbroker.fuzz.Operations.Op;
import dev.jitbroker.fuzz.Operations.Param;
import io.swagger.v3.oas.models.media.Schema;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Generates the calls for one operation from its parameters and body schemas. */
final class CallGenerator {

  /** A body as sent: its bytes, the kind of damage done, and whether it goes without a Content-Length. */
  record Body(byte[] bytes, String kind, boolean chunked) {
    static Body of(String text, String kind) {
      return new Body(text.getBytes(StandardCharsets.UTF_8), kind, false);
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<String> WRONG_CONTENT_TYPES = List.of(
      "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
      "application/json; charset=utf-16", "application/json; charset=latin1", "application/octet-stream",
      "a/b/c", ";;;", "application/json, text/plain", "application/problem+json", "*/*");
  private static final List<String> ACCEPTS = List.of(
      "*/*", "application/json", "text/html", "application/xml", "application/problem+json", "garbage/;;",
      "application/x-ndjson", "text/plain;q=0.1, application/json;q=0");
  private static final List<String> OTHER_METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");

  private final JsonValues values;
  private final Callers callers;
  private final Hooks hooks;

  CallGenerator(JsonValues values, Callers callers, Hooks hooks) {
    this.values = values;
    this.callers = callers;
    this.hooks = hooks;
  }

  /** A typed body: its content type (empty for none) and the body. */
  record Typed(String contentType, Body body) {}

  Gen<Call> calls(Op op) {
    Gen<Caller> caller = Gen.<Caller>weighted()
        .or(op.needsToken() ? 8 : 2, Gen.of(callers.good()))
        .or(op.needsToken() ? 2 : 8, Gen.of(callers.bad()));
    Gen<String> method = Gen.<String>weighted().or(19, Gen.just(op.method())).or(1, Gen.of(OTHER_METHODS));
    Gen<Map<String, String>> params = params(op);
    Gen<Optional<Typed>> body = body(op);
    Gen<Optional<String>> accept = Gen.<Optional<String>>weighted()
        .or(8, Gen.just(Optional.empty())).or(2, Gen.of(ACCEPTS).map(Optional::of));
    Gen<Boolean> sign = Gen.<Boolean>weighted().or(3, Gen.just(true)).or(1, Gen.just(false));
    Gen<Boolean> chunk = Gen.<Boolean>weighted().or(9, Gen.just(false)).or(1, Gen.just(true));
    return r -> {
      Call call = build(op, caller.next(r), method.next(r), params.next(r), body.next(r), accept.next(r), sign.next(r));
      // Now and then a body goes chunked, without a Content-Length.
      return chunk.next(r) && call.body().length > 0 && !call.chunked()
          ? new Call(call.op(), call.caller(), call.validCaller(), call.method(), call.path(), call.query(),
              call.headers(), call.body(), true, call.kind())
          : call;
    };
  }

  private Call build(Op op, Caller caller, String method, Map<String, String> params,
      Optional<Typed> body, Optional<String> accept, boolean sign) {
    String path = op.path();
    List<String> query = new ArrayList<>();
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : params.entrySet()) {
      String[] key = e.getKey().split(":", 2);
      switch (key[0]) {
        case "path" -> path = path.replace("{" + key[1] + "}", pathSegment(e.getValue()));
        case "query" -> query.add(encode(key[1]) + "=" + encode(e.getValue()));
        case "header" -> headers.put(key[1], headerValue(e.getValue()));
        default -> { }
      }
    }
    if (caller.authorization() != null) {
      headers.put("Authorization", caller.authorization());
    }
    accept.ifPresent(a -> headers.put("Accept", a));
    byte[] bytes = new byte[0];
    boolean chunked = false;
    String kind = "no body";
    if (body.isPresent()) {
      String contentType = body.get().contentType();
      if (!contentType.isEmpty()) {
        headers.put("Content-Type", contentType);
      }
      bytes = body.get().body().bytes();
      chunked = body.get().body().chunked();
      kind = body.get().body().kind() + " as " + (contentType.isEmpty() ? "no content type" : contentType);
    }
    if (sign) {
      hooks.sign(op.id(), headers, bytes);
    }
    return new Call(op.id(), caller.label(), caller.valid(), method, path, String.join("&", query), headers, bytes,
        chunked, kind);
  }

  /** Each declared parameter absent, plausible or malformed; now and then an undeclared one too. */
  private Gen<Map<String, String>> params(Op op) {
    List<Gen<Optional<Map.Entry<String, String>>>> parts = new ArrayList<>();
    for (Param p : op.params()) {
      String key = p.in() + ":" + p.name();
      Schema<?> schema = p.schema() == null ? new Schema<>().type("string") : p.schema();
      Gen<Optional<Map.Entry<String, String>>> present = Gen.<JsonNode>weighted()
          .or(3, values.valid(p.name(), schema)).or(2, values.malformed(p.name(), schema))
          .map(v -> Optional.of(Map.entry(key, text(v))));
      parts.add(Gen.<Optional<Map.Entry<String, String>>>weighted()
          .or("path".equals(p.in()) ? 0 : p.required() ? 1 : 4, Gen.just(Optional.empty()))
          .or(p.required() ? 12 : 5, present));
    }
    parts.add(Gen.<Optional<Map.Entry<String, String>>>weighted()
        .or(9, Gen.just(Optional.empty()))
        .or(1, BadStrings.any().map(v -> Optional.of(Map.entry("query:unknown", v)))));
    return Gen.sequence(parts).map(list -> {
      Map<String, String> m = new LinkedHashMap<>();
      list.forEach(o -> o.ifPresent(t -> m.put(t.getKey(), t.getValue())));
      return m;
    });
  }

  /** A content type and a body: from the schema, or empty, garbage, deeply nested, oversized, badly encoded. */
  private Gen<Optional<Typed>> body(Op op) {
    if (!op.hasBody()) {
      return Gen.<Optional<Typed>>weighted()
          .or(9, Gen.just(Optional.empty()))
          .or(1, Gen.combine(Gen.of(WRONG_CONTENT_TYPES), junk(), (t, b) -> Optional.of(new Typed(t, b))));
    }
    List<String> declared = new ArrayList<>(op.bodies().keySet());
    Gen<Typed> typed = Gen.of(declared).flatMap(type -> Gen.combine(
        Gen.<String>weighted().or(16, Gen.just(type)).or(1, Gen.just("")).or(3, Gen.of(WRONG_CONTENT_TYPES)),
        bodyFor(type, op.bodies().get(type)), Typed::new));
    return Gen.<Optional<Typed>>weighted()
        .or(op.bodyRequired() ? 1 : 3, Gen.just(Optional.empty()))
        .or(20, typed.map(Optional::of));
  }

  private Gen<Body> bodyFor(String mediaType, Schema<?> schema) {
    if (mediaType.contains("json")) {
      Gen<JsonNode> good = values.object(schema, false);
      Gen<JsonNode> spoilt = values.object(schema, true);
      return Gen.<Body>weighted()
          .or(20, serialized(good, "schema"))
          .or(40, serialized(spoilt, "spoilt schema"))
          .or(3, Gen.just(new Body(new byte[0], "empty", false)))
          .or(6, junk())
          .or(5, deep())
          .or(3, oversized(good))
          .or(4, Gen.of("[]", "\"text\"", "1", "null", "true", "{}", "[{}]").map(t -> Body.of(t, "wrong root")))
          .or(4, badUtf8(good))
          .or(3, Gen.of("{\"scope\":\"a\",\"scope\":\"b\"}", "{\"comment\":\"x\",}", "{/*c*/}",
              "{\"comment\":NaN}", "{'comment':'x'}", "{\"comment\":\"x\"} {\"comment\":\"y\"}", "\uFEFF{}",
              "{\"comment\":\"\\ud800\"}", "{\"comment\":\"\\u0000\"}", "{\"\\u0000\":1}")
              .map(t -> Body.of(t, "lenient JSON")));
    }
    if (mediaType.contains("form")) {
      Gen<Body> form = values.object(schema, false).map(o -> Body.of(form(o), "form"));
      Gen<Body> spoiltForm = values.object(schema, true).map(o -> Body.of(form(o), "spoilt form"));
      return Gen.<Body>weighted().or(5, form).or(5, spoiltForm).or(2, junk()).or(1, deep());
    }
    // A document as text (the policy's YAML).
    return Gen.<Body>weighted()
        .or(4, values.valid("document", schema).map(n -> Body.of(n.asText(), "document")))
        .or(4, values.malformed("document", schema).map(n -> Body.of(text(n), "spoilt document")))
        .or(2, Gen.of(Yaml.NASTY).map(t -> Body.of(t, "nasty YAML")))
        .or(2, junk())
        .or(1, deep());
  }

  private static Gen<Body> serialized(Gen<JsonNode> nodes, String kind) {
    return Gen.combine(nodes, Gen.bool(), (n, escape) -> {
      String json = json(n, escape);
      return Body.of(json, kind + (escape ? ", non-ASCII escaped" : ""));
    });
  }

  private static Gen<Body> junk() {
    return BadStrings.any().map(s -> Body.of(s, "junk"));
  }

  /** JSON nested 2 to 100,000 levels deep, closed or not, as arrays or objects. */
  private static Gen<Body> deep() {
    return r -> {
          int depth = Gen.of(2, 33, 64, 500, 1001, 5000, 100_000).next(r);
          boolean arrays = r.nextBoolean();
          boolean closed = r.nextBoolean();
          String open = arrays ? "[" : "{\"comment\":";
          String close = arrays ? "]" : "}";
          String body = open.repeat(depth) + (closed ? "1" + close.repeat(depth) : "");
          return Body.of(body, "nested " + depth + (arrays ? " arrays" : " objects") + (closed ? "" : ", unclosed"));
        };
  }

  /** A body over the size limit: one huge string field, sent with a length or chunked. */
  private static Gen<Body> oversized(Gen<JsonNode> nodes) {
    return r -> {
          JsonNode n = nodes.next(r);
          int size = Gen.of(65_537, 200_000, 2_000_000).next(r);
          boolean chunked = r.nextBoolean();
          JsonNode o = n.isObject() ? n.deepCopy() : JsonNodeFactory.instance.objectNode();
          ((com.fasterxml.jackson.databind.node.ObjectNode) o).put("comment", "x".repeat(size));
          return new Body(json(o, false).getBytes(StandardCharsets.UTF_8), "oversized " + size, chunked);
        };
  }

  /** A good body with bytes that are not UTF-8 inside a string. */
  private static Gen<Body> badUtf8(Gen<JsonNode> nodes) {
    List<byte[]> bad = List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC0, (byte) 0xAF},
        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});
    return Gen.combine(nodes, Gen.of(bad), (n, b) -> {
      byte[] json = json(n, false).getBytes(StandardCharsets.UTF_8);
      int quote = -1;
      for (int i = json.length - 1; i >= 0; i--) {
        if (json[i] == '"') {
          quote = i;
          break;
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int at = quote < 0 ? json.length : quote;
      out.write(json, 0, at);
      out.writeBytes(b);
      out.write(json, at, json.length - at);
      return new Body(out.toByteArray(), "invalid UTF-8", false);
    });
  }

  private static String json(JsonNode n, boolean escapeNonAscii) {
    try {
      if (!escapeNonAscii) {
        // Lone surrogates cannot be written as UTF-8; those bodies go escaped.
        String raw = MAPPER.writeValueAsString(n);
        if (!hasLoneSurrogate(raw)) {
          return raw;
        }
      }
      return MAPPER.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static String form(JsonNode o) {
    List<String> pairs = new ArrayList<>();
    o.fields().forEachRemaining(e -> pairs.add(encode(e.getKey()) + "=" + encode(text(e.getValue()))));
    return String.join("&", pairs);
  }

  static String text(JsonNode v) {
    return v.isTextual() ? v.asText() : v.toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(wellFormed(s), StandardCharsets.UTF_8);
  }

  private static String pathSegment(String s) {
    return encode(s).replace("+", "%20");
  }

  /** A lone surrogate cannot be percent-encoded as UTF-8; it goes as U+FFFD, as a browser would send it. */
  private static String wellFormed(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  /** Header values travel as bytes: UTF-8 bytes as Latin-1 characters, line breaks and NUL made visible. */
  private static String headerValue(String s) {
    String latin = new String(wellFormed(s).getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    StringBuilder b = new StringBuilder();
    for (char c : latin.toCharArray()) {
      b.append(c < 0x20 && c != '\t' || c == 0x7F ? '?' : c);
    }
    return b.toString().strip();
  }
}
