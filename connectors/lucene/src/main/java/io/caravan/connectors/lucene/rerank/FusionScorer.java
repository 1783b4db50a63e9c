package io.caravan.connectors.lucene.rerank;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns {@link FusionFeatures} rows into scores for {@link LearnedFusionReranker}, which owns the
 * ranking: the model's weights in-process ({@link FusionWeights}), the same weights served by a
 * model server, or a {@link FallbackScorer} over two of them. Scores are logits: higher is more
 * likely relevant, comparable within a query.
 */
public interface FusionScorer {

  /**
   * One score per row, in the rows' order.
   *
   * @param rows {@link FusionFeatures#NAMES}{@code .size()} values each
   */
  Scores score(List<double[]> rows);

  /**
   * The scores of one call, and marks every candidate carries beside its stage scores: how they
   * were scored when that is worth seeing in the trace (by a fallback, say).
   */
  record Scores(double[] values, Map<String, Double> marks) {

    public Scores {
      values = Objects.requireNonNull(values, "values").clone();
      marks = Collections.unmodifiableMap(new LinkedHashMap<>(marks == null ? Map.of() : marks));
    }

    public static Scores of(double[] values) {
      return new Scores(values, Map.of());
    }

    /** These scores with one more mark. */
    public Scores marked(String key, double value) {
      Map<String, Double> next = new LinkedHashMap<>(marks);
      next.put(key, value);
      return new Scores(values, next);
    }

    @Override
    public double[] values() {
      return values.clone();
    }

    public int size() {
      return values.length;
    }

    public double value(int i) {
      return values[i];
    }

    // arrays compare by content
    @Override
    public boolean equals(Object o) {
      return o instanceof Scores s && java.util.Arrays.equals(values, s.values) && marks.equals(s.marks);
    }

    @Override
    public int hashCode() {
      return Objects.hash(java.util.Arrays.hashCode(values), marks);
    }

    @Override
    public String toString() {
      return "Scores(" + java.util.Arrays.toString(values) + ", " + marks + ")";
    }
  }
}
