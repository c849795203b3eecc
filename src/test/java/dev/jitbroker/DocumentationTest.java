package dev.jitbroker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README shows the sample policy exactly as it ships, so the documented example never drifts. */
class DocumentationTest {

  @Test
  void readme_showsTheSamplePolicyVerbatim() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    String sample = Files.readString(Path.of("src/main/resources/policy/sample-policy.yaml"));
    assertTrue(readme.contains("```yaml\n" + sample + "```"),
        "README.md must show src/main/resources/policy/sample-policy.yaml verbatim in its Policies section");
  }
}
