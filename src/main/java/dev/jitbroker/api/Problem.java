package dev.jitbroker.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 problem document. {@code type} is stable and documented; {@code detail} tells a person
 * what to do; {@code errors} names each invalid field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Problem(String type, String title, int status, String detail, String instance, List<FieldProblem> errors) {

  static final String MEDIA_TYPE = "application/problem+json";
  static final String BASE = "https://jit-broker.dev/problems/";

  record FieldProblem(String field, String message) {}

  static Problem of(String slug, String title, Response.Status status, String detail) {
    return of(slug, title, status.getStatusCode(), detail);
  }

  static Problem of(String slug, String title, int status, String detail) {
    return new Problem(BASE + slug, title, status, detail, null, null);
  }

  Problem at(String path) {
    return new Problem(type, title, status, detail, path, errors);
  }

  Problem withErrors(List<FieldProblem> fieldErrors) {
    return new Problem(type, title, status, detail, instance, fieldErrors);
  }

  Response toResponse() {
    return Response.status(status).type(MEDIA_TYPE).entity(this).build();
  }
}
