package io.caravan.policies.depth;

import io.caravan.core.Answer;
import io.caravan.core.AnswerSignals;
import io.caravan.core.Decision;
import io.caravan.core.QueryEmbedding;
import io.caravan.core.RagState;
import io.caravan.core.spi.Policy;
import io.caravan.policies.ScoreDistribution;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Chooses, per query, how deep to retrieve: {@value #NO_RETRIEVAL}, {@value #SINGLE_STEP} or
 * {@value #MULTI_STEP} (Adaptive-RAG's three strategies). It decides twice in {@code adaptive-rag},
 * and which phase it is in follows from the state, so one policy serves both gateways:
 *
 * <ol>
 *   <li><b>Before any retrieval</b> (no {@linkplain RagState#retrievalCalls() retrieval call}
 *       counted yet): the complexity classifier's class probabilities over the query's {@link
 *       QueryFeatures} (the {@code query-features} step's embedding plus lexical features). NO_RETRIEVAL or
 *       MULTI_STEP when its probability reaches the threshold, otherwise SINGLE_STEP. The default
 *       NO_RETRIEVAL threshold (0.9) is high on purpose: a query wrongly sent without retrieval
 *       loses all evidence, while one wrongly retrieved for only costs a retrieval. With the
 *       classifier off every query starts with one step.
 *   <li><b>After the first step</b> (retrieved, maybe answered): escalate to MULTI_STEP when the
 *       ranking looks uncertain (When to Retrieve / query performance prediction: enough of gap,
 *       entropy and NQC past their thresholds) or the answer is poorly supported (L-RAG: the
 *       generator's confidence below its threshold, or its token-level uncertainty past its
 *       thresholds); otherwise SINGLE_STEP, meaning "one step was enough". An empty retrieval stays
 *       SINGLE_STEP: the next round's query would be the same question with nothing added, so
 *       another round cannot find more.
 * </ol>
 *
 * <p>{@code lazy-rag} adds a third phase, also read off the state: <b>an answer written before any
 * retrieval</b>. L-RAG's lazy check: the generator's token-level uncertainty ({@link AnswerSignals}:
 * mean token entropy above, or lowest token probability below, its threshold) decides; confident
 * is NO_RETRIEVAL (the answer stands), uncertain is SINGLE_STEP (retrieve and answer again). A
 * generator that reports no token probabilities, or the check switched off, always retrieves: an
 * answer nobody can judge is not kept.
 *
 * Signals in the decision: the class probabilities, the distribution signals and the answer
 * confidence that were read, plus the query's {@code k}. Pure: reads the state only. Cost:
 * microseconds (one 395-wide dot product per class, one pass over the top-k scores).
 */
public final class AdaptiveDepthPolicy implements Policy<Void> {

  public static final String NAME = "adaptive-depth";
  public static final String NO_RETRIEVAL = "NO_RETRIEVAL";
  public static final String SINGLE_STEP = "SINGLE_STEP";
  public static final String MULTI_STEP = "MULTI_STEP";

  private final ComplexityClassifier classifier;
  private final DepthThresholds thresholds;

  public AdaptiveDepthPolicy(ComplexityClassifier classifier, DepthThresholds thresholds) {
    this.classifier = Objects.requireNonNull(classifier, "classifier");
    this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Decision<Void> decide(RagState state) {
    if (state.retrievalCalls() > 0) {
      return afterFirstStep(state);
    }
    // an answer before any retrieval: lazy-rag answered first and asks whether that answer will do
    return state.answer() != null ? afterAnswerFirst(state) : beforeRetrieval(state);
  }

  private Decision<Void> afterAnswerFirst(RagState state) {
    Map<String, Object> signals = new LinkedHashMap<>();
    signals.put("phase", "answer-first");
    signals.put("k", state.query().k());
    if (!thresholds.generatorUncertainty()) {
      return new Decision<>(NAME, SINGLE_STEP, signals, "generator uncertainty off: retrieve rather than trust an unchecked answer");
    }
    AnswerSignals a = state.answer().signals();
    if (!a.hasTokenUncertainty()) {
      return new Decision<>(NAME, SINGLE_STEP, signals, "the generator reports no token uncertainty: retrieve");
    }
    String uncertain = tokenUncertainty(a, signals);
    return uncertain == null
        ? new Decision<>(NAME, NO_RETRIEVAL, signals, "confident without retrieval: " + confident(a))
        : new Decision<>(NAME, SINGLE_STEP, signals, "uncertain without retrieval: " + uncertain);
  }

  /** Records the answer's token signals; the reasons it counts as uncertain, or null when it does not. */
  private String tokenUncertainty(AnswerSignals a, Map<String, Object> signals) {
    signals.put("tokens", a.tokens());
    signals.put("mean_token_entropy", round(a.meanTokenEntropy()));
    signals.put("min_token_probability", round(a.minTokenProbability()));
    StringBuilder why = new StringBuilder();
    if (a.meanTokenEntropy() > thresholds.maxTokenEntropy()) {
      why.append(String.format(Locale.ROOT, "mean token entropy %.3f > %.3f; ", a.meanTokenEntropy(), thresholds.maxTokenEntropy()));
    }
    if (a.minTokenProbability() < thresholds.minTokenProbability()) {
      why.append(String.format(Locale.ROOT, "min token probability %.3f < %.3f; ", a.minTokenProbability(), thresholds.minTokenProbability()));
    }
    return why.isEmpty() ? null : reasons(why);
  }

  private String confident(AnswerSignals a) {
    return String.format(Locale.ROOT, "mean token entropy %.3f <= %.3f, min token probability %.3f >= %.3f",
        a.meanTokenEntropy(), thresholds.maxTokenEntropy(), a.minTokenProbability(), thresholds.minTokenProbability());
  }

  private Decision<Void> beforeRetrieval(RagState state) {
    Map<String, Object> signals = new LinkedHashMap<>();
    signals.put("phase", "classify");
    signals.put("k", state.query().k());
    if (!thresholds.classifier()) {
      return new Decision<>(NAME, SINGLE_STEP, signals, "classifier off: start with one step");
    }
    QueryEmbedding embedding =
        state.get(QueryEmbedding.KEY)
            .orElseThrow(() -> new IllegalStateException(
                "policy " + NAME + " needs the query's embedding under '" + QueryEmbedding.KEY.name()
                    + "': run the query-features step before it (or set caravan.depth.classifier=off)"));
    Map<String, Double> p = classifier.probabilities(QueryFeatures.of(embedding));
    p.forEach((c, v) -> signals.put("p_" + c.toLowerCase(Locale.ROOT), round(v)));
    double pNo = p.getOrDefault(NO_RETRIEVAL, 0.0);
    double pMulti = p.getOrDefault(MULTI_STEP, 0.0);
    if (pNo >= thresholds.noRetrieval() && pNo >= pMulti) {
      return new Decision<>(NAME, NO_RETRIEVAL, signals, String.format(Locale.ROOT, "classifier: p(no retrieval) %.2f >= %.2f", pNo, thresholds.noRetrieval()));
    }
    if (pMulti >= thresholds.multiStep()) {
      return new Decision<>(NAME, MULTI_STEP, signals, String.format(Locale.ROOT, "classifier: p(multi-step) %.2f >= %.2f", pMulti, thresholds.multiStep()));
    }
    return new Decision<>(NAME, SINGLE_STEP, signals, String.format(Locale.ROOT, "classifier: p(multi-step) %.2f < %.2f", pMulti, thresholds.multiStep()));
  }

  private Decision<Void> afterFirstStep(RagState state) {
    Map<String, Object> signals = new LinkedHashMap<>();
    signals.put("phase", "check");
    signals.put("k", state.query().k());
    if (state.candidates().isEmpty()) {
      signals.put("n", 0);
      return new Decision<>(NAME, SINGLE_STEP, signals, "nothing retrieved: another round would ask the same question");
    }
    StringBuilder why = new StringBuilder();
    if (thresholds.uncertainty()) {
      ScoreDistribution d = ScoreDistribution.of(state.candidates(), thresholds.topK(), thresholds.temperature());
      signals.putAll(d.asSignals());
      int votes = 0;
      if (d.gap() < thresholds.minGap()) {
        votes++;
        why.append(String.format(Locale.ROOT, "gap %.3f < %.3f; ", d.gap(), thresholds.minGap()));
      }
      if (d.entropy() > thresholds.maxEntropy()) {
        votes++;
        why.append(String.format(Locale.ROOT, "entropy %.3f > %.3f; ", d.entropy(), thresholds.maxEntropy()));
      }
      if (d.nqc() < thresholds.minNqc()) {
        votes++;
        why.append(String.format(Locale.ROOT, "nqc %.3f < %.3f; ", d.nqc(), thresholds.minNqc()));
      }
      signals.put("uncertain_votes", votes);
      if (votes >= thresholds.uncertainVotes()) {
        return new Decision<>(NAME, MULTI_STEP, signals, "uncertain ranking: " + reasons(why));
      }
    }
    Answer a = state.answer();
    if (thresholds.generatorConfidence() && a != null && !Double.isNaN(a.confidence())) {
      signals.put("answer_confidence", round(a.confidence()));
      if (a.confidence() < thresholds.minAnswerConfidence()) {
        return new Decision<>(
            NAME, MULTI_STEP, signals, String.format(Locale.ROOT, "weakly supported answer: confidence %.2f < %.2f", a.confidence(), thresholds.minAnswerConfidence()));
      }
    }
    if (thresholds.generatorUncertainty() && a != null && a.signals().hasTokenUncertainty()) {
      String uncertain = tokenUncertainty(a.signals(), signals);
      if (uncertain != null) {
        return new Decision<>(NAME, MULTI_STEP, signals, "uncertain generator: " + uncertain);
      }
    }
    return new Decision<>(NAME, SINGLE_STEP, signals, "one step was enough" + (why.isEmpty() ? "" : " (only " + reasons(why) + ")"));
  }

  private static String reasons(StringBuilder why) {
    String s = why.toString().strip();
    return s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }

  public DepthThresholds thresholds() {
    return thresholds;
  }
}
