package io.caravan.connectors.lucene;

import io.caravan.testing.HashingEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.caravan.connectors.lucene.prf.FeedbackRetrieveStep;
import io.caravan.connectors.lucene.prf.Rm3Expansion;
import io.caravan.connectors.lucene.prf.RocchioFeedback;
import io.caravan.core.Candidate;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.fusion.ReciprocalRankFusion;
import io.caravan.core.step.StepRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RM3, Rocchio and the feedback retrieval step on a real Lucene index (hashing encoder for vectors). */
class FeedbackRetrievalTest {

  private final HashingEncoder encoder = new HashingEncoder(32);

  @TempDir Path dir;

  private LuceneIndex camels() {
    LuceneIndex index = LuceneIndex.open(dir, encoder.info());
    index.upsert("d1", "h", Chunks.of(encoder, "d1", "", Map.of(), "camel hump fat reserve"));
    index.upsert("d2", "h", Chunks.of(encoder, "d2", "", Map.of(), "camel hump water"));
    index.upsert("d3", "h", Chunks.of(encoder, "d3", "", Map.of(), "dromedary hump fat reserve"));
    index.upsert("d4", "h", Chunks.of(encoder, "d4", "", Map.of(), "silk mulberry worm"));
    index.refresh();
    return index;
  }

  private static Candidate fed(String id, String text, double score) {
    return Candidate.of(new Passage(id + "#0", id, "", text, 0, text.length(), Map.of()), "bm25", score);
  }

