package dev.jitbroker.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.jitbroker.auth.MissingIdentityException;
import dev.jitbroker.doctor.AzureRefusedException;
import dev.jitbroker.doctor.AzureUnavailableException;
import dev.jitbroker.request.ActionNotAllowedException;
import dev.jitbroker.request.AlreadyDecidedException;
import dev.jitbroker.request.AzureCheckException;
import dev.jitbroker.request.IdempotencyConflictException;
import dev.jitbroker.request.IllegalTransitionException;
import dev.jitbroker.request.InvalidRequestException;
import dev.jitbroker.request.RequestNotFoundException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into {@code application/problem+json}; internal messages never reach the caller. */
public class ProblemMapper {

  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

  @ServerExceptionMapper
  public Response invalid(InvalidRequestException e, UriInfo uri) {
    return Problem.of("validation", "The request is invalid", Status.BAD_REQUEST, e.getMessage())
        .withErrors(e.errors().stream().map(f -> new Problem.FieldProblem(f.field(), f.message())).toList())
        .at(uri.getPath())
        .toResponse();
  }

  @ServerExceptionMapper
  public Response azureCheck(AzureCheckException e, UriInfo uri) {
    if (e.transientFailure()) {
      Response r = Problem.of("azure-unavailable", "Azure could not be asked", Status.SERVICE_UNAVAILABLE, e.getMessage())
          .at(uri.getPath()).toResponse();
      long seconds = e.retryAfter() == null ? 5 : Math.max(1, e.retryAfter().toSeconds());
      return Response.fromResponse(r).header("Retry-After", seconds).build();
    }
    return Problem.of("azure-check-failed", "Azure refused the check before approval", 422, e.getMessage())
        .at(uri.getPath()).toResponse();
  }

  @ServerExceptionMapper
  public Response doctorUnavailable(AzureUnavailableException e, UriInfo uri) {
    Response r = Problem.of("azure-unavailable", "Azure could not be asked", Status.SERVICE_UNAVAILABLE, e.getMessage())
        .at(uri.getPath()).toResponse();
    long seconds = e.retryAfter() == null ? 5 : Math.max(1, e.retryAfter().toSeconds());
    return Response.fromResponse(r).header("Retry-After", seconds).build();
  }

  @ServerExceptionMapper
  public Response doctorRefused(AzureRefusedException e, UriInfo uri) {
    return Problem.of("azure-check-failed", "Azure refused the permissions check", 422, e.getMessage())
        .at(uri.getPath()).toResponse();
  }

  @ServerExceptionMapper
  public Response notFound(RequestNotFoundException e, UriInfo uri) {
    return Problem.of("not-found", "Not found", Status.NOT_FOUND, e.getMessage()).at(uri.getPath()).toResponse();
  }

  @ServerExceptionMapper
  public Response notAllowed(ActionNotAllowedException e, UriInfo uri) {
    return Problem.of("forbidden", "Not allowed", Status.FORBIDDEN, e.getMessage()).at(uri.getPath()).toResponse();
  }

  @ServerExceptionMapper
  public Response illegalTransition(IllegalTransitionException e, UriInfo uri) {
    return Problem.of("invalid-state", "Not possible in the request's current state", Status.CONFLICT, e.getMessage())
        .at(uri.getPath()).toResponse();
  }

  @ServerExceptionMapper
  public Response alreadyDecided(AlreadyDecidedException e, UriInfo uri) {
    return Problem.of("already-decided", "Already decided", Status.CONFLICT, e.getMessage()).at(uri.getPath()).toResponse();
  }

  @ServerExceptionMapper
  public Response idempotencyConflict(IdempotencyConflictException e, UriInfo uri) {
    return Problem.of("idempotency-key-reused", "Idempotency key reused with a different body",
        422, e.getMessage()).at(uri.getPath()).toResponse();
  }

  @ServerExceptionMapper
  public Response concurrentChange(OptimisticLockException e, UriInfo uri) {
    return conflict(uri);
  }

  @ServerExceptionMapper
  public Response persistence(PersistenceException e, UriInfo uri) {
    if (hasCause(e, org.hibernate.exception.ConstraintViolationException.class)) {
      return conflict(uri);
    }
    if (hasCause(e, org.hibernate.exception.DataException.class)) {
      return outOfRange(uri);
    }
    if (databaseUnavailable(e)) {
      LOG.warnf("Database unavailable at %s: %s", uri.getPath(), e.getMessage());
      return unavailable(uri);
    }
    return unexpected(e, uri);
  }

