package dev.jitbroker.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitbroker.audit.AuditFilter;
import dev.jitbroker.audit.AuditReader;
import dev.jitbroker.audit.AuditVerification;
import dev.jitbroker.audit.AuditVerifier;
import dev.jitbroker.audit.StoredEvent;
import dev.jitbroker.request.InvalidRequestException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/** API v1: the whole audit trail, for auditors and admins. */
@Path("/api/v1/audit-events")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

  static final String NDJSON = "application/x-ndjson";
  private static final int DEFAULT_LIMIT = 100;
  private static final int MAX_LIMIT = 1000;

  private final AuditReader reader;
  private final AuditVerifier verifier;
  private final ObjectMapper json;

  AuditResource(AuditReader reader, AuditVerifier verifier, ObjectMapper json) {
    this.reader = reader;
    this.verifier = verifier;
    this.json = json;
  }

  @GET
    @RolesAllowed({"auditor", "admin"})
  public Wire.AuditEventPage list(
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("actor") String actor,
      @QueryParam("type") String type,
      @QueryParam("requestId") String requestId,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor)
      throws SQLException {
    Integer size = Params.integer("limit", limit);
    int n = size == null ? DEFAULT_LIMIT : size;
    if (n < 1 || n > MAX_LIMIT) {
      throw new InvalidRequestException("limit", "must be between 1 and " + MAX_LIMIT);
    }
    AuditFilter filter = filter(from, to, actor, type, requestId);
    List<StoredEvent> events = reader.page(filter, AuditCursor.decode(cursor), n + 1);
    String next = null;
    if (events.size() > n) {
      events = events.subList(0, n);
      next = AuditCursor.encode(AuditReader.Position.afterEvent(events.get(n - 1)), AuditReader.timeOrdered(filter));
    }
    return new Wire.AuditEventPage(events.stream().map(Wire.AuditEventView::of).toList(), next);
  }

  @GET
  @Path("export")
  @RolesAllowed({"auditor", "admin"})
  @Produces(NDJSON)
  public Response export(
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("actor") String actor,
      @QueryParam("type") String type,
      @QueryParam("requestId") String requestId) {
    AuditFilter filter = filter(from, to, actor, type, requestId);
    StreamingOutput body = (OutputStream out) -> {
      OutputStream buffered = new BufferedOutputStream(out, 64 * 1024);
      try {
        reader.stream(filter, event -> {
          buffered.write(json.writeValueAsBytes(Wire.AuditEventView.of(event)));
          buffered.write('\n');
        });
      } catch (java.io.IOException e) {
        throw e;
      } catch (Exception e) {
        throw new java.io.IOException("the audit export stopped: " + e.getMessage(), e);
      }
      buffered.flush();
    };
    return Response.ok(body, NDJSON).build();
  }

  @GET
  @Path("verify")
  @RolesAllowed({"auditor", "admin"})
  public AuditVerification verify() throws SQLException {
    return verifier.verify();
  }

  private static AuditFilter filter(String from, String to, String actor, String type, String requestId) {
    UUID request = null;
    if (requestId != null) {
      try {
        request = UUID.fromString(requestId);
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException("requestId", "must be a request id (a UUID)");
      }
    }
    return new AuditFilter(Params.instant("from", from), Params.instant("to", to), Params.text("actor", actor),
        Params.text("type", type), request);
  }
}
