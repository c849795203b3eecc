package dev.jitbroker.request;

import java.util.List;

/** Input that breaks one or more rules; every broken field is named. */
public final class InvalidRequestException extends RequestException {
  private final List<FieldError> errors;

  public InvalidRequestException(List<FieldError> errors) {
    super(summary(errors));
    this.errors = List.copyOf(errors);
  }

  public InvalidRequestException(String field, String message) {
    this(List.of(new FieldError(field, message)));
  }

  private static String summary(List<FieldError> errors) {
    if (errors.size() == 1) {
      return errors.get(0).field() + ": " + errors.get(0).message();
    }
    return errors.size() + " fields are invalid; see 'errors'.";
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** One broken rule on one field. */
  public record FieldError(String field, String message) {}
}
