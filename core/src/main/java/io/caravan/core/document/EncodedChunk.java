package io.caravan.core.document;

import io.caravan.core.Passage;
import java.util.Objects;

/**
 * A chunk ready to index: the passage and its dense vector. The vector array is owned by this
 * object once passed in; callers must not change it afterwards.
 */
public record EncodedChunk(Passage passage, float[] vector) {
  public EncodedChunk {
    Objects.requireNonNull(passage, "passage");
    Objects.requireNonNull(vector, "vector");
  }
}
