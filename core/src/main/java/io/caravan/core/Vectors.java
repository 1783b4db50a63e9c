package io.caravan.core;

import java.util.function.DoubleFunction;

/**
 * L2 normalisation, the one way Caravan makes a vector unit length: encoders return unit vectors
 * (the {@link io.caravan.core.spi.Encoder} contract), the index stores them and compares them by dot
 * product, which then equals cosine similarity. One arithmetic everywhere means a vector normalised
 * by an encoder, by the index or by a reranker is the same float array.
 *
 * <p>Arithmetic: squares summed in double, each component divided by the norm in double and rounded
 * to float once. Cost: two passes over the vector.
 */
public final class Vectors {

  private Vectors() {}

  /** The Euclidean length of {@code v}, summed in double. */
  public static double norm(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    return Math.sqrt(sum);
  }

  /**
   * A unit-length copy of {@code v}; the caller's array is left as it was.
   *
   * @param noDirection the error to throw, given the norm, when {@code v} has no direction: its norm
   *     is zero or not finite (a NaN or infinite component)
   */
  public static float[] normalize(float[] v, DoubleFunction<? extends RuntimeException> noDirection) {
    double norm = norm(v);
    if (!(norm > 0) || !Double.isFinite(norm)) {
      throw noDirection.apply(norm);
    }
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / norm);
    }
    return out;
  }
}
