package io.caravan.core.spi;

import java.util.Objects;

/**
 * Identity of an encoder as an index records it: vectors from different models or dimensions must
 * never be mixed in one index.
 */
public record EncoderInfo(String modelId, int dimension) {
  public EncoderInfo {
    Objects.requireNonNull(modelId, "modelId");
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be positive, was " + dimension);
    }
  }
}
