package io.caravan.connectors.lucene.rerank;

import io.caravan.core.spi.Fallback;
import java.util.List;
import java.util.Objects;

/**
 * A fusion scorer with a stand-in: the primary scores (the weights on a model server, say) and, when
 * it fails recoverably by {@code fallback}'s rule, the secondary scores the same rows (the same
 * weights in-process). The secondary's scores carry the mark {@code mark} = 1, so every candidate
 * they ranked shows the fallback in the trace.
 *
 * <p>Cost when the primary answers: one try block.
 */
public final class FallbackScorer implements FusionScorer {

  private final FusionScorer primary;
  private final FusionScorer secondary;
  private final Fallback fallback;
  private final String mark;

  public FallbackScorer(FusionScorer primary, FusionScorer secondary, Fallback fallback, String mark) {
    this.primary = Objects.requireNonNull(primary, "primary");
    this.secondary = Objects.requireNonNull(secondary, "secondary");
    this.fallback = Objects.requireNonNull(fallback, "fallback");
    this.mark = Objects.requireNonNull(mark, "mark");
  }

  @Override
  public Scores score(List<double[]> rows) {
    return fallback.call(() -> primary.score(rows), () -> secondary.score(rows).marked(mark, 1.0), rows.size());
  }

  /** Calls the secondary scored. */
  public long fallbacks() {
    return fallback.count();
  }

  @Override
  public String toString() {
    return "FallbackScorer(" + primary + ", else " + secondary + ")";
  }
}
