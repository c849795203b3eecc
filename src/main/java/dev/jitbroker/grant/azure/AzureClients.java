package dev.jitbroker.grant.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.vertx.VertxHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.authorization.fluent.AuthorizationManagementClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PemTrustOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The Azure SDK clients, on Quarkus's Vert.x, pointed at the configured ARM endpoint. */
@ApplicationScoped
public class AzureClients {

  private static final String ZERO = "00000000-0000-0000-0000-000000000000";

  private final ArmTarget target;
  private final Vertx vertx;
  private final WriteBudget writes;
  private volatile AuthorizationManagementClient authorization;

  AzureClients(ArmTarget target, Vertx vertx, java.time.Clock clock) {
    this.target = target;
    this.vertx = vertx;
    this.writes = new WriteBudget(target.writeBurst(), target.writeRate(), clock);
  }

  /** The per-subscription pace of ARM writes. */
  WriteBudget writes() {
    return writes;
  }

  /** The Microsoft.Authorization client (role definitions, role assignments, PIM). */
  public AuthorizationManagementClient authorization() {
    AuthorizationManagementClient client = authorization;
    if (client == null) {
      synchronized (this) {
        if (authorization == null) {
          authorization = build();
        }
        client = authorization;
      }
    }
    return client;
  }

  private AuthorizationManagementClient build() {
    HttpClientOptions options = new HttpClientOptions();
    if (target.trustedCertificatesPem() != null) {
      // Extra CAs on top of nothing else: for a proxy or the sandbox, trusted explicitly, never "trust all".
      options.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(target.trustedCertificatesPem())));
    }
    HttpClient http = new VertxHttpClientBuilder()
        .vertx(vertx)
        .httpClientOptions(options)
        .connectTimeout(Duration.ofSeconds(10))
        .responseTimeout(Duration.ofSeconds(30))
        .build();
    // The public cloud's endpoint table (the SDK expects every entry), with ARM and Entra pointed where configured.
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", target.armEndpoint());
    endpoints.put("activeDirectoryEndpointUrl", target.authorityHost());
    endpoints.put("activeDirectoryResourceId", target.armEndpoint());
    AzureEnvironment environment = new AzureEnvironment(endpoints);
    AzureProfile profile = new AzureProfile(ZERO, ZERO, environment);
    // A short in-call retry for blips; the workers retry longer, honouring Retry-After, between calls.
    RetryOptions retry = new RetryOptions(new ExponentialBackoffOptions()
        .setMaxRetries(2).setBaseDelay(Duration.ofMillis(200)).setMaxDelay(Duration.ofSeconds(2)));
    return AuthorizationManager.configure()
        .withHttpClient(http)
        .withRetryOptions(retry)
        .withPolicy(new ArmCallRecorder())
        .authenticate(target.credential(), profile)
        .roleServiceClient();
  }
}
