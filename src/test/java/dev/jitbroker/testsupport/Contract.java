package dev.jitbroker.testsupport;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * Every API test talks through this: each response is validated against openapi/openapi.yaml, so a
 * test fails when the service and the contract disagree. Requests are not validated, because tests
 * send invalid requests on purpose.
 */
public final class Contract {

  private static final OpenApiValidationFilter FILTER =
      new OpenApiValidationFilter(
          OpenApiInteractionValidator.createForSpecificationUrl("openapi/openapi.yaml")
              .withLevelResolver(
                  LevelResolver.create()
                      .withLevel("validation.request", ValidationReport.Level.IGNORE)
                      .withLevel("validation.response", ValidationReport.Level.ERROR)
                      .build())
              .build());

  private Contract() {}

  /** A request with no token. */
  public static RequestSpecification anonymous() {
    return RestAssured.given().filter(FILTER);
  }

  /** A request as {@code user}. */
  public static RequestSpecification as(Tokens.User user) {
    return anonymous().header("Authorization", user.bearer());
  }
}
