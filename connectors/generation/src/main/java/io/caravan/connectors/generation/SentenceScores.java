package io.caravan.connectors.generation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * BM25 of each context sentence against the question, with every sentence of the context as one
 * document of the collection ({@code k1 = 1.2, b = 0.75}), normalised into [0, 1]:
 *
 * <pre>
 *   idf(t)       = ln(1 + (N - df + 0.5) / (df + 0.5)),  df raised to at least 1
 *   bm25(s)      = sum over question terms t of idf(t) * tf(t,s) * (k1 + 1) / (tf(t,s) + k1 * (1 - b + b * |s| / avgdl))
 *   relevance(s) = min(1, bm25(s) / sum over question terms of idf(t))
 * </pre>
 *
 * The denominator is the score of an ideal sentence: every question term once, at average length.
 * So relevance reads as "the share of the question's information this sentence carries", shaded by
 * BM25's term-frequency saturation and length normalisation. A question term found in no sentence
 * stays in the denominator (the context does not cover that part of the question); its document
 * frequency is taken as 1, because with a few dozen sentences the textbook idf of an unseen term
 * would outweigh every term that was found.
 *
 * <p>{@link #gain} is the same score over the question terms that chosen sentences do not cover yet;
 * {@link #coverage} is the share without the BM25 shaping, over a set of sentences together.
 *
 * <p>Cost: linear in the number of terms in the context.
 */
final class SentenceScores {

  private static final double K1 = 1.2;
  private static final double B = 0.75;

  private final List<String> questionTerms;
  private final List<Map<String, Integer>> termFrequencies;
  private final int[] lengths;
  private final Map<String, Double> idf = new HashMap<>();
  private final double ideal;
  private final double averageLength;

  /**
   * @param questionTerms distinct terms of the question, not empty
   * @param sentenceTerms the terms of each sentence, repeats kept, at least one sentence
   */
  SentenceScores(Collection<String> questionTerms, List<List<String>> sentenceTerms) {
    if (questionTerms.isEmpty() || sentenceTerms.isEmpty()) {
      throw new IllegalArgumentException("need at least one question term and one sentence");
    }
    this.questionTerms = List.copyOf(new HashSet<>(questionTerms));
    int n = sentenceTerms.size();
    this.termFrequencies = new ArrayList<>(n);
    this.lengths = new int[n];
    long total = 0;
    Map<String, Integer> df = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Map<String, Integer> tf = new HashMap<>();
      for (String t : sentenceTerms.get(i)) {
        tf.merge(t, 1, Integer::sum);
      }
      termFrequencies.add(tf);
      lengths[i] = sentenceTerms.get(i).size();
      total += lengths[i];
      for (String t : this.questionTerms) {
        if (tf.containsKey(t)) {
          df.merge(t, 1, Integer::sum);
        }
      }
    }
    this.averageLength = Math.max(1.0, (double) total / n);
    double sum = 0;
    for (String t : this.questionTerms) {
      int d = Math.max(1, df.getOrDefault(t, 0));
      double w = Math.log(1 + (n - d + 0.5) / (d + 0.5));
      idf.put(t, w);
      sum += w;
    }
    this.ideal = sum;
  }

  int size() {
    return lengths.length;
  }

  /** Normalised BM25 of sentence {@code i}, in [0, 1]. */
  double relevance(int i) {
    return gain(i, Set.of());
  }

  /**
   * Normalised BM25 of sentence {@code i} counting only the question terms not in {@code covered}:
   * what the sentence adds to sentences already chosen, on the same scale as {@link #relevance}.
   */
  double gain(int i, Set<String> covered) {
    Map<String, Integer> tf = termFrequencies.get(i);
    double norm = K1 * (1 - B + B * lengths[i] / averageLength);
    double score = 0;
    for (String t : questionTerms) {
      Integer f = tf.get(t);
      if (f != null && !covered.contains(t)) {
        score += idf.get(t) * f * (K1 + 1) / (f + norm);
      }
    }
    return Math.min(1.0, score / ideal);
  }

  /** The question terms sentence {@code i} contains. */
  Set<String> questionTermsIn(int i) {
    Set<String> out = new HashSet<>();
    for (String t : questionTerms) {
      if (termFrequencies.get(i).containsKey(t)) {
        out.add(t);
      }
    }
    return out;
  }

  /** Share of the question's idf weight found in at least one of {@code sentences}, in [0, 1]. */
  double coverage(Collection<Integer> sentences) {
    Set<String> found = new HashSet<>();
    for (int i : sentences) {
      found.addAll(questionTermsIn(i));
    }
    double sum = 0;
    for (String t : found) {
      sum += idf.get(t);
    }
    return sum / ideal;
  }
}
