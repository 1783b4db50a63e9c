package io.caravan.research.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The figures of one cell of the generation benchmark (one answerer, one context, one instruction)
 * over its answers: answer quality, the faithfulness flag and how it relates to correctness,
 * citations, and speed.
 *
 * <p>Speeds are ratios of sums, not means of per-answer ratios, so a one-token answer (whose rate
 * is undefined) does not skew them: generated tokens per second is the sum of tokens after the first
 * over the sum of the time after the first token; prompt tokens per second is the sum of prompt
 * tokens over the sum of the times to the first token (which also include the first token's own
 * decoding step, so it slightly understates prompt processing).
 *
 * @param answers how many answers
 * @param em mean exact match
 * @param f1 mean token F1
 * @param flagRate share of answers the faithfulness check flags; NaN when no answer was checked
 * @param checked answers the check could judge (support known)
 * @param flagged answers it flagged
 * @param emFlagged mean exact match of the flagged answers (NaN when none)
 * @param emUnflagged mean exact match of the checked answers it did not flag (NaN when none)
 * @param f1Flagged mean F1 of the flagged answers
 * @param f1Unflagged mean F1 of the checked, unflagged answers
 * @param withCitations answers that carry at least one citation
 * @param dropped citation markers removed in all (naming no passage)
 * @param attributed citations attributed afterwards in all
 * @param meanTokens mean generated tokens per answer
 * @param medianFirstTokenMs median time to the first piece
 * @param medianTotalMs median time per answer
 * @param generatedTokensPerSecond see the class comment; NaN without two-token answers
 * @param promptTokensPerSecond see the class comment; NaN without prompt tokens
 */
public record GenerationSummary(
    int answers,
    double em,
    double f1,
    double flagRate,
    int checked,
    int flagged,
    double emFlagged,
    double emUnflagged,
    double f1Flagged,
    double f1Unflagged,
    int withCitations,
    int dropped,
    int attributed,
    double meanTokens,
    double medianFirstTokenMs,
    double medianTotalMs,
    double generatedTokensPerSecond,
    double promptTokensPerSecond) {

  /** The summary of {@code rows} (at least one). */
  public static GenerationSummary of(List<GenerationRow> rows) {
    Objects.requireNonNull(rows, "rows");
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no answers to summarise");
    }
    double em = 0;
    double f1 = 0;
    int checked = 0;
    int flagged = 0;
    double emF = 0;
    double emU = 0;
    double f1F = 0;
    double f1U = 0;
    int withCitations = 0;
    int dropped = 0;
    int attributed = 0;
    long tokens = 0;
    long genTokens = 0;
    double genMs = 0;
    long promptTokens = 0;
    double promptMs = 0;
    List<Double> first = new ArrayList<>();
    List<Double> total = new ArrayList<>();
    for (GenerationRow r : rows) {
      em += r.em();
      f1 += r.f1();
      if (!Double.isNaN(r.support())) {
        checked++;
        if (r.flagged()) {
          flagged++;
          emF += r.em();
          f1F += r.f1();
        } else {
          emU += r.em();
          f1U += r.f1();
        }
      }
      if (r.citations() > 0) {
        withCitations++;
      }
      dropped += r.dropped();
      attributed += r.attributed();
      tokens += r.tokens();
      if (r.tokens() >= 2 && r.totalMs() > r.firstTokenMs()) {
        genTokens += r.tokens() - 1;
        genMs += r.totalMs() - r.firstTokenMs();
      }
      if (r.promptTokens() > 0) {
        promptTokens += r.promptTokens();
        promptMs += r.firstTokenMs();
      }
      first.add(r.firstTokenMs());
      total.add(r.totalMs());
    }
    int n = rows.size();
    int unflagged = checked - flagged;
    return new GenerationSummary(
        n,
        em / n,
        f1 / n,
        checked == 0 ? Double.NaN : flagged / (double) checked,
        checked,
        flagged,
        flagged == 0 ? Double.NaN : emF / flagged,
        unflagged == 0 ? Double.NaN : emU / unflagged,
        flagged == 0 ? Double.NaN : f1F / flagged,
        unflagged == 0 ? Double.NaN : f1U / unflagged,
        withCitations,
        dropped,
        attributed,
        tokens / (double) n,
        median(first),
        median(total),
        genMs <= 0 ? Double.NaN : genTokens / (genMs / 1000),
        promptMs <= 0 || promptTokens == 0 ? Double.NaN : promptTokens / (promptMs / 1000));
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
