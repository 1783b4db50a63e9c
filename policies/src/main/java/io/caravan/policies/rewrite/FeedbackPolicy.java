package io.caravan.policies.rewrite;

import io.caravan.core.Decision;
import io.caravan.core.RagState;
import io.caravan.core.spi.Policy;
import io.caravan.policies.ScoreDistribution;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether to expand a query by pseudo-relevance feedback after its first retrieval. PRF
 * helps when the first list is unsure and hurts when the top documents are already the right ones
 * or are off-topic (query drift), so in mode {@code uncertain} it applies only when the first
 * list's {@link ScoreDistribution} shows no clear winner: top-1 to top-2 gap below {@code maxGap}
 * and softmax entropy of the top {@code k} above {@code minEntropy}. Modes {@code always} and
 * {@code never} exist to measure it. Choice {@value #APPLY} or {@value #SKIP}.
 */
public final class FeedbackPolicy implements Policy<Void> {

  public static final String NAME = "prf";
  public static final String APPLY = "APPLY";
  public static final String SKIP = "SKIP";

  public enum Mode {
    ALWAYS,
    UNCERTAIN,
    NEVER;

    public static Mode parse(String s) {
      try {
        return valueOf(s.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("PRF mode must be always, uncertain or never, was '" + s + "'", e);
      }
    }
  }

  private final Mode mode;
  private final int k;
  private final double maxGap;
  private final double minEntropy;

  public FeedbackPolicy(Mode mode, int k, double maxGap, double minEntropy) {
    this.mode = mode;
    if (k < 2) {
      throw new IllegalArgumentException("k must be at least 2 to compare scores, was " + k);
    }
    this.k = k;
    this.maxGap = maxGap;
    this.minEntropy = minEntropy;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Decision<Void> decide(RagState state) {
    ScoreDistribution d = ScoreDistribution.of(state.candidates(), k, 1.0);
    Map<String, Object> signals = d.asSignals();
    signals.put("mode", mode.name().toLowerCase(Locale.ROOT));
    return switch (mode) {
      case ALWAYS -> new Decision<>(NAME, APPLY, signals, "feedback on every query (mode always)");
      case NEVER -> new Decision<>(NAME, SKIP, signals, "feedback off (mode never)");
      case UNCERTAIN -> {
        if (d.size() < 2) {
          yield new Decision<>(NAME, SKIP, signals, "fewer than two documents retrieved: nothing to feed back");
        }
        boolean unsure = d.gap() < maxGap && d.entropy() > minEntropy;
        yield new Decision<>(
            NAME,
            unsure ? APPLY : SKIP,
            signals,
            String.format(
                Locale.ROOT,
                unsure ? "no clear winner (gap %.3f < %.3f, entropy %.3f > %.3f): expand" : "confident first list (gap %.3f vs %.3f, entropy %.3f vs %.3f): keep",
                d.gap(), maxGap, d.entropy(), minEntropy));
      }
    };
  }
}
