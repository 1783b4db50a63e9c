package io.caravan.connectors.llama;

import java.util.List;
import java.util.Objects;

/**
 * One generation: the text, the certainty of each step, and what it cost.
 *
 * @param text the generated text, stop sequence excluded
 * @param steps each generated token's probabilities, in order (empty when none were reported)
 * @param promptTokens tokens of the prompt
 * @param firstTokenNanos from the request to the first generated token
 * @param totalNanos from the request to the last token
 */
public record Completion(String text, List<TokenProbabilities> steps, int promptTokens, long firstTokenNanos, long totalNanos) {

  public Completion {
    Objects.requireNonNull(text, "text");
    steps = List.copyOf(steps);
  }

  /** Generated tokens (steps that reported probabilities). */
  public int tokens() {
    return steps.size();
  }

  /** Mean entropy of the steps, in nats; NaN without steps. */
  public double meanEntropy() {
    return steps.stream().mapToDouble(TokenProbabilities::entropy).average().orElse(Double.NaN);
  }

  /** The lowest probability of a generated token; NaN without steps. */
  public double minProbability() {
    return steps.stream().mapToDouble(TokenProbabilities::chosen).min().orElse(Double.NaN);
  }

  /** Generated tokens per second after the first one; NaN for fewer than two tokens. */
  public double tokensPerSecond() {
    long genNanos = totalNanos - firstTokenNanos;
    return steps.size() < 2 || genNanos <= 0 ? Double.NaN : (steps.size() - 1) / (genNanos / 1e9);
  }
}
