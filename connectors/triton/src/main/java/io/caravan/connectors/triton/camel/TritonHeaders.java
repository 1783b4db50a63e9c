package io.caravan.connectors.triton.camel;

import org.apache.camel.spi.Metadata;

/** Headers a {@code triton:} endpoint sets on its reply. */
public final class TritonHeaders {

  @Metadata(description = "The model identity the vectors belong to (encode) or the reranker's name (rerank)", javaType = "String")
  public static final String MODEL = "CaravanTritonModel";

  private TritonHeaders() {}
}
