package dev.jitbroker.api;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Caps how deeply JSON read by the service may nest. The API's bodies nest three levels (Slack's payloads a
 * few more); a body nested deeper than {@link #MAX_DEPTH} is refused while it is parsed ({@code malformed-body},
 * 400), before it costs more. Fixed rather than configurable: the ObjectMapper is built before runtime settings
 * are read.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

  /** Deepest nesting of objects and arrays a JSON body may have. */
  static final int MAX_DEPTH = 32;

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
  }
}
