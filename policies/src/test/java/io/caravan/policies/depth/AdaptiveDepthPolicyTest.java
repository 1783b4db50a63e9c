package io.caravan.policies.depth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.Answer;
import io.caravan.core.AnswerSignals;
import io.caravan.core.Candidate;
import io.caravan.core.Decision;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.core.QueryEmbedding;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdaptiveDepthPolicyTest {

  /** A tiny classifier trained on constructed 2-d "embeddings": one corner of the plane per class. */
  static ComplexityClassifier cornerClassifier() {
    List<ComplexityTrainer.Example> ex = new ArrayList<>();
    String[] labels = {AdaptiveDepthPolicy.NO_RETRIEVAL, AdaptiveDepthPolicy.SINGLE_STEP, AdaptiveDepthPolicy.MULTI_STEP};
    float[][] corners = {{1, 0}, {0, 1}, {-1, -1}};
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < 10; i++) {
        float jitter = i * 0.01f;
        ex.add(new ComplexityTrainer.Example(labels[c] + i, QueryFeatures.of("q " + i, new float[] {corners[c][0] + jitter, corners[c][1] - jitter}), labels[c]));
      }
    }
    return new ComplexityTrainer(300, 0.5, 1e-3).train(List.of(labels), ex, Map.of("trained-on", "corners"));
  }

  private static RagState classified(String text, float... embedding) {
    return RagState.start(Query.of(text)).with(QueryEmbedding.KEY, new QueryEmbedding(text, embedding));
  }

  /** After the first step: one retrieval call counted, as the retrieve step counts it. */
  private static RagState retrieved(List<Candidate> candidates, Answer answer) {
    return RagState.start(Query.of("who?")).plusRetrievalCalls(1).withCandidates(candidates).withAnswer(answer);
  }

  static List<Candidate> scores(double... s) {
    List<Candidate> out = new ArrayList<>();
    for (int i = 0; i < s.length; i++) {
      out.add(Candidate.of(new Passage("c" + i, "d" + i, "", "t", 0, 1, Map.of()), "x", s[i]));
    }
    return out;
  }

  private final AdaptiveDepthPolicy policy = new AdaptiveDepthPolicy(cornerClassifier(), DepthThresholds.defaults().withSignals(true, true, true));

  @Test
  void theClassifierPicksEachDepthBeforeRetrieval() {
    assertThat(policy.decide(classified("hi", 1, 0)).choice()).isEqualTo(AdaptiveDepthPolicy.NO_RETRIEVAL);
    assertThat(policy.decide(classified("x", 0, 1)).choice()).isEqualTo(AdaptiveDepthPolicy.SINGLE_STEP);
    Decision<Void> multi = policy.decide(classified("x", -1, -1));
    assertThat(multi.choice()).isEqualTo(AdaptiveDepthPolicy.MULTI_STEP);
    assertThat(multi.signals()).containsKeys("p_no_retrieval", "p_single_step", "p_multi_step", "k").containsEntry("phase", "classify");
    assertThat(multi.reason()).contains("p(multi-step)");
  }

  @Test
  void thePhaseFollowsTheCountedRetrievalCallsNotTheNamesInTheTrace() {
    // a step named like a retrieval that searched nothing leaves the policy classifying
    RagState named = classified("x", -1, -1).withEvent(new TraceEvent("retrieve-tools", Duration.ofMillis(1), Map.of(), List.of(), null));
    assertThat(policy.decide(named).signals()).containsEntry("phase", "classify");
    // a counted retrieval is the check phase, whatever the trace holds
    RagState counted = new RagState("s", Query.of("who?"), scores(30, 2, 1, 1), null, null, Map.of()).plusRetrievalCalls(1);
    assertThat(counted.trace().events()).isEmpty();
    assertThat(policy.decide(counted).signals()).containsEntry("phase", "check");
  }

  @Test
  void withTheClassifierOffEveryQueryStartsWithOneStep() {
    AdaptiveDepthPolicy off = new AdaptiveDepthPolicy(cornerClassifier(), DepthThresholds.defaults().withSignals(false, true, true));
    assertThat(off.decide(RagState.start(Query.of("no features needed"))).choice()).isEqualTo(AdaptiveDepthPolicy.SINGLE_STEP);
  }

  @Test
  void missingFeaturesAreAnAuthoringErrorThatNamesTheStep() {
    assertThatThrownBy(() -> policy.decide(RagState.start(Query.of("q"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("query-features");
  }

  @Test
  void aClearWinnerWithASupportedAnswerStaysSingleStep() {
    Decision<Void> d = policy.decide(retrieved(scores(30, 2, 1, 1), new Answer("a", List.of(), 0.9, "test")));
    assertThat(d.choice()).isEqualTo(AdaptiveDepthPolicy.SINGLE_STEP);
    assertThat(d.signals()).containsEntry("phase", "check").containsKeys("gap", "entropy", "nqc", "answer_confidence");
  }

  @Test
  void allEqualScoresEscalateToMultiStep() {
    Decision<Void> d = policy.decide(retrieved(scores(2, 2, 2, 2, 2), null));
    assertThat(d.choice()).isEqualTo(AdaptiveDepthPolicy.MULTI_STEP);
    assertThat(d.reason()).contains("gap").contains("entropy");
  }

  @Test
  void aWeaklySupportedAnswerEscalatesOnlyWhenGeneratorConfidenceIsOn() {
    RagState s = retrieved(scores(30, 2, 1, 1), new Answer("a", List.of(), 0.2, "test"));
    assertThat(policy.decide(s).choice()).isEqualTo(AdaptiveDepthPolicy.MULTI_STEP);
    AdaptiveDepthPolicy noGen = new AdaptiveDepthPolicy(cornerClassifier(), DepthThresholds.defaults().withSignals(true, true, false));
    assertThat(noGen.decide(s).choice()).isEqualTo(AdaptiveDepthPolicy.SINGLE_STEP);
    assertThat(noGen.decide(s).signals()).doesNotContainKey("answer_confidence");
  }

  @Test
  void uncertaintyOffIgnoresTheScores() {
    AdaptiveDepthPolicy p = new AdaptiveDepthPolicy(cornerClassifier(), DepthThresholds.defaults().withSignals(true, false, false));
    Decision<Void> d = p.decide(retrieved(scores(2, 2, 2, 2), null));
    assertThat(d.choice()).isEqualTo(AdaptiveDepthPolicy.SINGLE_STEP);
    assertThat(d.signals()).doesNotContainKey("entropy");
  }

  @Test
  void anEmptyRetrievalDoesNotEscalate() {
    Decision<Void> d = policy.decide(retrieved(List.of(), Answer.noAnswer("test", "nothing")));
    assertThat(d.choice()).isEqualTo(AdaptiveDepthPolicy.SINGLE_STEP);
    assertThat(d.reason()).contains("nothing retrieved");
  }

  @Test
  void thresholdsRejectValuesOutsideTheirRange() {
    assertThatThrownBy(() -> new DepthThresholds(true, true, true, 1.5, 0.5, 0.1, 0.9, 0.1, 2, 0.5, 10, 1, true, 0.5, 0.1))
        .hasMessageContaining("noRetrieval");
    assertThatThrownBy(() -> new DepthThresholds(true, true, true, 0.5, 0.5, 0.1, 0.9, 0.1, 4, 0.5, 10, 1, true, 0.5, 0.1))
        .hasMessageContaining("uncertainVotes");
    assertThatThrownBy(() -> DepthThresholds.defaults().withTokenUncertainty(true, -0.1, 0.1)).hasMessageContaining("maxTokenEntropy");
    assertThatThrownBy(() -> DepthThresholds.defaults().withTokenUncertainty(true, 0.5, 1.5)).hasMessageContaining("minTokenProbability");
  }

  // generator uncertainty (L-RAG): hand-made answers with token signals, thresholds entropy 0.5, probability 0.2

  private final AdaptiveDepthPolicy tokens =
      new AdaptiveDepthPolicy(cornerClassifier(), DepthThresholds.defaults().withSignals(true, false, false).withTokenUncertainty(true, 0.5, 0.2));

  private static Answer llm(double meanEntropy, double minProbability) {
    return new Answer("Paris", List.of(), 0.8, "llm", AnswerSignals.ofTokens(3, meanEntropy, minProbability));
  }

  /** Answered before any retrieval, as lazy-rag's first generate leaves the state. */
  private static RagState answeredFirst(Answer a) {
    return RagState.start(Query.of("capital of France?")).withAnswer(a);
  }

  @Test
  void aConfidentAnswerWithoutRetrievalStands() {
    Decision<Void> d = tokens.decide(answeredFirst(llm(0.1, 0.6)));
    assertThat(d.choice()).isEqualTo(AdaptiveDepthPolicy.NO_RETRIEVAL);
    assertThat(d.signals()).containsEntry("phase", "answer-first").containsEntry("tokens", 3)
        .containsEntry("mean_token_entropy", 0.1).containsEntry("min_token_probability", 0.6);
    assertThat(d.reason()).startsWith("confident without retrieval");
  }

  @Test
  void eitherTokenSignalPastItsThresholdRetrieves() {
    Decision<Void> hesitant = tokens.decide(answeredFirst(llm(0.9, 0.6)));
    assertThat(hesitant.choice()).isEqualTo(AdaptiveDepthPolicy.SINGLE_STEP);
    assertThat(hesitant.reason()).contains("mean token entropy 0.900 > 0.500").doesNotContain("min token probability");
    Decision<Void> unlikely = tokens.decide(answeredFirst(llm(0.1, 0.05)));
    assertThat(unlikely.choice()).isEqualTo(AdaptiveDepthPolicy.SINGLE_STEP);
    assertThat(unlikely.reason()).contains("min token probability 0.050 < 0.200");
    // at the thresholds exactly the answer still counts as confident
    assertThat(tokens.decide(answeredFirst(llm(0.5, 0.2))).choice()).isEqualTo(AdaptiveDepthPolicy.NO_RETRIEVAL);
  }

  @Test
  void anAnswerNobodyCanJudgeIsRetrievedFor() {
    // the extractive answerer reports no token probabilities
    Decision<Void> unknown = tokens.decide(answeredFirst(new Answer("Paris", List.of(), 0.9, "extractive")));
    assertThat(unknown.choice()).isEqualTo(AdaptiveDepthPolicy.SINGLE_STEP);
    assertThat(unknown.reason()).contains("no token uncertainty");
    AdaptiveDepthPolicy off = new AdaptiveDepthPolicy(cornerClassifier(), DepthThresholds.defaults().withTokenUncertainty(false, 0.5, 0.2));
    Decision<Void> d = off.decide(answeredFirst(llm(0.1, 0.6)));
    assertThat(d.choice()).isEqualTo(AdaptiveDepthPolicy.SINGLE_STEP);
    assertThat(d.signals()).containsEntry("phase", "answer-first").doesNotContainKey("mean_token_entropy");
  }

  @Test
  void anUncertainGeneratorAfterAStepEscalatesToTheLoop() {
    Decision<Void> unsure = tokens.decide(retrieved(scores(30, 2, 1, 1), llm(1.2, 0.3)));
    assertThat(unsure.choice()).isEqualTo(AdaptiveDepthPolicy.MULTI_STEP);
    assertThat(unsure.signals()).containsEntry("phase", "check").containsEntry("mean_token_entropy", 1.2);
    assertThat(unsure.reason()).startsWith("uncertain generator");
    Decision<Void> sure = tokens.decide(retrieved(scores(30, 2, 1, 1), llm(0.2, 0.3)));
    assertThat(sure.choice()).isEqualTo(AdaptiveDepthPolicy.SINGLE_STEP);
    assertThat(sure.signals()).containsEntry("min_token_probability", 0.3);
    AdaptiveDepthPolicy off = new AdaptiveDepthPolicy(cornerClassifier(), DepthThresholds.defaults().withSignals(true, false, false).withTokenUncertainty(false, 0.5, 0.2));
    Decision<Void> ignored = off.decide(retrieved(scores(30, 2, 1, 1), llm(1.2, 0.3)));
    assertThat(ignored.choice()).isEqualTo(AdaptiveDepthPolicy.SINGLE_STEP);
    assertThat(ignored.signals()).doesNotContainKey("mean_token_entropy");
  }

  @Test
  void withoutAnAnswerTheFirstDecisionIsStillTheClassifiers() {
    assertThat(tokens.decide(classified("x", -1, -1)).signals()).containsEntry("phase", "classify");
  }
}