  /**
   * Whether the database could not be reached or is going away: the driver's connection errors, and
   * SQLState class 08 (connection exception) or 57P (operator intervention: the server shuts down, or
   * is starting and cannot take connections yet), which Hibernate reports as a generic JDBC error.
   */
  static boolean databaseUnavailable(Throwable e) {
    if (hasCause(e, org.hibernate.exception.JDBCConnectionException.class) || hasCause(e, SQLTransientException.class)
        || hasCause(e, java.sql.SQLNonTransientConnectionException.class)) {
      return true;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
        return true;
      }
    }
    return false;
  }

  @ServerExceptionMapper
  public Response sql(SQLException e, UriInfo uri) {
    if (e.getSQLState() != null && e.getSQLState().startsWith("22")) {
      // Class 22, data exception: a value the caller sent that the database cannot hold.
      return outOfRange(uri);
    }
    LOG.warnf("Database call failed at %s: %s (SQLState %s)", uri.getPath(), e.getMessage(), e.getSQLState());
    return unavailable(uri);
  }

  @ServerExceptionMapper({MissingIdentityException.class})
  public Response unidentified(MissingIdentityException e, UriInfo uri) {
    return unauthorized(e.getMessage(), uri);
  }

  @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
  public Response unauthenticated(RuntimeException e, UriInfo uri) {
    return unauthorized(
        "Send a valid access token as 'Authorization: Bearer <token>': it is missing, expired, not signed by a "
            + "trusted issuer, or meant for another audience.",
        uri);
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, UriInfo uri) {
    return Problem.of("forbidden", "Not allowed", Status.FORBIDDEN,
        "Your roles do not allow this: reading the audit trail or the policy needs the 'auditor' or 'admin' role; "
            + "replacing the policy and running the doctor need 'admin'.")
        .at(uri.getPath()).toResponse();
  }

  // Listed one by one so they win over the framework's own mappers for the more specific types.
  @ServerExceptionMapper({
    JsonProcessingException.class,
    JsonParseException.class,
    JsonMappingException.class,
    MismatchedInputException.class,
    InvalidFormatException.class,
    UnrecognizedPropertyException.class,
    StreamConstraintsException.class
  })
  public Response unreadableBody(JsonProcessingException e, UriInfo uri) {
    String detail;
    String field = null;
    if (e instanceof UnrecognizedPropertyException u) {
      field = fieldPath(u);
      detail = "Unknown field '" + field + "'. Known fields: "
          + u.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ".";
    } else if (e instanceof StreamConstraintsException) {
      detail = "The body nests too deeply or holds a value that is too large.";
    } else if (e instanceof JsonParseException p) {
      detail = "The body is not valid JSON (line " + p.getLocation().getLineNr() + ", column "
          + p.getLocation().getColumnNr() + ").";
    } else if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      field = fieldPath(m);
      detail = "Field '" + field + "' has the wrong JSON type; see the API description.";
    } else {
      detail = "The body must be a JSON object as the API description says.";
    }
    Problem problem = Problem.of("malformed-body", "The body cannot be read", Status.BAD_REQUEST, detail).at(uri.getPath());
    if (field != null) {
      problem = problem.withErrors(List.of(new Problem.FieldProblem(field, detail)));
    }
    return problem.toResponse();
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e, UriInfo uri) {
    Response original = e.getResponse();
    int status = original.getStatus();
    if (status >= 500) {
      return unexpected(e, uri);
    }
    Status known = Status.fromStatusCode(status);
    String title = known == null ? "Request failed" : known.getReasonPhrase();
    String detail = switch (status) {
      case 404 -> "There is no such resource. See /q/openapi for the API.";
      case 405 -> "This resource does not support that HTTP method; see /q/openapi.";
      case 406 -> "This resource answers application/json (or application/x-ndjson for exports); accept one of them.";
      case 415 -> "Send the body as application/json.";
      case 413 -> "The body is too large.";
      default -> "The request could not be handled as sent; see /q/openapi.";
    };
    Response.ResponseBuilder builder = Response.status(status).type(Problem.MEDIA_TYPE)
        .entity(new Problem(Problem.BASE + "http-" + status, title, status, detail, uri.getPath(), null));
    String allow = original.getHeaderString(HttpHeaders.ALLOW);
    if (allow != null) {
      builder.header(HttpHeaders.ALLOW, allow);
    }
    return builder.build();
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e, UriInfo uri) {
    if (databaseUnavailable(e)) {
      // However the framework wrapped it (a failed commit, a transaction that could not begin): the database is away.
      LOG.warnf("Database unavailable at %s: %s", uri.getPath(), e.getMessage());
      return unavailable(uri);
    }
    String reference = UUID.randomUUID().toString();
    LOG.errorf(e, "Unexpected failure at %s (reference %s)", uri.getPath(), reference);
    return Problem.of("internal", "Internal error", Status.INTERNAL_SERVER_ERROR,
        "Something went wrong on our side. Quote reference " + reference + " to your operator.")
        .at(uri.getPath()).toResponse();
  }

  private static String fieldPath(JsonMappingException m) {
    return m.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."));
  }

  private static Response outOfRange(UriInfo uri) {
    return Problem.of("validation", "The request is invalid", Status.BAD_REQUEST,
        "A value in the request is out of range or malformed.").at(uri.getPath()).toResponse();
  }

  private static Response conflict(UriInfo uri) {
    return Problem.of("concurrent-change", "Changed by someone else", Status.CONFLICT,
        "Someone else changed this request at the same moment. Read it again and retry if it still applies.")
        .at(uri.getPath()).toResponse();
  }

  private static Response unavailable(UriInfo uri) {
    return Response.status(Status.SERVICE_UNAVAILABLE).type(Problem.MEDIA_TYPE).header("Retry-After", "5")
        .entity(Problem.of("unavailable", "Temporarily unavailable", Status.SERVICE_UNAVAILABLE,
            "The database is not reachable right now; nothing was changed. Retry in a few seconds.").at(uri.getPath()))
        .build();
  }

  private static Response unauthorized(String detail, UriInfo uri) {
    return Response.status(Status.UNAUTHORIZED).type(Problem.MEDIA_TYPE).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .entity(Problem.of("unauthorized", "Sign-in required", Status.UNAUTHORIZED, detail).at(uri.getPath()))
        .build();
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
