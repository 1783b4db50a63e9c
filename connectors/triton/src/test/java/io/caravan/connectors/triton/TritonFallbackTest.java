package io.caravan.connectors.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.connectors.lucene.HybridRetriever;
import io.caravan.connectors.lucene.LuceneIndex;
import io.caravan.connectors.lucene.rerank.FallbackScorer;
import io.caravan.connectors.lucene.rerank.FusionFeatures;
import io.caravan.connectors.lucene.rerank.FusionWeights;
import io.caravan.connectors.lucene.rerank.LearnedFusionReranker;
import io.caravan.connectors.onnx.EncoderVariant;
import io.caravan.connectors.onnx.InProcessEncoder;
import io.caravan.core.Candidate;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.core.document.EncodedChunk;
import io.caravan.core.spi.FallbackEncoder;
import io.caravan.core.step.RerankStep;
import io.caravan.core.step.StepRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fallback decorators around real Triton clients of a server that is not there (nothing listens
 * on port 1), so these run without Triton: the in-process twin serves, every fallback is counted,
 * and reranked candidates carry the fallback mark into the trace.
 */
class TritonFallbackTest {

  private static final InProcessEncoder IN_PROCESS = new InProcessEncoder(EncoderVariant.FP32);
  private static final String NOWHERE = "127.0.0.1:1";
  private static final TritonOptions FAST = TritonOptions.defaults(NOWHERE).withRetries(1, Duration.ofMillis(1));

  @Test
  void anUnreachableEncoderFallsBackToTheInProcessVectorsAndCountsEachCall() {
    try (TritonClient client = new TritonClient(NOWHERE); TritonEncoder remote = TritonEncoder.miniLm(client, TritonEncoder.MINILM_MODEL, FAST)) {
      FallbackEncoder encoder = new FallbackEncoder(remote, IN_PROCESS, remote.fallback());
      assertThat(encoder.info()).isEqualTo(IN_PROCESS.info());

      String q = "Where was silk first produced?";
      assertThat(encoder.encodeQuery(q)).containsExactly(IN_PROCESS.encodeQuery(q));
      List<String> texts = List.of("Bactrian camels store fat in their humps.", "Silk came from China.", "Pepper grew on the Malabar coast.");
      List<float[]> vectors = encoder.encodeAll(texts);
      List<float[]> expected = IN_PROCESS.encodeAll(texts);
      for (int i = 0; i < texts.size(); i++) {
        assertThat(vectors.get(i)).containsExactly(expected.get(i));
      }
      assertThat(encoder.fallbacks()).isEqualTo(2);
      assertThat(remote.metrics().fallbacks()).as("items the in-process encoder served").isEqualTo(4);

      assertThatThrownBy(() -> encoder.encodeQuery(" ")).isInstanceOf(IllegalArgumentException.class).hasMessage("query text must not be null or blank");
      assertThat(encoder.fallbacks()).as("bad input is the caller's error, not the server's").isEqualTo(2);
    }
  }

  @Test
  void withoutTheDecoratorTheCallerGetsTheTritonError() {
    try (TritonClient client = new TritonClient(NOWHERE); TritonEncoder remote = TritonEncoder.miniLm(client, TritonEncoder.MINILM_MODEL, FAST)) {
      assertThatThrownBy(() -> remote.encodeQuery("Where was silk first produced?"))
          .isInstanceOf(TritonException.class)
          .hasMessageContaining(NOWHERE);
      assertThat(remote.metrics().fallbacks()).isZero();
    }
  }

  @Test
  void anEncoderOfOtherVectorsIsRefusedAsFallback() {
    try (TritonClient client = new TritonClient(NOWHERE); TritonEncoder remote = TritonEncoder.miniLm(client, TritonEncoder.MINILM_MODEL, FAST)) {
      InProcessEncoder int8 = new InProcessEncoder(EncoderVariant.INT8);
      assertThatThrownBy(() -> new FallbackEncoder(remote, int8, remote.fallback()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("fallback encoder " + int8.info() + " does not produce the vectors of " + remote.info());
    }
  }

  @Test
  void anUnreachableScorerFallsBackToTheInProcessWeightsAndMarksEveryCandidateInTheTrace(@TempDir Path dir) {
    try (TritonClient client = new TritonClient(NOWHERE); LuceneIndex index = index(dir, SampleCorpus.passages().subList(0, 40))) {
      FusionFeatures features = new FusionFeatures(index, IN_PROCESS);
      LearnedFusionReranker local = new LearnedFusionReranker(features, FusionWeights.bundled());
      TritonFusionScorer scorer = new TritonFusionScorer(new GuardedModel(client, TritonFusionScorer.MODEL, FAST));
      LearnedFusionReranker lenient =
          new LearnedFusionReranker(features, new FallbackScorer(scorer, FusionWeights.bundled(), scorer.fallback(), TritonFusionScorer.FALLBACK_MARK));

      Query query = Query.of(SampleCorpus.questions().get(0), 5);
      List<Candidate> candidates = HybridRetriever.bm25AndDense(index, IN_PROCESS).retrieve(query.withK(20));
      RagState done = StepRunner.run(new RerankStep(lenient), RagState.start(query).withCandidates(candidates));

      List<Candidate> expected = local.rerank(query, candidates, 5);
      assertThat(done.candidates()).hasSameSizeAs(expected);
      for (int i = 0; i < expected.size(); i++) {
        Map<String, Double> marked = new LinkedHashMap<>(expected.get(i).scores());
        marked.put(TritonFusionScorer.FALLBACK_MARK, 1.0);
        assertThat(done.candidates().get(i)).isEqualTo(new Candidate(expected.get(i).passage(), expected.get(i).score(), marked));
      }
      TraceEvent rerank = done.trace().events().get(0);
      assertThat(rerank.step()).isEqualTo("rerank");
      assertThat(rerank.candidates()).hasSize(5).allSatisfy(r -> assertThat(r.scores()).containsEntry(TritonFusionScorer.FALLBACK_MARK, 1.0));
      assertThat(scorer.metrics().fallbacks()).isEqualTo(candidates.size());

      assertThatThrownBy(() -> new LearnedFusionReranker(features, scorer).rerank(query, candidates, 5))
          .as("without the decorator")
          .isInstanceOf(TritonException.class);
    }
  }

  private static LuceneIndex index(Path path, List<Passage> passages) {
    LuceneIndex index = LuceneIndex.open(path, IN_PROCESS.info());
    Map<String, List<Passage>> byDoc = new LinkedHashMap<>();
    passages.forEach(p -> byDoc.computeIfAbsent(p.docId(), k -> new ArrayList<>()).add(p));
    for (Map.Entry<String, List<Passage>> e : byDoc.entrySet()) {
      List<float[]> vectors = IN_PROCESS.encodeAll(e.getValue().stream().map(Passage::text).toList());
      List<EncodedChunk> chunks = new ArrayList<>();
      for (int i = 0; i < vectors.size(); i++) {
        chunks.add(new EncodedChunk(e.getValue().get(i), vectors.get(i)));
      }
      index.upsert(e.getKey(), e.getKey(), chunks);
    }
    index.refresh();
    return index;
  }
}
