package io.caravan.policies.tools;

import io.caravan.core.AttributeKey;
import io.caravan.core.Candidate;
import io.caravan.core.Decision;
import io.caravan.core.RagState;
import io.caravan.core.spi.Policy;
import io.caravan.core.step.PolicyStep;
import io.caravan.policies.ScoreDistribution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How many of the ranked tools an agent is handed. An agent given every tool drowns in them; given
 * too few it cannot finish, so k follows the score distribution: within the first {@code budget}
 * tools (and past the first {@code minK}) it cuts after the position with the largest drop between
 * neighbouring scores, if that drop is at least {@code minGap} of the score range of the window;
 * without such a clear cut (or with fewer than two drops to compare) it hands over the whole budget.
 *
 * <p>Choices: {@code TOOLS} (k &gt; 0) or {@code NONE} (nothing was retrieved). The payload is k,
 * the number of tools handed over, which the agent and the tool-search answer read. Signals:
 * {@code k}, {@code cut} ({@code gap} or {@code budget}), the drop found, the window's scores and
 * {@link ScoreDistribution}'s signals. Cost: one pass over at most {@code budget + 1} scores.
 */
public final class ToolRetrievalPolicy implements Policy<Integer> {

  public static final String NAME = "tool-retrieval";
  public static final String TOOLS = "TOOLS";
  public static final String NONE = "NONE";

  private final int minK;
  private final int budget;
  private final double minGap;

  public ToolRetrievalPolicy(int minK, int budget, double minGap) {
    if (minK < 1 || budget < minK) {
      throw new IllegalArgumentException("need 1 <= minK <= budget, got minK " + minK + ", budget " + budget);
    }
    if (!(minGap > 0 && minGap <= 1)) {
      throw new IllegalArgumentException("minGap must be in (0, 1], was " + minGap);
    }
    this.minK = minK;
    this.budget = budget;
    this.minGap = minGap;
  }

  /** Where {@link PolicyStep} leaves this policy's decision; its payload is the k it chose (0 for {@code NONE}). */
  public static final AttributeKey<Decision<Integer>> DECISION = PolicyStep.decisionKey(NAME);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Decision<Integer> decide(RagState state) {
    List<Candidate> ranked = state.candidates();
    Map<String, Object> signals = new LinkedHashMap<>();
    if (ranked.isEmpty()) {
      signals.put("k", 0);
      return new Decision<>(NAME, NONE, signals, "no tool matched the query", 0);
    }
    int window = Math.min(budget, ranked.size());
    // the window's range includes the first tool past it, so a cut right at the budget is visible
    double top = ranked.get(0).score();
    double bottom = ranked.get(Math.min(budget, ranked.size() - 1)).score();
    double range = top - bottom;
    int bestPos = -1;
    double bestDrop = 0;
    for (int i = minK; i < window; i++) { // drop between position i and i+1 (1-based)
      double drop = ranked.get(i - 1).score() - ranked.get(i).score();
      if (drop > bestDrop) {
        bestDrop = drop;
        bestPos = i;
      }
    }
    // one drop alone is 100% of its own range: a cut needs at least two drops to compare
    int drops = Math.min(budget, ranked.size() - 1);
    double relative = range > 0 && drops >= 2 ? bestDrop / range : 0;
    int k;
    String cut;
    String reason;
    if (bestPos > 0 && relative >= minGap) {
      k = bestPos;
      cut = "gap";
      reason = String.format(Locale.ROOT, "scores drop by %.0f%% of the window's range after tool %d", 100 * relative, bestPos);
    } else {
      k = window;
      cut = "budget";
      reason = String.format(Locale.ROOT, "no clear cut (largest drop %.0f%% < %.0f%%): the whole budget of %d", 100 * relative, 100 * minGap, window);
    }
    signals.put("k", k);
    signals.put("cut", cut);
    signals.put("drop", round(relative));
    signals.put("budget", budget);
    List<Double> scores = new ArrayList<>();
    for (int i = 0; i < window; i++) {
      scores.add(round(ranked.get(i).score()));
    }
    signals.put("scores", scores);
    signals.putAll(ScoreDistribution.of(ranked, window, Math.max(range, 1e-9)).asSignals());
    return new Decision<>(NAME, TOOLS, signals, reason, k);
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
