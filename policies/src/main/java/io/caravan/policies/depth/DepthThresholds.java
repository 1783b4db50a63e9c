package io.caravan.policies.depth;

/**
 * Which signals {@link AdaptiveDepthPolicy} reads and where it draws its lines. Every threshold is
 * a setting ({@code caravan.depth.*}) and {@code caravan policy calibrate-depth} fits the
 * uncertainty ones on labelled data.
 *
 * @param classifier read the complexity classifier before retrieving (off: always start with one step)
 * @param uncertainty read the first retrieval's score distribution
 * @param generatorConfidence read the answer's confidence after the first step (L-RAG-style lazy escalation)
 * @param noRetrieval class probability of NO_RETRIEVAL at or above which the query skips retrieval
 * @param multiStep class probability of MULTI_STEP at or above which the query goes straight to the loop
 * @param minGap relative top-1/top-2 gap below which the first ranking counts as uncertain
 * @param maxEntropy normalised top-k score entropy above which it counts as uncertain
 * @param minNqc NQC below which it counts as uncertain
 * @param uncertainVotes how many of gap, entropy and NQC must say "uncertain" to escalate (1 to 3)
 * @param minAnswerConfidence answer confidence below which the first step's answer counts as unsupported
 * @param topK how many top scores the distribution signals read
 * @param temperature softmax temperature for the entropy, in score units
 * @param generatorUncertainty read the generator's token-level uncertainty ({@link
 *     io.caravan.core.AnswerSignals}, L-RAG): an answer written without retrieval that the model was
 *     unsure of is retrieved for, one written after a step is escalated to the loop
 * @param maxTokenEntropy mean token entropy (nats) above which an answer counts as uncertain
 * @param minTokenProbability lowest token probability below which an answer counts as uncertain
 */
public record DepthThresholds(
    boolean classifier,
    boolean uncertainty,
    boolean generatorConfidence,
    double noRetrieval,
    double multiStep,
    double minGap,
    double maxEntropy,
    double minNqc,
    int uncertainVotes,
    double minAnswerConfidence,
    int topK,
    double temperature,
    boolean generatorUncertainty,
    double maxTokenEntropy,
    double minTokenProbability) {

  public DepthThresholds {
    check("noRetrieval", noRetrieval, 0, 1);
    check("multiStep", multiStep, 0, 1);
    check("minGap", minGap, 0, 1);
    check("maxEntropy", maxEntropy, 0, 1);
    check("minNqc", minNqc, 0, Double.MAX_VALUE);
    check("minAnswerConfidence", minAnswerConfidence, 0, 1);
    check("maxTokenEntropy", maxTokenEntropy, 0, Double.MAX_VALUE);
    check("minTokenProbability", minTokenProbability, 0, 1);
    if (uncertainVotes < 1 || uncertainVotes > 3) {
      throw new IllegalArgumentException("uncertainVotes must be 1, 2 or 3, was " + uncertainVotes);
    }
    if (topK < 2) {
      throw new IllegalArgumentException("topK must be at least 2, was " + topK);
    }
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("temperature must be positive, was " + temperature);
    }
  }

  private static void check(String name, double v, double min, double max) {
    if (!(v >= min && v <= max)) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + v);
    }
  }

  /** The shipped defaults (calibrated values are in benchmarks/results/depth/thresholds.properties). */
  public static DepthThresholds defaults() {
    // the best measured configuration (benchmarks/results/depth/mixed-workload.md, row
    // adaptive-classifier-only): the classifier alone keeps 99.9% of always-multi's quality with 62.8% of
    // its retrieval calls; the uncertainty signals, when switched on, use the thresholds
    // calibrate-depth fitted on the training splits (row adaptive: 100.0% with 85.0%). The token-uncertainty
    // check is on: it acts only on generators that report token probabilities (the in-process LLM); its
    // thresholds are those calibrate-tokens fitted for Qwen2.5-Coder-0.5B on 20 questions of the HotpotQA
    // hash-train half (benchmarks/results/generation/lrag/thresholds.properties): a small sample, one model
    return new DepthThresholds(true, false, false, 0.9, 0.5, 0.0552, 0.6311, 0.2518, 2, 0.3587, 10, 1.0, true, 0.3236, 0.3453);
  }

  public DepthThresholds withSignals(boolean classifierOn, boolean uncertaintyOn, boolean generatorOn) {
    return new DepthThresholds(
        classifierOn, uncertaintyOn, generatorOn, noRetrieval, multiStep, minGap, maxEntropy, minNqc, uncertainVotes, minAnswerConfidence, topK, temperature,
        generatorUncertainty, maxTokenEntropy, minTokenProbability);
  }

  /** These thresholds with the generator's token-uncertainty check set. */
  public DepthThresholds withTokenUncertainty(boolean on, double tokenEntropy, double tokenProbability) {
    return new DepthThresholds(
        classifier, uncertainty, generatorConfidence, noRetrieval, multiStep, minGap, maxEntropy, minNqc, uncertainVotes, minAnswerConfidence, topK, temperature,
        on, tokenEntropy, tokenProbability);
  }
}
