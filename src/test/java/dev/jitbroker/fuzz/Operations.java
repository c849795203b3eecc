package dev.jitbroker.fuzz;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every operation of openapi/openapi.yaml, with its parameters and body schemas ($refs resolved). */
record Operations(List<Op> all) {

  /** One operation: method, path template, parameters, body media types and whether it needs a token. */
  record Op(String method, String path, String id, List<Param> params, Map<String, Schema<?>> bodies,
      boolean bodyRequired, boolean needsToken) {
    boolean hasBody() {
      return !bodies.isEmpty();
    }
  }

  /** A path, query or header parameter. */
  record Param(String name, String in, boolean required, Schema<?> schema) {}

  static Operations read(String location) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setResolveFully(true);
    OpenAPI api = new OpenAPIV3Parser().read(location, null, options);
    if (api == null) {
      throw new IllegalStateException("Cannot read " + location);
    }
    List<Op> ops = new ArrayList<>();
    api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) ->
        ops.add(toOp(method, path, item, op, api))));
    return new Operations(List.copyOf(ops));
  }

  private static Op toOp(PathItem.HttpMethod method, String path, PathItem item, Operation op, OpenAPI api) {
    Map<String, Param> params = new LinkedHashMap<>();
    for (List<Parameter> list : java.util.Arrays.asList(item.getParameters(), op.getParameters())) {
      if (list != null) {
        for (Parameter p : list) {
          params.put(p.getIn() + ":" + p.getName(),
              new Param(p.getName(), p.getIn(), Boolean.TRUE.equals(p.getRequired()), p.getSchema()));
        }
      }
    }
    Map<String, Schema<?>> bodies = new LinkedHashMap<>();
    boolean bodyRequired = false;
    if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
      bodyRequired = Boolean.TRUE.equals(op.getRequestBody().getRequired());
      for (Map.Entry<String, MediaType> e : op.getRequestBody().getContent().entrySet()) {
        bodies.put(e.getKey(), e.getValue().getSchema());
      }
    }
    boolean needsToken = op.getSecurity() == null ? api.getSecurity() != null && !api.getSecurity().isEmpty()
        : !op.getSecurity().isEmpty();
    return new Op(method.name(), path, op.getOperationId(), List.copyOf(params.values()), bodies, bodyRequired,
        needsToken);
  }
}
