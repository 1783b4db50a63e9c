package io.caravan.connectors.lucene;

import io.caravan.core.Vectors;

/**
 * Checks and L2-normalises ({@link Vectors#normalize}) vectors on their way into the index or a
 * query. The index stores unit vectors and compares them by dot product, which then equals cosine
 * similarity without the per-comparison norms that Lucene's COSINE function computes.
 */
final class UnitVectors {

  private UnitVectors() {}

  /** A unit-length copy of {@code v}; the caller's array is left as it was. */
  static float[] normalised(float[] v, int dimension, String what) {
    if (v.length != dimension) {
      throw new IllegalArgumentException(
          what + " has dimension " + v.length + " but the index expects " + dimension);
    }
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        throw new IllegalArgumentException(what + " has a non-finite value at position " + i + ": " + v[i]);
      }
    }
    return Vectors.normalize(v, norm -> new IllegalArgumentException(what + " is all zeros; it has no direction to compare"));
  }
}
