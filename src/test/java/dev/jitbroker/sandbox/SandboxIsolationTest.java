package dev.jitbroker.sandbox;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The sandbox is a separate emulator: it must keep working whatever the service's own packages do. */
class SandboxIsolationTest {

  private static final DescribedPredicate<JavaClass> SERVICE_CODE = DescribedPredicate.describe(
      "belong to jit-broker outside the sandbox",
      c -> c.getPackageName().startsWith("dev.jitbroker") && !c.getPackageName().startsWith("dev.jitbroker.sandbox"));

  @Test
  void sandbox_dependsOnNothingOfTheService() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.jitbroker");
    noClasses().that().resideInAPackage("dev.jitbroker.sandbox..")
        .should().dependOnClassesThat(SERVICE_CODE)
        .because("the ARM sandbox stands in for Azure and shares no code with the service it serves")
        .check(classes);
  }
}
