package dev.jitbroker;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of jit-broker, checked on the compiled main classes (tests are not imported).
 *
 * <p>The core ({@code request}, and the future {@code policy}) is plain Java: it may use JPA mapping
 * annotations ({@code jakarta.persistence}) and CDI/JTA annotations, but no Quarkus, JAX-RS,
 * Hibernate/Panache, Azure SDK, SmallRye, Vert.x, Micrometer or OpenTelemetry types: it reports figures
 * through ports ({@code GrantMetrics}, {@code DecisionMetrics}). The REST API is the outer layer: nothing
 * else depends on it. The audit trail knows nothing about requests.
 */
class ArchitectureTest {

  /** Frameworks the core must not see. {@code jakarta.persistence} is deliberately not listed. */
  private static final String[] FRAMEWORKS = {
    "io.quarkus..",
    "jakarta.ws.rs..",
    "org.jboss.resteasy..",
    "io.quarkus.hibernate.orm.panache..",
    "io.quarkus.panache..",
    "org.hibernate..",
    "com.azure..",
    "io.smallrye..",
    "io.vertx..",
    "io.micrometer..",
    "io.opentelemetry..",
  };

  private static final ArchRule REQUEST_CORE_IS_FRAMEWORK_FREE =
      noClasses().that().resideInAPackage("dev.jitbroker.request..")
          .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
          .because("the request lifecycle is the framework-free core; adapters live in api, persistence, jobs, config");

  private static final ArchRule POLICY_CORE_IS_FRAMEWORK_FREE =
      noClasses().that().resideInAPackage("dev.jitbroker.policy..")
          .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
          .because("policy decisions are part of the framework-free core")
          // The policy package does not exist yet; the rule guards it from the day it does.
          .allowEmptyShould(true);

  private static final ArchRule DOCTOR_IS_FRAMEWORK_FREE =
      noClasses().that().resideInAPackage("dev.jitbroker.doctor..")
          .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
          .because("the doctor's permission logic is plain Java; the Azure call lives in grant.azure");

  private static final ArchRule ONLY_THE_API_DEPENDS_ON_THE_API =
      noClasses().that().resideOutsideOfPackage("dev.jitbroker.api..")
          .should().dependOnClassesThat().resideInAPackage("dev.jitbroker.api..")
          .because("the REST API is the outer layer: wire shapes and HTTP mapping must not leak inwards");

  private static final ArchRule AUDIT_DOES_NOT_KNOW_REQUESTS =
      noClasses().that().resideInAPackage("dev.jitbroker.audit..")
          .should().dependOnClassesThat().resideInAPackage("dev.jitbroker.request..")
          .because("the audit trail records events of any kind; requests write to it, not the other way round");

  private static final ArchRule NOTIFY_DOES_NOT_KNOW_REQUESTS =
      noClasses().that().resideInAPackage("dev.jitbroker.notify..")
          .should().dependOnClassesThat().resideInAPackage("dev.jitbroker.request..")
          .because("the request lifecycle tells the outbox what happened through the notify port, not the other way round");

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.jitbroker");
    // Guard against a vacuous pass: the packages the rules speak about must have been imported.
    assertFalse(classes.that(resideInAPackage("dev.jitbroker.request")).isEmpty(),
        "no classes of dev.jitbroker.request were imported");
    assertFalse(classes.that(resideInAPackage("dev.jitbroker.api")).isEmpty(),
        "no classes of dev.jitbroker.api were imported");
    assertFalse(classes.that(resideInAPackage("dev.jitbroker.audit")).isEmpty(),
        "no classes of dev.jitbroker.audit were imported");
  }

  @Test
  void requestCore_dependsOnNoFrameworkButJakartaPersistence() {
    REQUEST_CORE_IS_FRAMEWORK_FREE.check(classes);
  }

  @Test
  void policyCore_dependsOnNoFrameworkButJakartaPersistence_onceItExists() {
    POLICY_CORE_IS_FRAMEWORK_FREE.check(classes);
  }

  @Test
  void doctor_dependsOnNoFramework() {
    DOCTOR_IS_FRAMEWORK_FREE.check(classes);
  }

  @Test
  void nothingOutsideTheApi_dependsOnTheApi() {
    ONLY_THE_API_DEPENDS_ON_THE_API.check(classes);
  }

  @Test
  void auditTrail_doesNotDependOnRequests() {
    AUDIT_DOES_NOT_KNOW_REQUESTS.check(classes);
  }

  @Test
  void notifications_doNotDependOnRequests() {
    NOTIFY_DOES_NOT_KNOW_REQUESTS.check(classes);
  }
}
