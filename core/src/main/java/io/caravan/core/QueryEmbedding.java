package io.caravan.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * The encoder's vector of a query text, computed by the {@code query-features} step (an encoder
 * call, possibly to Triton) so that policies that read it (the complexity classifier) do no I/O.
 * The text is kept with the vector: it is the text the vector belongs to, whatever the query says
 * by the time a policy reads it.
 */
public record QueryEmbedding(String text, float[] vector) {

  /** Where the {@code query-features} step stores it. */
  public static final AttributeKey<QueryEmbedding> KEY = AttributeKey.of("query.embedding", QueryEmbedding.class);

  public QueryEmbedding {
    Objects.requireNonNull(text, "text");
    vector = Objects.requireNonNull(vector, "vector").clone();
  }

  /** A copy: the record stays immutable. */
  @Override
  public float[] vector() {
    return vector.clone();
  }

  public int dimension() {
    return vector.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QueryEmbedding e && text.equals(e.text) && Arrays.equals(vector, e.vector);
  }

  @Override
  public int hashCode() {
    return 31 * text.hashCode() + Arrays.hashCode(vector);
  }

  @Override
  public String toString() {
    return "QueryEmbedding(" + vector.length + " values)";
  }
}