  @Test
  void rm3WeightsAreTheScoreWeightedRelevanceModelMixedWithTheQuery() {
    try (LuceneIndex index = camels()) {
      // doc vectors (L1): {camel 1/3, hump 1/3, fat 1/3} x2 and {camel 1/2, desert 1/2} x1; sum 3
      List<Candidate> feedback = List.of(fed("a", "camel hump fat", 2), fed("b", "camel desert", 1));
      Map<String, Double> all = new Rm3Expansion(index, 10, 10, 0.5, 1.0).expand("camel", feedback);
      assertThat(all.keySet()).containsExactly("camel", "fat", "hump", "desert");
      assertThat(all.get("camel")).isCloseTo(0.5 + 0.5 * 7 / 18.0, within(1e-12));
      assertThat(all.get("fat")).isCloseTo(0.5 * 2 / 9.0, within(1e-12));
      assertThat(all.get("desert")).isCloseTo(0.5 / 6.0, within(1e-12));
      assertThat(all.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-12));
      // three feedback terms: desert (lightest) goes, the rest is renormalised: camel 7/15, fat and hump 4/15
      Map<String, Double> three = new Rm3Expansion(index, 10, 3, 0.5, 1.0).expand("camel", feedback);
      assertThat(three).containsOnlyKeys("camel", "fat", "hump");
      assertThat(three.get("hump")).isCloseTo(0.5 * 4 / 15.0, within(1e-12));
      // one feedback document: only the best passage counts
      assertThat(new Rm3Expansion(index, 1, 10, 0.5, 1.0).expand("camel", feedback)).doesNotContainKey("desert");
    }
  }

  @Test
  void rm3DropsTermsThatAreInTooManyChunksAndQueriesWithoutTerms() {
    try (LuceneIndex index = camels()) {
      List<Candidate> feedback = List.of(fed("d1", "camel hump fat reserve", 1));
      // hump is in 3 of 4 chunks: above a 0.5 ratio
      assertThat(new Rm3Expansion(index, 10, 10, 0.5, 0.5).expand("camel", feedback)).doesNotContainKey("hump").containsKey("fat");
      assertThat(Rm3Expansion.anseriniDefaults(index).expand("the of and", feedback)).isEmpty();
      assertThatThrownBy(() -> new Rm3Expansion(index, 0, 10, 0.5, 1)).hasMessageContaining("fbDocs");
      assertThatThrownBy(() -> new Rm3Expansion(index, 10, 10, 1.5, 1)).hasMessageContaining("originalWeight");
    }
  }

  @Test
  void feedbackFindsADocumentThatSharesNoWordWithTheQuery() {
    try (LuceneIndex index = camels()) {
      RagState first = RagState.start(Query.of("camel", 10)).withCandidates(new Bm25Retriever(index).retrieve(Query.of("camel", 10)));
      assertThat(first.candidates()).extracting(Candidate::docId).containsExactlyInAnyOrder("d1", "d2");
      FeedbackRetrieveStep step =
          new FeedbackRetrieveStep(index, Optional.of(Rm3Expansion.anseriniDefaults(index)), Optional.empty(), null, new ReciprocalRankFusion(), 10);
      RagState done = StepRunner.run(step, first);
      assertThat(done.candidates()).extracting(Candidate::docId).contains("d3").doesNotContain("d4");
      assertThat(done.candidates().get(0).scores()).containsKey(FeedbackRetrieveStep.SPARSE);
      assertThat(done.trace().events().get(0).inputs()).containsKey("rm3.terms").containsEntry("lists", List.of(FeedbackRetrieveStep.SPARSE));
      assertThat(done.retrievalCalls()).isEqualTo(1);
    }
  }

  @Test
  void rocchioMovesTheQueryTowardsTheStoredFeedbackVectors() {
    try (LuceneIndex index = camels()) {
      float[] q = encoder.encodeQuery("camel");
      List<Candidate> feedback = List.of(fed("d1", "", 1), fed("d3", "", 1), fed("gone", "", 1));
      float[] got = new RocchioFeedback(index, 10, 1.0, 0.5).expand(q, feedback, io.caravan.core.Access.UNRESTRICTED);
      float[] d1 = encoder.encodeAll(List.of("camel hump fat reserve")).get(0);
      float[] d3 = encoder.encodeAll(List.of("dromedary hump fat reserve")).get(0);
      double[] want = new double[q.length];
      double norm = 0;
      for (int i = 0; i < q.length; i++) {
        want[i] = q[i] + 0.5 * (d1[i] + d3[i]) / 2; // "gone" is not in the index: two vectors averaged
        norm += want[i] * want[i];
      }
      for (int i = 0; i < q.length; i++) {
        assertThat((double) got[i]).isCloseTo(want[i] / Math.sqrt(norm), within(1e-5));
      }
      assertThat(new RocchioFeedback(index, 10, 1.0, 0.5).expand(q, List.of(), io.caravan.core.Access.UNRESTRICTED)).containsExactly(q);
      assertThatThrownBy(() -> new RocchioFeedback(index, 10, 0, 0)).hasMessageContaining("alpha and beta");
    }
  }

  @Test
  void bothFeedbackListsAreFusedAndAnEmptyFirstListPassesThrough() {
    try (LuceneIndex index = camels()) {
      FeedbackRetrieveStep step =
          new FeedbackRetrieveStep(
              index, Optional.of(Rm3Expansion.anseriniDefaults(index)), Optional.of(new RocchioFeedback(index, 10, 1, 0.5)), encoder, new ReciprocalRankFusion(), 10);
      RagState first = RagState.start(Query.of("camel", 10)).withCandidates(new Bm25Retriever(index).retrieve(Query.of("camel", 10)));
      RagState done = StepRunner.run(step, first);
      assertThat(done.trace().events().get(0).inputs()).containsEntry("lists", List.of(FeedbackRetrieveStep.SPARSE, FeedbackRetrieveStep.DENSE));
      assertThat(done.candidates().get(0).scores()).containsKey("rrf");
      // sparse and dense feedback together are one feedback retrieval, as a hybrid retrieval is one
      assertThat(done.retrievalCalls()).isEqualTo(1);
      RagState empty = StepRunner.run(step, RagState.start(Query.of("camel", 10)));
      assertThat(empty.candidates()).isEmpty();
      assertThat(empty.retrievalCalls()).as("nothing to feed back: no search").isZero();
      assertThat(empty.trace().events().get(0).inputs().get("note").toString()).contains("no first-stage candidates");
      assertThatThrownBy(() -> new FeedbackRetrieveStep(index, Optional.empty(), Optional.empty(), null, new ReciprocalRankFusion(), 10))
          .hasMessageContaining("RM3, Rocchio or both");
    }
  }

  @Test
  void documentFrequenciesScaleIdfToOneForRareWordsAndZeroForStopWords() {
    try (LuceneIndex index = camels()) {
      DocumentFrequencies df = new DocumentFrequencies(index);
      assertThat(df.specificity("the")).isZero();
      assertThat(df.specificity("zebra")).isEqualTo(1.0);
      assertThat(df.specificity("silk")).isGreaterThan(df.specificity("hump")).isLessThan(1.0);
      assertThat(df.specificity("Camels")).as("analysed like the index: stemmed, lower-cased").isEqualTo(df.specificity("camel"));
    }
  }
}
