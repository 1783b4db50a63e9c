package io.caravan.connectors.llama;

import java.util.Collection;

/**
 * The model's certainty at one generation step, from the probabilities of its top next tokens.
 *
 * @param chosen the probability of the token generated (greedy decoding: the most likely one)
 * @param entropy the entropy (nats) of the next-token distribution: the reported top tokens, plus
 *     the probability mass they leave as one more outcome, so it is a lower bound of the full
 *     distribution's entropy
 */
public record TokenProbabilities(double chosen, double entropy) {

  /**
   * The step's certainty from the top probabilities the model reported; null when it reported none.
   * Public so a model served elsewhere reports the same quantities from its top probabilities.
   */
  public static TokenProbabilities of(Collection<Float> top) {
    if (top.isEmpty()) {
      return null;
    }
    double max = 0;
    double sum = 0;
    double entropy = 0;
    for (float f : top) {
      double p = Math.max(0, Math.min(1, f));
      max = Math.max(max, p);
      sum += p;
      if (p > 0) {
        entropy -= p * Math.log(p);
      }
    }
    double rest = 1 - sum;
    if (rest > 1e-9) {
      entropy -= rest * Math.log(rest);
    }
    return new TokenProbabilities(max, Math.max(0, entropy));
  }
}
