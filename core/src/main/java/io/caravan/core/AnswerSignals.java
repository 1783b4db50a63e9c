package io.caravan.core;

/**
 * What a generator can say about how sure it was and how well its answer is grounded, beside the
 * answer itself. Every field is optional: {@link Double#NaN} (or 0 tokens) where the generator
 * cannot tell, as the extractive answerer cannot tell token probabilities.
 *
 * @param tokens how many tokens the model generated (0: not a token-level generator)
 * @param meanTokenEntropy the mean, over generated tokens, of the entropy (nats) of the model's
 *     next-token distribution (over the top candidates it reports); high means the model hesitated
 *     (L-RAG's uncertainty signal)
 * @param minTokenProbability the lowest probability the model gave a token it generated
 * @param droppedCitations citation markers in the text that named no passage of the context
 * @param attributedCitations citations the generator did not write but that were attributed
 *     afterwards, to the passages that support the answer (small models often forget the markers)
 * @param support the share of the answer's content words found in the passages it cites (a simple
 *     faithfulness check); {@link Double#NaN} when not checked
 */
public record AnswerSignals(
    int tokens,
    double meanTokenEntropy,
    double minTokenProbability,
    int droppedCitations,
    int attributedCitations,
    double support) {

  /** Nothing known. */
  public static final AnswerSignals NONE = new AnswerSignals(0, Double.NaN, Double.NaN, 0, 0, Double.NaN);

  public AnswerSignals {
    if (tokens < 0 || droppedCitations < 0 || attributedCitations < 0) {
      throw new IllegalArgumentException("tokens and citation counts must not be negative");
    }
  }

  /** Whether token-level uncertainty is known. */
  public boolean hasTokenUncertainty() {
    return tokens > 0 && !Double.isNaN(meanTokenEntropy) && !Double.isNaN(minTokenProbability);
  }

  /** Token-level uncertainty alone. */
  public static AnswerSignals ofTokens(int tokens, double meanTokenEntropy, double minTokenProbability) {
    return new AnswerSignals(tokens, meanTokenEntropy, minTokenProbability, 0, 0, Double.NaN);
  }

  /** These signals with the grounding checks' results. */
  public AnswerSignals withGrounding(int droppedCitations, int attributedCitations, double support) {
    return new AnswerSignals(tokens, meanTokenEntropy, minTokenProbability, droppedCitations, attributedCitations, support);
  }
}
