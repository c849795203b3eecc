package dev.jitbroker;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitbroker.policy.Policy;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The deployment files: every YAML under deploy/ and docker-compose.yml parses, and the Kubernetes
 * manifests keep what running in production needs (replicas, probes on the service's real health
 * endpoints, limits, a disruption budget, workload identity, a locked-down container).
 */
@QuarkusTest
class DeploymentManifestsTest {

  private static final Path BASE = Path.of("deploy", "kubernetes", "base");

  private static final List<Map<String, Object>> RESOURCES = new ArrayList<>();

  @BeforeAll
  static void parseTheKustomization() throws IOException {
    RESOURCES.clear();
    for (Object r : list(load(BASE.resolve("kustomization.yaml")).get("resources"))) {
      Path file = BASE.resolve((String) r);
      assertTrue(Files.exists(file), "kustomization names a missing file: " + file);
      for (Object doc : yaml().loadAll(Files.readString(file))) {
        RESOURCES.add(map(doc));
      }
    }
  }

  @Test
  void everyYamlFile_underDeploy_andTheComposeFile_parses() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Path.of("deploy"))) {
      files = new ArrayList<>(walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).toList());
    }
    files.add(Path.of("docker-compose.yml"));
    assertTrue(files.size() >= 8, "found: " + files);
    for (Path f : files) {
      for (Object doc : yaml().loadAll(Files.readString(f))) {
        assertNotNull(doc, "an empty document in " + f);
      }
    }
  }

  @Test
  void everyManifest_isInTheKustomization() throws IOException {
    Set<String> listed = new HashSet<>();
    list(load(BASE.resolve("kustomization.yaml")).get("resources")).forEach(r -> listed.add((String) r));
    try (Stream<Path> files = Files.list(BASE)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".yaml") && !name.equals("kustomization.yaml") && !name.equals("policy.yaml")) {
          assertTrue(listed.contains(name), name + " is not applied by the kustomization");
        }
      }
    }
  }

  @Test
  void deployment_runsAtLeastTwoReplicas_withLimits_andSpreadOut() {
    Map<String, Object> spec = map(deployment().get("spec"));
    assertTrue(((Number) spec.get("replicas")).intValue() >= 2, "replicas: " + spec.get("replicas"));
    Map<String, Object> pod = podSpec();
    assertFalse(list(pod.get("topologySpreadConstraints")).isEmpty(), "no topology spread");
    Map<String, Object> resources = map(container().get("resources"));
    for (String kind : List.of("requests", "limits")) {
      Map<String, Object> r = map(resources.get(kind));
      assertNotNull(r.get("cpu"), kind + ".cpu");
      assertNotNull(r.get("memory"), kind + ".memory");
    }
  }

  @Test
  void probes_askTheServicesOwnHealthEndpoints() {
    Map<String, Object> c = container();
    Map<String, String> expected = Map.of(
        "startupProbe", "/q/health/started",
        "readinessProbe", "/q/health/ready",
        "livenessProbe", "/q/health/live");
    Set<String> ports = new HashSet<>();
    list(c.get("ports")).forEach(p -> ports.add((String) map(p).get("name")));
    expected.forEach((probe, path) -> {
      Map<String, Object> get = map(map(c.get(probe)).get("httpGet"));
      assertEquals(path, get.get("path"), probe);
      assertTrue(ports.contains(get.get("port")), probe + " names a port the container does not have");
      // The path answers on the service itself, and says it is up.
      given().get(path).then().statusCode(200);
    });
  }

  @Test
  void container_isNotRoot_withAReadOnlyRootFileSystem_andAWritableTmp() {
    assertEquals(Boolean.TRUE, map(podSpec().get("securityContext")).get("runAsNonRoot"));
    Map<String, Object> security = map(container().get("securityContext"));
    assertEquals(Boolean.TRUE, security.get("readOnlyRootFilesystem"));
    assertEquals(Boolean.FALSE, security.get("allowPrivilegeEscalation"));
    assertTrue(list(map(security.get("capabilities")).get("drop")).contains("ALL"));
    assertTrue(list(container().get("volumeMounts")).stream().anyMatch(m -> "/tmp".equals(map(m).get("mountPath"))),
        "the JVM needs a writable /tmp");
  }

  @Test
  void pods_useAzureWorkloadIdentity_throughTheirServiceAccount() {
    Map<String, Object> account = resource("ServiceAccount");
    Map<String, Object> annotations = map(map(account.get("metadata")).get("annotations"));
    assertNotNull(annotations.get("azure.workload.identity/client-id"));
    assertEquals(map(account.get("metadata")).get("name"), podSpec().get("serviceAccountName"));
    assertEquals("true", podLabels().get("azure.workload.identity/use"));
  }

  @Test
  void serviceAndDisruptionBudget_selectTheDeploymentsPods() {
    Map<String, Object> labels = podLabels();
    Map<String, Object> service = map(resource("Service").get("spec"));
    assertTrue(labels.entrySet().containsAll(map(service.get("selector")).entrySet()), "service selector");
    Map<String, Object> pdb = map(resource("PodDisruptionBudget").get("spec"));
    assertTrue(labels.entrySet().containsAll(map(map(pdb.get("selector")).get("matchLabels")).entrySet()), "PDB selector");
    assertNotNull(pdb.get("minAvailable") != null ? pdb.get("minAvailable") : pdb.get("maxUnavailable"));
  }

  @Test
  void configAndSecrets_comeFromTheManifests_andThePolicyMountedIsValid() throws IOException {
    Map<String, Object> c = container();
    Set<String> configMaps = new HashSet<>();
    Set<String> secrets = new HashSet<>();
    for (Object from : list(c.get("envFrom"))) {
      Map<String, Object> f = map(from);
      if (f.containsKey("configMapRef")) {
        configMaps.add((String) map(f.get("configMapRef")).get("name"));
      }
      if (f.containsKey("secretRef")) {
        secrets.add((String) map(f.get("secretRef")).get("name"));
      }
    }
    Map<String, Object> config = resource("ConfigMap");
    assertTrue(configMaps.contains(map(config.get("metadata")).get("name")));
    assertTrue(secrets.contains(map(resource("Secret").get("metadata")).get("name")));
    Map<String, Object> data = map(config.get("data"));
    assertNotNull(data.get("QUARKUS_DATASOURCE_JDBC_URL"));
    assertNotNull(data.get("QUARKUS_OIDC_AUTH_SERVER_URL"));
    String policyFile = (String) data.get("JIT_POLICY_FILE");
    String mountedAt = list(c.get("volumeMounts")).stream().map(m -> map(m))
        .filter(m -> "policy".equals(m.get("name"))).map(m -> (String) m.get("mountPath")).findFirst().orElseThrow();
    assertEquals(mountedAt + "/policy.yaml", policyFile);
    // The generated ConfigMap holds policy.yaml; the service refuses to start with an invalid one.
    Policy.parse(Files.readString(BASE.resolve("policy.yaml")));
  }

  @Test
  void compose_startsTheServiceInSandboxMode_fromTheDockerfile() throws IOException {
    Map<String, Object> services = map(load(Path.of("docker-compose.yml")).get("services"));
    Map<String, Object> broker = map(services.get("jit-broker"));
    Map<String, Object> build = map(broker.get("build"));
    assertTrue(Files.exists(Path.of((String) build.get("dockerfile"))), "the Dockerfile exists");
    Map<String, Object> env = map(broker.get("environment"));
    assertEquals("${JIT_AZURE_MODE:-sandbox}", env.get("JIT_AZURE_MODE"));
    assertTrue(services.containsKey("postgres"));
  }

  private static Map<String, Object> deployment() {
    return resource("Deployment");
  }

  private static Map<String, Object> podSpec() {
    return map(map(map(deployment().get("spec")).get("template")).get("spec"));
  }

  private static Map<String, Object> podLabels() {
    return map(map(map(map(deployment().get("spec")).get("template")).get("metadata")).get("labels"));
  }

  private static Map<String, Object> container() {
    return map(list(podSpec().get("containers")).get(0));
  }

  private static Map<String, Object> resource(String kind) {
    return RESOURCES.stream().filter(r -> kind.equals(r.get("kind"))).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " in the kustomization"));
  }

  private static Yaml yaml() {
    return new Yaml(new SafeConstructor(new LoaderOptions()));
  }

  private static Map<String, Object> load(Path file) throws IOException {
    return map(yaml().load(Files.readString(file)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    assertTrue(o instanceof Map, "expected a mapping, got " + o);
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    assertTrue(o instanceof List, "expected a list, got " + o);
    return (List<Object>) o;
  }
}
