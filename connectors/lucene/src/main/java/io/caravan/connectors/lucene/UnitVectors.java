package io.caravan.connectors.lucene;

/**
 * Checks and L2-normalises vectors on their way into the index or a query. The index stores unit
 * vectors and compares them by dot product, which then equals cosine similarity without the
 * per-comparison norms that Lucene's COSINE function computes.
 */
final class UnitVectors {

  private UnitVectors() {}

  /** A unit-length copy of {@code v}; the caller's array is left as it was. */
  static float[] normalised(float[] v, int dimension, String what) {
    if (v.length != dimension) {
      throw new IllegalArgumentException(
          what + " has dimension " + v.length + " but the index expects " + dimension);
    }
    double sum = 0;
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        throw new IllegalArgumentException(what + " has a non-finite value at position " + i + ": " + v[i]);
      }
      sum += (double) v[i] * v[i];
    }
    if (sum == 0) {
      throw new IllegalArgumentException(what + " is all zeros; it has no direction to compare");
    }
    double norm = Math.sqrt(sum);
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / norm);
    }
    return out;
  }
}
