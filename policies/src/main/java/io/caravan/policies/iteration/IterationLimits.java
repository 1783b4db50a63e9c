package io.caravan.policies.iteration;

/**
 * Where {@link IterationPolicy} stops a loop ({@code caravan.iteration.*} settings).
 *
 * @param maxRounds retrieve-generate rounds at most (the BPMN loop's {@code caravan:maxVisits} is the hard bound above it)
 * @param minGain share of new documents a round must add to its evidence window, below which the notes stopped growing
 * @param maxStability answer overlap with the previous round at or above which the answer has settled
 * @param budgetMillis time the query's steps may spend before no further round starts
 * @param evidenceDepth documents per round that count as its evidence (the window gain is measured on)
 */
public record IterationLimits(int maxRounds, double minGain, double maxStability, long budgetMillis, int evidenceDepth) {

  /** The most rounds a setting may ask for; the bundled processes bound their loops just above it. */
  public static final int MAX_ROUNDS = 8;

  public IterationLimits {
    if (maxRounds < 1 || maxRounds > MAX_ROUNDS) {
      throw new IllegalArgumentException("maxRounds must be between 1 and " + MAX_ROUNDS + ", was " + maxRounds);
    }
    if (!(minGain >= 0 && minGain <= 1)) {
      throw new IllegalArgumentException("minGain must be between 0 and 1, was " + minGain);
    }
    if (!(maxStability > 0 && maxStability <= 1)) {
      throw new IllegalArgumentException("maxStability must be in (0, 1], was " + maxStability);
    }
    if (budgetMillis < 1) {
      throw new IllegalArgumentException("budgetMillis must be positive, was " + budgetMillis);
    }
    if (evidenceDepth < 1) {
      throw new IllegalArgumentException("evidenceDepth must be positive, was " + evidenceDepth);
    }
  }

  public static IterationLimits defaults() {
    return new IterationLimits(3, 0.2, 0.9, 5_000, 5);
  }
}
