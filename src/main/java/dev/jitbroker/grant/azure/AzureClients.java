package dev.jitbroker.grant.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.AddDatePolicy;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.vertx.VertxHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.authorization.fluent.AuthorizationManagementClient;
import dev.jitbroker.grant.GrantFailure;
import dev.jitbroker.request.GrantMetrics;
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

  /** How long a write waits for the budget at most, unless one write takes longer to come back (a low rate). */
  private static final Duration PATIENCE = Duration.ofSeconds(2);
  private static final String ZERO = "00000000-0000-0000-0000-000000000000";

  private final ArmTarget target;
  private final Vertx vertx;
  private final WriteBudget writes;
  /**
   * {@link #PATIENCE}, or one and a half refills of a write when that is longer: at a low rate (a budget
   * shared by many replicas) a write must still be obtainable, or a grant that makes two writes would
   * wait for the second one forever.
   */
  private final Duration patience;
  private volatile AuthorizationManagementClient authorization;
  private final Duration responseTimeout;
  private final Map<String, AuthorizationManagementClient> bySubscription = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile AzureEnvironment environment;
  private volatile HttpPipeline pipeline;
  private volatile HttpClient http;
  private final GrantMetrics metrics;

  AzureClients(ArmTarget target, Vertx vertx, java.time.Clock clock, dev.jitbroker.config.JitConfig config,
      GrantMetrics metrics) {
    this.metrics = metrics;
    this.responseTimeout = config.azure().responseTimeout();
    this.target = target;
    this.vertx = vertx;
    this.writes = new WriteBudget(target.writeBurst(), target.writeRate(), clock);
    Duration refill = Duration.ofMillis((long) Math.ceil(1500 / target.writeRate()));
    this.patience = refill.compareTo(PATIENCE) > 0 ? refill : PATIENCE;
  }

  /** The per-subscription pace of ARM writes. */
  WriteBudget writes() {
    return writes;
  }

  /**
   * Call before every ARM write (PUT, PATCH, POST, DELETE) to {@code armId}: waits briefly for the
   * subscription's write budget, or asks the worker to come back later rather than collect 429s.
   */
  public void pace(String armId) throws GrantFailure {
    String[] parts = armId.split("/");
    if (parts.length < 3 || !"subscriptions".equalsIgnoreCase(parts[1])) {
      return;
    }
    String subscription = parts[2].toLowerCase(java.util.Locale.ROOT);
    try {
      if (!writes.acquire(subscription, patience)) {
        // Our own pacing, not a failure: it must not use up the request's attempts, or a backlog
        // longer than the budget (an approval storm) would fail requests that Azure never refused.
        throw GrantFailure.waiting("The ARM write budget of subscription " + subscription
            + " is spent for now; waiting for it rather than collecting 429s.", patience);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw GrantFailure.transientFailure("Interrupted while waiting for the ARM write budget", null, null, e);
    }
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

  /**
   * The Microsoft.Authorization client bound to one subscription, for the calls whose path the SDK
   * builds from the client's subscription (e.g. permissions of a resource group); same pipeline.
   */
  public AuthorizationManagementClient authorization(String subscriptionId) {
    AuthorizationManagementClient shared = authorization();
    return bySubscription.computeIfAbsent(subscriptionId.toLowerCase(java.util.Locale.ROOT), id ->
        AuthorizationManager.authenticate(shared.getHttpPipeline(), new AzureProfile(ZERO, id, environment))
            .roleServiceClient());
  }

  /** The configured ARM endpoint, e.g. {@code https://management.azure.com}, without a trailing slash. */
  public String armEndpoint() {
    String e = target.armEndpoint();
    return e.endsWith("/") ? e.substring(0, e.length() - 1) : e;
  }

  /**
   * An SDK pipeline for the ARM calls without a typed client here (Microsoft.Solutions,
   * Microsoft.Security): the same HTTP client, credential, retry and call recording as the typed clients.
   * Send requests to {@link #armEndpoint()} plus the path, with {@code ArmCallRecorder.context()}.
   */
  public HttpPipeline pipeline() {
    HttpPipeline p = pipeline;
    if (p == null) {
      synchronized (this) {
        if (pipeline == null) {
          pipeline = new HttpPipelineBuilder()
              .httpClient(http())
              .policies(
                  new RequestIdPolicy(),
                  new RetryPolicy(retryOptions()),
                  new AddDatePolicy(),
                  new BearerTokenAuthenticationPolicy(target.credential(), armEndpoint() + "/.default"),
                  new ArmCallRecorder(metrics::called))
              .build();
        }
        p = pipeline;
      }
    }
    return p;
  }

  private static RetryOptions retryOptions() {
    // A short in-call retry for blips; the workers retry longer, honouring Retry-After, between calls.
    return new RetryOptions(new ExponentialBackoffOptions()
        .setMaxRetries(2).setBaseDelay(Duration.ofMillis(200)).setMaxDelay(Duration.ofSeconds(2)));
  }

  private synchronized HttpClient http() {
    if (http == null) {
      http = buildHttp();
    }
    return http;
  }

  private HttpClient buildHttp() {
    HttpClientOptions options = new HttpClientOptions();
    if (target.trustedCertificatesPem() != null) {
      // Extra CAs on top of nothing else: for a proxy or the sandbox, trusted explicitly, never "trust all".
      options.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(target.trustedCertificatesPem())));
    }
    return new VertxHttpClientBuilder()
        .vertx(vertx)
        .httpClientOptions(options)
        .connectTimeout(Duration.ofSeconds(10))
        .responseTimeout(responseTimeout)
        .build();
  }

  private AuthorizationManagementClient build() {
    // The public cloud's endpoint table (the SDK expects every entry), with ARM and Entra pointed where configured.
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", target.armEndpoint());
    endpoints.put("activeDirectoryEndpointUrl", target.authorityHost());
    endpoints.put("activeDirectoryResourceId", target.armEndpoint());
    environment = new AzureEnvironment(endpoints);
    AzureProfile profile = new AzureProfile(ZERO, ZERO, environment);
    return AuthorizationManager.configure()
        .withHttpClient(http())
        .withRetryOptions(retryOptions())
        .withPolicy(new ArmCallRecorder(metrics::called))
        .authenticate(target.credential(), profile)
        .roleServiceClient();
  }
}
