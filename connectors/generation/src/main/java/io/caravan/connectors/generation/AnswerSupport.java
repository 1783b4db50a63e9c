package io.caravan.connectors.generation;

import io.caravan.core.Answer;
import io.caravan.core.AnswerSignals;
import io.caravan.core.Candidate;
import io.caravan.core.Citation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A simple faithfulness check of a generated answer against passages: the share of the answer's
 * content words (stop words and question words removed, stemmed: {@link MatchingAnalyzer}) that
 * occur in the passages. An answer whose words are mostly absent from what it cites was likely made
 * up, or taken from the model's memory rather than the context. Also attributes an answer that
 * cites nothing to the passages that support it, since small models often leave the markers out.
 *
 * <p>Cost: one analysis pass over the answer and each passage. Thread-safe.
 */
public final class AnswerSupport {

  /** Below this share of supported content words, an answer counts as unsupported. */
  public static final double DEFAULT_MIN_SUPPORT = 0.5;

  /** An answer that cites nothing is attributed to at most this many supporting passages. */
  static final int MAX_ATTRIBUTED = 2;

  private final MatchingAnalyzer analyzer = new MatchingAnalyzer();
  private final double minSupport;

  public AnswerSupport(double minSupport) {
    if (!(minSupport >= 0 && minSupport <= 1)) {
      throw new IllegalArgumentException("minSupport must be between 0 and 1, was " + minSupport);
    }
    this.minSupport = minSupport;
  }

  public AnswerSupport() {
    this(DEFAULT_MIN_SUPPORT);
  }

  public double minSupport() {
    return minSupport;
  }

  /**
   * A model's reply as a grounded answer, the same for every generator that writes one: {@code [n]}
   * markers naming no passage of {@code context} removed and counted, an answer citing nothing
   * attributed to the passages that support it (at most {@value #MAX_ATTRIBUTED}), and its support
   * measured; the counts join {@code signals} (the model's own, or {@link AnswerSignals#NONE}).
   */
  public Answer ground(String reply, List<Candidate> context, double confidence, String generator, AnswerSignals signals) {
    CitedText cited = CitedText.parse(reply.strip(), context);
    List<Citation> citations = cited.citations();
    int attributed = 0;
    if (citations.isEmpty() && !context.isEmpty()) {
      citations = attribute(cited.text(), context, MAX_ATTRIBUTED);
      attributed = citations.size();
    }
    double supported = context.isEmpty() ? Double.NaN : support(cited.text(), citations);
    return new Answer(cited.text(), citations, confidence, generator, signals.withGrounding(cited.dropped(), attributed, supported));
  }

  /**
   * The share of {@code answer}'s content words found in the quotes of {@code cited}; 0 when it
   * cites nothing, {@link Double#NaN} when the answer has no content words to check.
   */
  public double support(String answer, List<Citation> cited) {
    Set<String> words = new HashSet<>(analyzer.terms(answer));
    if (words.isEmpty()) {
      return Double.NaN;
    }
    Set<String> found = new HashSet<>();
    for (Citation c : cited) {
      found.addAll(analyzer.terms(c.title() + " " + c.quote()));
    }
    int hit = 0;
    for (String w : words) {
      if (found.contains(w)) {
        hit++;
      }
    }
    return hit / (double) words.size();
  }

  /**
   * The passages of {@code context} that on their own support at least {@link #minSupport} of the
   * answer's content words, best first; at most {@code max}.
   */
  public List<Citation> attribute(String answer, List<Candidate> context, int max) {
    List<Citation> best = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    for (Candidate c : context) {
      Citation citation = CitedText.citation(c);
      double s = support(answer, List.of(citation));
      if (Double.isNaN(s) || s < minSupport || s == 0) {
        continue;
      }
      int at = 0;
      while (at < scores.size() && scores.get(at) >= s) {
        at++;
      }
      scores.add(at, s);
      best.add(at, citation);
    }
    return List.copyOf(best.subList(0, Math.min(max, best.size())));
  }

  /** Whether a support share counts as unsupported (NaN, nothing to check, does not). */
  public boolean unsupported(double support) {
    return !Double.isNaN(support) && support < minSupport;
  }
}
