package dev.jitbroker.api;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * openapi/openapi.yaml is the contract. These tests keep three things in line with it: the document
 * the service serves at /q/openapi, the JAX-RS resource methods the service really has, and the
 * response validator every API test relies on (see {@code Contract}).
 */
@QuarkusTest
class OpenApiContractTest {

  private static final Path CONTRACT = Path.of("openapi", "openapi.yaml");
  private static final String CONTRACT_URL = "openapi/openapi.yaml";
  private static final Set<String> HTTP_METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private static final String JAX_RS_PATH = "jakarta.ws.rs.Path";
  private static final String JAX_RS_HTTP_METHOD = "jakarta.ws.rs.HttpMethod";
  private static final String IF_BUILD_PROFILE = "io.quarkus.arc.profile.IfBuildProfile";

  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  // ---------------------------------------------------------------------------------------------
  // a) /q/openapi serves the contract

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "format=yaml query parameter, format, yaml, yaml",
    "format=json query parameter, format, json, json",
    "Accept: application/yaml,    accept, application/yaml, yaml",
    "Accept: application/json,    accept, application/json, json",
  })
  void servedDocument_describesTheSamePathsOperationsOperationIdsAndSchemasAsTheContractFile(
      String label, String how, String value, String expectedFormat) throws IOException {
    Response served = "format".equals(how)
        ? RestAssured.given().queryParam("format", value).get("/q/openapi")
        : RestAssured.given().accept(value).get("/q/openapi");

    assertEquals(200, served.statusCode(), "GET /q/openapi (" + label + ")");
    String contentType = served.contentType().toLowerCase(Locale.ROOT);
    assertTrue(contentType.contains(expectedFormat), "asked for " + expectedFormat + " but got " + contentType);
    JsonNode servedDocument = ("json".equals(expectedFormat) ? JSON : YAML).readTree(served.asString());

    Outline expected = Outline.of(contractFile());
    assertFalse(expected.operationIds().isEmpty(), "the contract file describes no operations");
    Outline actual = Outline.of(servedDocument);
    assertAll(
        () -> assertNoDifferences("paths", toMap(expected.paths()), toMap(actual.paths())),
        () -> assertNoDifferences("operations (method path -> operationId)", expected.operationIds(), actual.operationIds()),
        () -> assertNoDifferences("component schemas", toMap(expected.schemas()), toMap(actual.schemas())));
  }

  /** Equal maps, or a message naming only what differs. */
  private static void assertNoDifferences(String what, Map<String, String> inFile, Map<String, String> served) {
    List<String> differences = new ArrayList<>();
    Set<String> keys = new TreeSet<>(inFile.keySet());
    keys.addAll(served.keySet());
    for (String key : keys) {
      if (!served.containsKey(key)) {
        differences.add("only in the file: " + key);
      } else if (!inFile.containsKey(key)) {
        differences.add("only served: " + key);
      } else if (!inFile.get(key).equals(served.get(key))) {
        differences.add(key + ": " + inFile.get(key) + " in the file, " + served.get(key) + " served");
      }
    }
    assertTrue(differences.isEmpty(), () -> what + " of /q/openapi differ from openapi/openapi.yaml: " + differences);
  }

  private static Map<String, String> toMap(Set<String> names) {
    return names.stream().collect(Collectors.toMap(n -> n, n -> n, (a, b) -> a, TreeMap::new));
  }

  // ---------------------------------------------------------------------------------------------
  // b) the resource methods and the contract's operations match one to one

  @Test
  void everyResourceMethod_hasAnOperationInTheContract_andEveryOperationHasAResourceMethod() throws IOException {
    Map<String, String> implemented = resourceOperations(false);
    Map<String, String> documented = documentedOperations();
    assertFalse(implemented.isEmpty(), "no JAX-RS resource methods were found under dev.jitbroker");

    Set<String> undocumented = new TreeSet<>(implemented.keySet());
    undocumented.removeAll(documented.keySet());
    Set<String> unimplemented = new TreeSet<>(documented.keySet());
    unimplemented.removeAll(implemented.keySet());
    assertAll(
        () -> assertTrue(undocumented.isEmpty(), "resource methods missing from openapi/openapi.yaml: "
            + describe(undocumented, implemented)),
        () -> assertTrue(unimplemented.isEmpty(), "operations in openapi/openapi.yaml without a resource method: "
            + describe(unimplemented, documented)));
  }

  @Test
  void devOnlyResources_areNotInTheContract() throws IOException {
    Map<String, String> devOnly = resourceOperations(true);
    assertFalse(devOnly.isEmpty(), "the dev-only GET /dev/token was not found: the @IfBuildProfile(\"dev\") detection is broken "
        + "(or DevTokenResource was removed; then drop this guard)");

    Set<String> leaked = new TreeSet<>(devOnly.keySet());
    leaked.retainAll(documentedOperations().keySet());
    assertTrue(leaked.isEmpty(), "dev-only endpoints must not be in openapi/openapi.yaml: " + describe(leaked, devOnly));
  }

  @Test
  void httpMethodAnnotations_appearOnlyInRootResources_soTheScanMissesNothing() {
    List<String> outside = new ArrayList<>();
    for (JavaClass type : mainClasses()) {
      if (type.isAnnotatedWith(JAX_RS_PATH)) {
        continue;
      }
      for (JavaMethod method : type.getMethods()) {
        if (httpMethod(method).isPresent() || method.isAnnotatedWith(JAX_RS_PATH)) {
          outside.add(method.getFullName());
        }
      }
    }
    assertTrue(outside.isEmpty(),
        "JAX-RS methods outside a class annotated with @Path (sub-resources?) are not covered by the contract check: "
            + outside);
  }

  @Test
  void pathNormalization_ignoresTemplateNamesAndPatterns_andStraySlashes() {
    assertEquals("/api/v1/access-requests/{}/approve", normalize("api/v1//access-requests/{requestId: [0-9a-f]{8}-.+}/approve/"));
    assertEquals(normalize("/api/v1/access-requests/{id}"), normalize("/api/v1/access-requests/{other}/"));
    assertEquals("/", normalize("/"));
  }

  // ---------------------------------------------------------------------------------------------
  // c) the response validator used by Contract really rejects responses that break the contract

  @Test
  void responseValidator_acceptsAnAccessRequestShapedLikeTheContract() {
    ValidationReport report = validateGetAccessRequest(validAccessRequest());
    assertFalse(report.hasErrors(), () -> "a correct response was rejected: " + report.getMessages());
  }

  @Test
  void responseValidator_rejectsAnAccessRequestWithAnUnknownState() {
    ObjectNode body = validAccessRequest().put("state", "BOGUS");
    ValidationReport report = validateGetAccessRequest(body);
    assertTrue(report.hasErrors(), "state BOGUS was accepted");
    assertTrue(keys(report).contains("validation.response.body.schema.enum"), () -> "messages: " + report.getMessages());
  }

  @Test
  void responseValidator_rejectsAnAccessRequestWithoutARequiredField() {
    ObjectNode body = validAccessRequest();
    body.remove("requester");
    ValidationReport report = validateGetAccessRequest(body);
    assertTrue(report.hasErrors(), "a body without 'requester' was accepted");
    assertTrue(keys(report).contains("validation.response.body.schema.required"), () -> "messages: " + report.getMessages());
  }

  @Test
  void responseValidator_rejectsAnUndocumentedStatus() {
    ValidationReport report = validator().validate(
        SimpleRequest.Builder.get("/api/v1/access-requests/" + UUID.randomUUID()).build(),
        SimpleResponse.Builder.status(418).withContentType("application/json").withBody("{}").build());
    assertTrue(report.hasErrors(), "status 418 is not in the contract but was accepted");
  }

  /** The validator exactly as {@code Contract} builds it. */
  private static OpenApiInteractionValidator validator() {
    return OpenApiInteractionValidator.createForSpecificationUrl(CONTRACT_URL)
        .withLevelResolver(
            LevelResolver.create()
                .withLevel("validation.request", ValidationReport.Level.IGNORE)
                .withLevel("validation.response", ValidationReport.Level.ERROR)
                .build())
        .build();
  }

  private static ValidationReport validateGetAccessRequest(JsonNode body) {
    return validator().validate(
        SimpleRequest.Builder.get("/api/v1/access-requests/" + body.path("id").asText(UUID.randomUUID().toString()))
            .withHeader("Authorization", "Bearer not-checked-here")
            .build(),
        SimpleResponse.Builder.ok().withContentType("application/json").withBody(body.toString()).build());
  }

  private static Set<String> keys(ValidationReport report) {
    return report.getMessages().stream().map(ValidationReport.Message::getKey).collect(Collectors.toSet());
  }

  private static ObjectNode validAccessRequest() {
    String requester = UUID.randomUUID().toString();
    ObjectNode body = JSON.createObjectNode();
    body.put("id", UUID.randomUUID().toString());
    body.put("state", "PENDING");
    body.putObject("requester").put("id", requester).put("name", "alice");
    body.put("principalId", requester);
    body.put("scope", "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/app-prod");
    body.put("role", "Reader");
    body.put("grantType", "azure-rbac");
    body.put("duration", "PT1H");
    body.put("justification", "Investigate INC-4711: checkout latency");
    body.put("ticket", "INC-4711");
    body.put("createdAt", "2026-01-31T08:00:00Z");
    body.put("decisionDeadline", "2026-02-01T08:00:00Z");
    body.putNull("decidedAt");
    body.putNull("activatedAt");
    body.putNull("expiresAt");
    body.putNull("endedAt");
    body.putArray("approvals");
    body.put("policyVersion", 1);
    body.put("policyRule", "catch-all");
    body.put("requiredApprovals", 1);
    body.putNull("decisionReason");
    body.putNull("grantRef");
    body.putNull("grantPreexisting");
    body.put("grantAttempts", 0);
    body.putNull("nextAttemptAt");
    body.putNull("lastError");
    body.putNull("accessRemovedAt");
    body.putNull("network");
    body.putNull("extendsId");
    return body;
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  private static JsonNode contractFile() throws IOException {
    return YAML.readTree(Files.readString(CONTRACT));
  }

  /** Documented operations: normalized "METHOD /path" to the operation as written in the file, with its operationId. */
  private static Map<String, String> documentedOperations() throws IOException {
    Map<String, String> operations = new TreeMap<>();
    for (Map.Entry<String, String> operation : Outline.of(contractFile()).operationIds().entrySet()) {
      String[] methodAndPath = operation.getKey().split(" ", 2);
      operations.put(methodAndPath[0] + " " + normalize(methodAndPath[1]),
          operation.getKey() + ", operationId " + operation.getValue());
    }
    return operations;
  }

  /**
   * Resource methods of the application: normalized "METHOD /path" to the Java method. With {@code devOnly}
   * only those of classes annotated {@code @IfBuildProfile("dev")}, otherwise all the others.
   */
  private static Map<String, String> resourceOperations(boolean devOnly) {
    Map<String, String> operations = new TreeMap<>();
    for (JavaClass resource : mainClasses()) {
      if (!resource.isAnnotatedWith(JAX_RS_PATH) || isDevOnly(resource) != devOnly) {
        continue;
      }
      String classPath = pathOf(resource.getAnnotationOfType(JAX_RS_PATH));
      for (JavaMethod method : resource.getMethods()) {
        Optional<String> verb = httpMethod(method);
        if (verb.isEmpty()) {
          if (method.isAnnotatedWith(JAX_RS_PATH)) {
            fail("sub-resource locator " + method.getFullName() + " is not covered by the contract check; extend it");
          }
          continue;
        }
        String path = method.isAnnotatedWith(JAX_RS_PATH)
            ? classPath + "/" + pathOf(method.getAnnotationOfType(JAX_RS_PATH))
            : classPath;
        String key = verb.get() + " " + normalize(path);
        String previous = operations.put(key, method.getFullName());
        if (previous != null) {
          fail(key + " is served by both " + previous + " and " + method.getFullName());
        }
      }
    }
    return operations;
  }

  private static JavaClasses mainClasses;

  /** The compiled main classes (tests are not imported), read from the class files. */
  private static synchronized JavaClasses mainClasses() {
    if (mainClasses == null) {
      mainClasses = new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.jitbroker");
    }
    return mainClasses;
  }

  /** GET, POST, ...: the value of the method's annotation that is itself annotated {@code @HttpMethod}. */
  private static Optional<String> httpMethod(JavaMethod method) {
    for (JavaAnnotation<JavaMethod> annotation : method.getAnnotations()) {
      Optional<JavaAnnotation<JavaClass>> meta = annotation.getRawType().tryGetAnnotationOfType(JAX_RS_HTTP_METHOD);
      if (meta.isPresent()) {
        return Optional.of(String.valueOf(meta.get().get("value").orElseThrow()).toUpperCase(Locale.ROOT));
      }
    }
    return Optional.empty();
  }

  private static String pathOf(JavaAnnotation<?> path) {
    return String.valueOf(path.get("value").orElse(""));
  }

  /** Dev-only: {@code @IfBuildProfile("dev")} (or allOf/anyOf naming only dev), so absent from real builds. */
  private static boolean isDevOnly(JavaClass type) {
    Optional<JavaAnnotation<JavaClass>> profile = type.tryGetAnnotationOfType(IF_BUILD_PROFILE);
    if (profile.isEmpty()) {
      return false;
    }
    String value = String.valueOf(profile.get().get("value").orElse(""));
    List<String> allOf = Arrays.asList((String[]) profile.get().get("allOf").orElse(new String[0]));
    List<String> anyOf = Arrays.asList((String[]) profile.get().get("anyOf").orElse(new String[0]));
    return "dev".equals(value) || allOf.contains("dev") || (!anyOf.isEmpty() && anyOf.stream().allMatch("dev"::equals));
  }

  /**
   * One spelling per route: a leading slash, no doubled or trailing slashes, and every template
   * variable (with or without a regular expression) as {@code {}}.
   */
  static String normalize(String path) {
    StringBuilder anonymous = new StringBuilder("/");
    int depth = 0;
    for (char c : path.toCharArray()) {
      if (c == '{' && depth++ == 0) {
        anonymous.append("{}");
      } else if (c == '}' && depth > 0) {
        depth--;
      } else if (depth == 0) {
        anonymous.append(c);
      }
    }
    String p = anonymous.toString().replaceAll("/+", "/");
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  private static String describe(Set<String> keys, Map<String, String> origins) {
    return keys.stream().map(k -> k + " (" + origins.get(k) + ")").collect(Collectors.joining(", ", "[", "]"));
  }

  /** What two OpenAPI documents must agree on. */
  record Outline(Set<String> paths, Map<String, String> operationIds, Set<String> schemas) {

    static Outline of(JsonNode document) {
      Set<String> paths = new TreeSet<>();
      Map<String, String> operationIds = new TreeMap<>();
      for (Map.Entry<String, JsonNode> pathItem : document.path("paths").properties()) {
        paths.add(pathItem.getKey());
        for (Map.Entry<String, JsonNode> op : pathItem.getValue().properties()) {
          if (HTTP_METHODS.contains(op.getKey())) {
            operationIds.put(
                op.getKey().toUpperCase(Locale.ROOT) + " " + pathItem.getKey(),
                op.getValue().path("operationId").asText("<no operationId>"));
          }
        }
      }
      Set<String> schemas = new TreeSet<>();
      document.path("components").path("schemas").fieldNames().forEachRemaining(schemas::add);
      return new Outline(paths, operationIds, schemas);
    }
  }
}
