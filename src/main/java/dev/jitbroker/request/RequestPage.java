package dev.jitbroker.request;

import java.util.List;

/** One page of requests and where the next one starts (null at the end). */
public record RequestPage(List<AccessRequest> items, RequestCursor next) {}
