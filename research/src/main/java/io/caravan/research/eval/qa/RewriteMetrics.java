package io.caravan.research.eval.qa;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Scores produced question rewrites against the human rewrite (one reference per example).
 *
 * <ul>
 *   <li>Token F1: {@link AnswerMetrics#f1(String, String)}, SQuAD v1.1 normalisation.
 *   <li>Corpus BLEU-4 (Papineni et al., 2002), on a 0..1 scale: clipped n-gram matches and candidate
 *       n-gram counts summed over the corpus for n = 1..4, geometric mean of the four precisions,
 *       brevity penalty {@code exp(1 - r/c)} when the total candidate length c is below the total
 *       reference length r. No smoothing: a zero precision gives 0. Tokens: lower-case ({@link
 *       Locale#ROOT}) then split on whitespace, punctuation kept attached, which is what sacrebleu
 *       computes with {@code lowercase=True, tokenize="none"}; its default {@code exp} smoothing
 *       differs from this only when some order has no match in the whole corpus.
 *   <li>Sentence BLEU, for per-example reports: sacrebleu's {@code sentence_bleu} defaults, i.e.
 *       the same counts on one pair, {@code exp} smoothing (the i-th order with no match gets
 *       precision {@code 1 / (2^i * total)}) and effective order (orders the candidate is too short
 *       to have are left out of the mean), so a perfect match of any non-empty length scores 1.
 * </ul>
 *
 * An empty candidate scores 0 on every metric. Cost: linear in the token counts, one n-gram map
 * per order and pair.
 */
public final class RewriteMetrics {

  static final int MAX_ORDER = 4;

  private RewriteMetrics() {}

  /** Mean token F1 and corpus BLEU over a set of rewrites. */
  public record Report(int examples, double tokenF1, double bleu) {}

  public static Report score(List<String> produced, List<String> human) {
    requireAligned(produced, human);
    double f1 = 0;
    for (int i = 0; i < produced.size(); i++) {
      f1 += tokenF1(produced.get(i), human.get(i));
    }
    return new Report(produced.size(), f1 / produced.size(), corpusBleu(produced, human));
  }

  public static double tokenF1(String produced, String human) {
    return AnswerMetrics.f1(produced, human);
  }

  /** The BLEU tokenisation: lower-cased, split on whitespace. */
  public static List<String> bleuTokens(String s) {
    Objects.requireNonNull(s, "text");
    return AnswerMetrics.whitespaceTokens(s.toLowerCase(Locale.ROOT));
  }

  public static double corpusBleu(List<String> candidates, List<String> references) {
    requireAligned(candidates, references);
    Counts total = new Counts();
    for (int i = 0; i < candidates.size(); i++) {
      total.add(bleuTokens(candidates.get(i)), bleuTokens(references.get(i)));
    }
    if (total.candidateLength == 0) {
      return 0;
    }
    double logSum = 0;
    for (int n = 0; n < MAX_ORDER; n++) {
      if (total.matches[n] == 0) {
        return 0;
      }
      logSum += Math.log(total.matches[n] / (double) total.totals[n]);
    }
    return total.brevityPenalty() * Math.exp(logSum / MAX_ORDER);
  }

  public static double sentenceBleu(String candidate, String reference) {
    Counts c = new Counts();
    c.add(bleuTokens(candidate), bleuTokens(reference));
    if (c.candidateLength == 0) {
      return 0;
    }
    double logSum = 0;
    int order = 0;
    double smooth = 1;
    for (int n = 0; n < MAX_ORDER && c.totals[n] > 0; n++) {
      order = n + 1;
      if (c.matches[n] == 0) {
        smooth *= 2;
        logSum += Math.log(1 / (smooth * c.totals[n]));
      } else {
        logSum += Math.log(c.matches[n] / (double) c.totals[n]);
      }
    }
    return c.brevityPenalty() * Math.exp(logSum / order);
  }

  private static void requireAligned(List<String> produced, List<String> human) {
    if (produced.isEmpty()) {
      throw new IllegalArgumentException("no rewrites to score");
    }
    if (produced.size() != human.size()) {
      throw new IllegalArgumentException("one human rewrite per produced rewrite: " + produced.size() + " produced, " + human.size() + " human");
    }
  }

  /** Sufficient statistics of BLEU, summable over pairs. */
  private static final class Counts {
    final long[] matches = new long[MAX_ORDER];
    final long[] totals = new long[MAX_ORDER];
    long candidateLength;
    long referenceLength;

    void add(List<String> candidate, List<String> reference) {
      candidateLength += candidate.size();
      referenceLength += reference.size();
      for (int n = 1; n <= MAX_ORDER; n++) {
        Map<List<String>, Integer> refCounts = ngrams(reference, n);
        for (Map.Entry<List<String>, Integer> e : ngrams(candidate, n).entrySet()) {
          matches[n - 1] += Math.min(e.getValue(), refCounts.getOrDefault(e.getKey(), 0));
        }
        totals[n - 1] += Math.max(0, candidate.size() - n + 1);
      }
    }

    double brevityPenalty() {
      return candidateLength >= referenceLength ? 1 : Math.exp(1 - referenceLength / (double) candidateLength);
    }

    private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
      Map<List<String>, Integer> out = new HashMap<>();
      for (int i = 0; i + n <= tokens.size(); i++) {
        out.merge(List.copyOf(tokens.subList(i, i + n)), 1, Integer::sum);
      }
      return out;
    }
  }
}
