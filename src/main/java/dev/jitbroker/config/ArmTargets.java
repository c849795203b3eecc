package dev.jitbroker.config;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import dev.jitbroker.grant.azure.ArmTarget;
import dev.jitbroker.grant.azure.ManagedAppJitSettings;
import dev.jitbroker.sandbox.ArmSandbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Map;
import reactor.core.publisher.Mono;

/** Decides where ARM calls go: the real cloud configured, or the built-in sandbox in dev and tests. */
@ApplicationScoped
public class ArmTargets {

  private static final Map<String, String[]> CLOUDS = Map.of(
      "AzureCloud", new String[] {"https://management.azure.com/", "https://login.microsoftonline.com/"},
      "AzureUSGovernment", new String[] {"https://management.usgovcloudapi.net/", "https://login.microsoftonline.us/"},
      "AzureChinaCloud", new String[] {"https://management.chinacloudapi.cn/", "https://login.chinacloudapi.cn/"});

  private static final String SANDBOX_AUTHORITY = "https://login.sandbox.invalid/";
  // The sandbox accepts any bearer token; the SDK still sends one, over HTTPS, as it would to Azure.
  private static final TokenCredential SANDBOX_CREDENTIAL =
      request -> Mono.just(new AccessToken("sandbox", OffsetDateTime.now().plusHours(1)));

  @Produces
  @Singleton
  ArmTarget armTarget(JitConfig config, Instance<ArmSandbox> sandbox) {
    JitConfig.Azure azure = config.azure();
    if ("sandbox".equals(azure.mode()) && azure.armEndpoint().isPresent()) {
      // A sandbox in another process (crash and multi-replica drills): trusted by its certificate alone.
      String pem = read(azure.trustStore().orElseThrow(() -> new IllegalStateException(
          "jit.azure.trust-store (the sandbox's certificate) is required with jit.azure.mode=sandbox and jit.azure.arm-endpoint")));
      return new ArmTarget(azure.armEndpoint().get(), SANDBOX_AUTHORITY, SANDBOX_CREDENTIAL, pem,
          azure.writeBurst(), azure.writeRate());
    }
    if ("sandbox".equals(azure.mode())) {
      ArmSandbox s = sandbox.get();
      if (!s.running()) {
        throw new IllegalStateException("jit.azure.mode=sandbox, but the ARM sandbox is not running");
      }
      return new ArmTarget(s.baseUrl() + "/", SANDBOX_AUTHORITY, SANDBOX_CREDENTIAL, s.certificatePem(),
          azure.writeBurst(), azure.writeRate());
    }
    if (!"azure".equals(azure.mode())) {
      throw new IllegalStateException("jit.azure.mode must be 'azure' or 'sandbox', not '" + azure.mode() + "'");
    }
    String[] cloud = CLOUDS.get(azure.cloud());
    if (cloud == null) {
      throw new IllegalStateException("jit.azure.cloud must be one of " + CLOUDS.keySet() + ", not '" + azure.cloud() + "'");
    }
    String arm = azure.armEndpoint().orElse(cloud[0]);
    String authority = azure.authorityHost().orElse(cloud[1]);
    TokenCredential credential;
    if (azure.clientId().isPresent() && azure.clientSecret().isPresent()) {
      credential = new ClientSecretCredentialBuilder()
          .tenantId(azure.tenantId().orElseThrow(() -> new IllegalStateException(
              "jit.azure.tenant-id is required with jit.azure.client-id and jit.azure.client-secret")))
          .clientId(azure.clientId().get())
          .clientSecret(azure.clientSecret().get())
          .authorityHost(authority)
          .build();
    } else {
      DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder().authorityHost(authority);
      azure.tenantId().ifPresent(builder::tenantId);
      credential = builder.build();
    }
    return new ArmTarget(arm, authority, credential, azure.trustStore().map(ArmTargets::read).orElse(null),
        azure.writeBurst(), azure.writeRate());
  }

  @Produces
  @Singleton
  ManagedAppJitSettings managedAppJitSettings(JitConfig config) {
    // One grant attempt follows Azure's operation this long, then leaves it to the next attempt (rows stay locked meanwhile).
    return new ManagedAppJitSettings(config.grants().approvalPollInterval(), java.time.Duration.ofSeconds(3));
  }

  private static String read(String pemFile) {
    try {
      return Files.readString(Path.of(pemFile));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read jit.azure.trust-store " + pemFile, e);
    }
  }
}
