package dev.jitbroker.sandbox;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** An HTTPS client for the sandbox that trusts its certificate and nothing else. */
final class SandboxClient {

  static final String BEARER = "Bearer sandbox-test-token";

  private final String baseUrl;
  private final HttpClient http;

  SandboxClient(String baseUrl, String certificatePem) {
    this.baseUrl = baseUrl;
    this.http = HttpClient.newBuilder()
        .sslContext(trustOnly(certificatePem))
        .connectTimeout(Duration.ofSeconds(30))
        .build();
  }

  /** {@code pathAndQuery} is sent as written (e.g. with the SDK's leading double slash). */
  HttpResponse<String> send(String method, String pathAndQuery, String body, String... headers) throws Exception {
    return send(Duration.ofSeconds(30), method, pathAndQuery, body, headers);
  }

  HttpResponse<String> send(Duration timeout, String method, String pathAndQuery, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
        .timeout(timeout)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  HttpResponse<String> arm(String method, String pathAndQuery, String body) throws Exception {
    return send(method, pathAndQuery, body, "Authorization", BEARER);
  }

  static SSLContext trustOnly(String certificatePem) {
    try {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      trusted.setCertificateEntry("arm-sandbox", CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII))));
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException("cannot trust the sandbox certificate", e);
    }
  }
}
