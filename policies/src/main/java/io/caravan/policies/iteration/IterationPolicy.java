package io.caravan.policies.iteration;

import io.caravan.core.Decision;
import io.caravan.core.RagState;
import io.caravan.core.spi.Policy;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * After each retrieve-generate round, {@value #CONTINUE} or {@value #STOP} (Iter-RetGen's loop with
 * Adaptive-Note's stopping rule). Stops, in this order, when: the round retrieved nothing (the next
 * query could not be better informed), the round limit is reached, the latency budget is spent
 * ({@linkplain RagState#stepTime() the time the query's steps took}), the notes stopped growing (from round 2: the round's gain
 * below {@code minGain}), or the answer settled (from round 2: overlap with the previous answer at
 * or above {@code maxStability}). Otherwise continues. Since every round either stops or counts
 * towards {@code maxRounds}, a loop that would never converge stops after {@code maxRounds} rounds.
 *
 * <p>Pure: reads the {@link IterationNotes} the {@code notes} step keeps and the state's step time.
 */
public final class IterationPolicy implements Policy<Void> {

  public static final String NAME = "iteration";
  public static final String CONTINUE = "CONTINUE";
  public static final String STOP = "STOP";

  private final IterationLimits limits;

  public IterationPolicy(IterationLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Decision<Void> decide(RagState state) {
    IterationNotes notes = state.get(IterationNotes.KEY).orElse(null);
    if (notes == null || notes.roundCount() == 0) {
      throw new IllegalStateException("policy " + NAME + " needs the loop's notes: run the notes step after each round's generate step");
    }
    IterationNotes.Round last = notes.last();
    int round = notes.roundCount();
    long elapsed = state.stepTime().toMillis();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("round", round);
    s.put("max_rounds", limits.maxRounds());
    s.put("gain", round(last.gain()));
    s.put("new_docs", last.newDocuments());
    s.put("notes_docs", notes.documentCount());
    s.put("stability", round(last.stability()));
    s.put("elapsed_ms", elapsed);
    s.put("budget_ms", limits.budgetMillis());
    if (last.ranking().isEmpty()) {
      return new Decision<>(NAME, STOP, s, "round " + round + " retrieved nothing");
    }
    if (round >= limits.maxRounds()) {
      return new Decision<>(NAME, STOP, s, "reached " + limits.maxRounds() + (limits.maxRounds() == 1 ? " round" : " rounds"));
    }
    if (elapsed >= limits.budgetMillis()) {
      return new Decision<>(NAME, STOP, s, "latency budget spent: " + elapsed + " ms >= " + limits.budgetMillis() + " ms");
    }
    if (round >= 2 && last.gain() < limits.minGain()) {
      return new Decision<>(NAME, STOP, s, String.format(Locale.ROOT, "notes stopped growing: gain %.2f < %.2f", last.gain(), limits.minGain()));
    }
    if (round >= 2 && last.stability() >= limits.maxStability()) {
      return new Decision<>(NAME, STOP, s, String.format(Locale.ROOT, "answer settled: overlap %.2f >= %.2f", last.stability(), limits.maxStability()));
    }
    return new Decision<>(NAME, CONTINUE, s, String.format(Locale.ROOT, "round %d added %d new documents (gain %.2f)", round, last.newDocuments(), last.gain()));
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }

  public IterationLimits limits() {
    return limits;
  }
}
