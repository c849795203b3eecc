package dev.jitbroker.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.media.Schema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * JSON values from a schema: plausible ones (the schema's enums, formats, ranges, and known good values by
 * field name) and malformed ones (wrong types, boundary lengths and numbers, bad strings, broken nesting).
 */
final class JsonValues {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** Good values by field or parameter name; the schema alone cannot say what a good scope is. */
  private final Map<String, Gen<String>> seeds;

  JsonValues(Map<String, Gen<String>> seeds) {
    this.seeds = seeds;
  }

  /** A plausible value for {@code name}: what a careful caller would send. */
  Gen<JsonNode> valid(String name, Schema<?> schema) {
    String type = type(schema);
    if (seeds.containsKey(name) && !"object".equals(type) && !"array".equals(type)) {
      return seeds.get(name).map(JSON::textNode);
    }
    if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
      return Gen.of(schema.getEnum()).map(v -> JSON.textNode(String.valueOf(v)));
    }
    return switch (type) {
      case "object" -> object(schema, false);
      case "array" -> {
        Schema<?> items = schema.getItems() == null ? new Schema<>().type("string") : schema.getItems();
        int min = schema.getMinItems() == null ? 0 : schema.getMinItems();
        int max = Math.max(min, schema.getMaxItems() == null ? 3 : Math.min(3, schema.getMaxItems()));
        // Distinct items: a valid array never repeats (ports must not).
        yield valid(name, items).list(min, max).map(l -> array(new ArrayList<>(new LinkedHashSet<>(l))));
      }
      case "integer", "number" -> {
        long min = schema.getMinimum() == null ? 1 : schema.getMinimum().longValue();
        long max = schema.getMaximum() == null ? 100 : schema.getMaximum().longValue();
        yield Gen.longs(min, max).map(JSON::numberNode);
      }
      case "boolean" -> Gen.bool().map(JSON::booleanNode);
      default -> {
        if ("uuid".equals(schema.getFormat())) {
          yield r -> JSON.textNode(new UUID(r.nextLong(), r.nextLong()).toString());
        }
        if ("date-time".equals(schema.getFormat())) {
          yield Gen.longs(0, 4_000_000_000L).map(s -> JSON.textNode(Instant.ofEpochSecond(s).toString()));
        }
        int max = schema.getMaxLength() == null ? 40 : Math.min(40, schema.getMaxLength());
        yield Gen.alphanumeric(1, max).map(JSON::textNode);
      }
    };
  }

  /** A value for {@code name} that breaks its schema, or is at the edge of it. */
  Gen<JsonNode> malformed(String name, Schema<?> schema) {
    Gen<JsonNode> wrongType = Gen.of(
        JSON.numberNode(42), JSON.numberNode(-1), JSON.numberNode(1.5), JSON.booleanNode(true), JSON.nullNode(),
        JSON.arrayNode(), JSON.objectNode(), JSON.textNode("12"), JSON.numberNode(new BigInteger("1" + "0".repeat(40))),
        JSON.numberNode(new BigDecimal("1e400")), JSON.arrayNode().add("x").add(1), JSON.objectNode().put("a", 1));
    Gen<JsonNode> specific = switch (type(schema)) {
      case "object" -> object(schema, true);
      case "array" -> badArray(name, schema);
      case "integer", "number" -> badNumber(schema);
      case "boolean" -> Gen.of(JSON.textNode("true"), JSON.numberNode(1), JSON.textNode("yes"));
      default -> badString(name, schema);
    };
    return Gen.<JsonNode>weighted().or(1, wrongType).or(3, specific);
  }

  /** An object of {@code schema}: each property good, absent, null or malformed; sometimes an unknown field. */
  Gen<JsonNode> object(Schema<?> schema, boolean spoil) {
    Map<String, Schema> properties = schema.getProperties() == null ? Map.of() : schema.getProperties();
    List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
    List<String> names = new ArrayList<>(properties.keySet());
    List<Gen<Optional<JsonNode>>> parts = new ArrayList<>();
    for (String field : names) {
      Schema<?> s = properties.get(field);
      // A careful caller leaves most optional fields out; so do most good bodies, which then get through.
      int absent = required.contains(field) ? 1 : spoil ? 3 : 12;
      parts.add(Gen.<Optional<JsonNode>>weighted()
          .or(spoil ? 6 : 12, valid(field, s).map(Optional::of))
          .or(absent, Gen.just(Optional.empty()))
          .or(spoil ? 6 : 2, malformed(field, s).map(Optional::of)));
    }
    Gen<Optional<Map.Entry<String, JsonNode>>> extra = Gen.<Optional<Map.Entry<String, JsonNode>>>weighted()
        .or(8, Gen.just(Optional.empty()))
        .or(1, Gen.combine(BadStrings.any(), Gen.of(JSON.textNode("x"), JSON.numberNode(1)),
            (k, v) -> Optional.of(Map.entry(k, v))))
        .or(1, Gen.of(names.isEmpty() ? List.of("extra") : names)
            .map(n -> Optional.of(Map.entry(n + "_", (JsonNode) JSON.textNode("typo")))));
    return Gen.combine(Gen.sequence(parts), extra, (values, e) -> {
      ObjectNode o = JSON.objectNode();
      for (int i = 0; i < names.size(); i++) {
        String field = names.get(i);
        values.get(i).ifPresent(v -> o.set(field, v));
      }
      e.ifPresent(t -> o.set(t.getKey(), t.getValue()));
      return o;
    });
  }

  private Gen<JsonNode> badString(String name, Schema<?> schema) {
    List<Gen<? extends String>> kinds = new ArrayList<>();
    kinds.add(BadStrings.any());
    Gen<String> seed = seeds.getOrDefault(name, Gen.just("value"));
    kinds.add(seed.flatMap(BadStrings::around));
    if (schema.getMaxLength() != null) {
      kinds.add(BadStrings.ofLength(schema.getMaxLength()));
      kinds.add(BadStrings.ofLength(schema.getMaxLength() + 1));
    }
    if (schema.getEnum() != null) {
      kinds.add(Gen.of(schema.getEnum()).map(v -> String.valueOf(v).toUpperCase(Locale.ROOT) + " "));
    }
    return Gen.<String>oneOf(kinds).map(JSON::textNode);
  }

  private static Gen<JsonNode> badNumber(Schema<?> schema) {
    List<JsonNode> edges = new ArrayList<>(List.of(
        JSON.numberNode(0), JSON.numberNode(-1), JSON.numberNode(Integer.MAX_VALUE), JSON.numberNode(Integer.MIN_VALUE),
        JSON.numberNode(Long.MAX_VALUE), JSON.numberNode(new BigInteger("9223372036854775808")), JSON.numberNode(2.5),
        JSON.numberNode(-0.0), JSON.numberNode(new BigDecimal("1e-400")), JSON.numberNode(1e300)));
    if (schema.getMinimum() != null) {
      edges.add(JSON.numberNode(schema.getMinimum().subtract(BigDecimal.ONE)));
      edges.add(JSON.numberNode(schema.getMinimum()));
    }
    if (schema.getMaximum() != null) {
      edges.add(JSON.numberNode(schema.getMaximum()));
      edges.add(JSON.numberNode(schema.getMaximum().add(BigDecimal.ONE)));
    }
    return Gen.of(edges);
  }

  private Gen<JsonNode> badArray(String name, Schema<?> schema) {
    Schema<?> items = schema.getItems() == null ? new Schema<>().type("string") : schema.getItems();
    int max = schema.getMaxItems() == null ? 50 : schema.getMaxItems();
    return Gen.oneOf(
        Gen.just(JSON.arrayNode()),
        valid(name, items).list(max + 1, max + 1).map(JsonValues::array),
        valid(name, items).list(1, 3).map(l -> {
          List<JsonNode> twice = new ArrayList<>(l);
          twice.add(l.get(0));
          return array(twice);
        }),
        malformed(name, items).list(1, 3).map(JsonValues::array),
        Gen.just(array(Collections.nCopies(2000, JSON.numberNode(22)))));
  }

  private static ArrayNode array(List<JsonNode> items) {
    ArrayNode a = JSON.arrayNode();
    items.forEach(a::add);
    return a;
  }

  private static String type(Schema<?> schema) {
    if (schema.getType() != null) {
      return schema.getType();
    }
    if (schema.getTypes() != null && !schema.getTypes().isEmpty()) {
      return schema.getTypes().iterator().next();
    }
    return schema.getProperties() != null ? "object" : "string";
  }
}
