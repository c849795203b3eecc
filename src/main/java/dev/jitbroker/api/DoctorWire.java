package dev.jitbroker.api;

import dev.jitbroker.doctor.Diagnosis;
import java.util.List;

/** The JSON shapes of {@code GET /api/v1/doctor}, as openapi/openapi.yaml defines them. */
final class DoctorWire {
  private DoctorWire() {}

  record DoctorReport(String scope, boolean permissionsReadable, String detail, List<GrantTypeReadiness> grantTypes) {
    static DoctorReport of(Diagnosis d) {
      return new DoctorReport(d.scope(), d.permissionsReadable(), d.detail(),
          d.grantTypes().stream().map(GrantTypeReadiness::of).toList());
    }
  }

  record GrantTypeReadiness(String grantType, boolean ready, List<String> missingActions, RoleFile role, String command) {
    static GrantTypeReadiness of(Diagnosis.Readiness r) {
      return new GrantTypeReadiness(r.grantType(), r.ready(), r.missingActions(),
          new RoleFile(r.role().name(), r.role().path()), r.command());
    }
  }

  /** The shipped role definition to create and assign. */
  record RoleFile(String name, String path) {}
}
