package dev.jitbroker.grant.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitbroker.grant.GrantFailure;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Defender for Cloud's JIT network access policies (Microsoft.Security, api-version 2020-01-01), through
 * the SDK pipeline: find the policy that covers a VM, read a policy, initiate a request.
 */
final class JitPolicies {

  static final String API_VERSION = "2020-01-01";
  static final ObjectMapper JSON = new ObjectMapper();

  private static final Pattern VM = Pattern.compile(
      "^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.Compute/virtualMachines/([^/]+)$",
      Pattern.CASE_INSENSITIVE);

  /** A virtual machine, by its resource id. */
  record Vm(String id, String subscription, String resourceGroup, String name) {

    static Optional<Vm> parse(String scope) {
      Matcher m = VM.matcher(scope);
      return m.matches() ? Optional.of(new Vm(scope, m.group(1), m.group(2), m.group(3))) : Optional.empty();
    }
  }

  /**
   * The policy that covers a VM.
   *
   * @param rules the policy's entry for the VM: its id and port rules
   */
  record Covering(String policyId, JsonNode policy, JsonNode rules) {}

  private final AzureClients clients;

  JitPolicies(AzureClients clients) {
    this.clients = clients;
  }

  /** The policy that covers {@code vm}: looked for in the VM's resource group, then in its whole subscription. */
  Optional<Covering> covering(Vm vm) throws GrantFailure {
    String sub = "/subscriptions/" + vm.subscription();
    Optional<Covering> found = find(sub + "/resourceGroups/" + vm.resourceGroup(), vm);
    return found.isPresent() ? found : find(sub, vm);
  }

  private Optional<Covering> find(String scope, Vm vm) throws GrantFailure {
    String url = clients.armEndpoint() + scope + "/providers/Microsoft.Security/jitNetworkAccessPolicies?api-version="
        + API_VERSION;
    while (url != null) {
      JsonNode page = send(HttpMethod.GET, url, null, "Listing the JIT network access policies of " + scope);
      for (JsonNode policy : page.path("value")) {
        for (JsonNode rules : policy.path("properties").path("virtualMachines")) {
          if (rules.path("id").asText().equalsIgnoreCase(vm.id())) {
            return Optional.of(new Covering(policy.path("id").asText(), policy, rules));
          }
        }
      }
      url = page.hasNonNull("nextLink") ? page.get("nextLink").asText() : null;
    }
    return Optional.empty();
  }

  /** The policy {@code policyId}, or empty when it no longer exists. */
  Optional<JsonNode> get(String policyId) throws GrantFailure {
    try {
      return Optional.of(send(HttpMethod.GET, clients.armEndpoint() + policyId + "?api-version=" + API_VERSION, null,
          "Reading the JIT network access policy " + policyId));
    } catch (GrantFailure f) {
      if ("ResourceNotFound".equals(f.code()) || f.getCause() instanceof ManagementException m
          && m.getResponse().getStatusCode() == 404) {
        return Optional.empty();
      }
      throw f;
    }
  }

  /** POSTs {@code initiate} on the policy; answers the request Defender recorded. */
  JsonNode initiate(String policyId, JsonNode body) throws GrantFailure {
    clients.pace(policyId);
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the initiate request", e);
    }
    return send(HttpMethod.POST, clients.armEndpoint() + policyId + "/initiate?api-version=" + API_VERSION, bytes,
        "Initiating JIT network access on " + policyId);
  }

  private JsonNode send(HttpMethod method, String url, byte[] body, String doing) throws GrantFailure {
    HttpRequest request = new HttpRequest(method, url);
    if (body != null) {
      request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
      request.setBody(body);
    }
    try (HttpResponse response = clients.pipeline().sendSync(request, ArmCallRecorder.context())) {
      String text = response.getBodyAsBinaryData() == null ? "" : response.getBodyAsBinaryData().toString();
      JsonNode json = text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
      if (response.getStatusCode() >= 400) {
        // The same translation as the typed clients' errors: ARM's code and message, transient or not.
        ManagementError error = new ManagementError(json.path("error").path("code").asText(null),
            json.path("error").path("message").asText(null));
        throw ArmErrors.translate(new ManagementException("ARM answered " + response.getStatusCode(), response, error), doing);
      }
      return json;
    } catch (IOException e) {
      throw GrantFailure.transientFailure(doing + " failed: ARM's answer was not JSON", null, null, e);
    } catch (RuntimeException e) {
      throw ArmErrors.translate(e, doing);
    }
  }
}
