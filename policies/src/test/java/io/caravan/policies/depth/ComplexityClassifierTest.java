package io.caravan.policies.depth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComplexityClassifierTest {

  @Test
  void writtenWeightsReadBackToTheSameProbabilities() throws Exception {
    ComplexityClassifier c = AdaptiveDepthPolicyTest.cornerClassifier();
    StringWriter w = new StringWriter();
    c.write(w);
    ComplexityClassifier back = ComplexityClassifier.read(new StringReader(w.toString()), "test");
    QueryFeatures f = QueryFeatures.of("Who directed the film?", new float[] {0.3f, -0.2f});
    Map<String, Double> p = c.probabilities(f);
    Map<String, Double> q = back.probabilities(f);
    p.forEach((k, v) -> assertThat(q.get(k)).isCloseTo(v, within(1e-4)));
    assertThat(back.provenance()).containsEntry("trained-on", "corners").containsKey("trainer");
  }

  @Test
  void trainingIsDeterministicAndSeparatesTheClasses() {
    ComplexityClassifier a = AdaptiveDepthPolicyTest.cornerClassifier();
    ComplexityClassifier b = AdaptiveDepthPolicyTest.cornerClassifier();
    QueryFeatures f = QueryFeatures.of("x", new float[] {0.1f, 0.9f});
    assertThat(a.probabilities(f)).isEqualTo(b.probabilities(f));
    assertThat(a.classify(f)).isEqualTo(AdaptiveDepthPolicy.SINGLE_STEP);
  }

  @Test
  void anEmbeddingOfAnotherDimensionIsRefused() {
    ComplexityClassifier c = AdaptiveDepthPolicyTest.cornerClassifier();
    assertThatThrownBy(() -> c.probabilities(QueryFeatures.of("x", new float[] {1, 2, 3})))
        .hasMessageContaining("2-dimensional").hasMessageContaining("retrain");
  }

  @Test
  void aBrokenFileNamesItsLine() {
    String bad = "classes\tA\tB\nfeatures\t2\t" + String.join("\t", QueryFeatures.LEXICAL) + "\nmean\t1\tnot-a-number\n";
    assertThatThrownBy(() -> ComplexityClassifier.read(new StringReader(bad), "bad.tsv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.tsv")
        .hasMessageContaining("line 3");
  }

  @Test
  void trainingWithoutAClassIsRefused() {
    var ex = List.of(new ComplexityTrainer.Example("a", QueryFeatures.of("a", new float[] {1}), "A"));
    assertThatThrownBy(() -> new ComplexityTrainer().train(List.of("A", "B"), ex, Map.of())).hasMessageContaining("class B");
  }

  @Test
  void lexicalFeaturesReadTheCuesTheyName() {
    double[] arithmetic = QueryFeatures.lexical("What is 17 + 25?");
    double[] bridge = QueryFeatures.lexical("Which band released its first album earlier, Oasis or Blur?");
    int ar = QueryFeatures.LEXICAL.indexOf("arithmetic");
    int br = QueryFeatures.LEXICAL.indexOf("bridge_cue");
    int ent = QueryFeatures.LEXICAL.indexOf("log_entities");
    assertThat(arithmetic[ar]).isEqualTo(1);
    assertThat(bridge[ar]).isZero();
    assertThat(bridge[br]).isEqualTo(1);
    assertThat(bridge[ent]).isEqualTo(Math.log1p(2));
  }

  @Test
  void theBundledClassifierLoadsAndStatesWhereItCameFrom() {
    ComplexityClassifier c = ComplexityClassifier.bundled();
    assertThat(c.classes()).containsExactly(AdaptiveDepthPolicy.NO_RETRIEVAL, AdaptiveDepthPolicy.SINGLE_STEP, AdaptiveDepthPolicy.MULTI_STEP);
    assertThat(c.provenance()).containsKeys("trained-on", "split", "heldback-accuracy");
  }
}
