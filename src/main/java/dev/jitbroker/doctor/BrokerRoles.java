package dev.jitbroker.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitbroker.request.GrantType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the shipped role definitions ({@code deploy/azure-roles/*.json}, on the classpath as {@code azure-roles/}). */
public final class BrokerRoles {

  /** Where the role files lie in the repository (and in a release). */
  public static final String FOLDER = "deploy/azure-roles/";
  private static final String CLASSPATH_FOLDER = "azure-roles/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private BrokerRoles() {}

  /** One role per grant type, in the order of {@link GrantType}; fails loudly when a file is missing or malformed. */
  public static List<BrokerRole> load() {
    List<BrokerRole> roles = new ArrayList<>();
    for (GrantType type : GrantType.values()) {
      roles.add(load(type.wireName()));
    }
    return List.copyOf(roles);
  }

  static BrokerRole load(String grantType) {
    String resource = CLASSPATH_FOLDER + grantType + ".json";
    try (InputStream in = BrokerRoles.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the role definition " + FOLDER + grantType + ".json is not on the classpath");
      }
      JsonNode root = JSON.readTree(in);
      List<String> actions = new ArrayList<>();
      root.path("Actions").forEach(a -> actions.add(a.asText()));
      return new BrokerRole(grantType, root.path("Name").asText(null), FOLDER + grantType + ".json", actions);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the role definition " + FOLDER + grantType + ".json", e);
    }
  }
}
