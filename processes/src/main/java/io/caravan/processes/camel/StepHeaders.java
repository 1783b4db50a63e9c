package io.caravan.processes.camel;

import org.apache.camel.spi.Metadata;

/**
 * Headers a route implementing a step finds on the query state it is given, because the simple
 * language cannot call methods on the state.
 */
public final class StepHeaders {

  @Metadata(description = "The query text", javaType = "String")
  public static final String QUERY = "CaravanQuery";

  @Metadata(description = "The query state's id", javaType = "String")
  public static final String STATE_ID = "CaravanStateId";

  private StepHeaders() {}
}
