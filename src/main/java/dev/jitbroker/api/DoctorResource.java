package dev.jitbroker.api;

import dev.jitbroker.doctor.Doctor;
import dev.jitbroker.request.InvalidRequestException;
import dev.jitbroker.request.Scope;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** API v1: does the broker's own identity hold what each grant type needs at a scope? Admins only. */
@Path("/api/v1/doctor")
@Produces(MediaType.APPLICATION_JSON)
public class DoctorResource {

  private final Doctor doctor;

  DoctorResource(Doctor doctor) {
    this.doctor = doctor;
  }

  @GET
  @RolesAllowed("admin")
  public DoctorWire.DoctorReport check(@QueryParam("scope") String scope) {
    if (scope == null || scope.isBlank()) {
      throw new InvalidRequestException("scope", "is required: the ARM id of a resource group or a resource");
    }
    try {
      return DoctorWire.DoctorReport.of(doctor.examine(new Scope(scope)));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("scope", e.getMessage());
    }
  }
}
