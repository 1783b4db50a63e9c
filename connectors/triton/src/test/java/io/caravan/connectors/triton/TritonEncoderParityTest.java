package io.caravan.connectors.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.caravan.connectors.lucene.HybridRetriever;
import io.caravan.connectors.lucene.LuceneIndex;
import io.caravan.connectors.lucene.VectorRetriever;
import io.caravan.connectors.lucene.rerank.FallbackScorer;
import io.caravan.connectors.lucene.rerank.FusionFeatures;
import io.caravan.connectors.lucene.rerank.FusionWeights;
import io.caravan.connectors.lucene.rerank.LearnedFusionReranker;
import io.caravan.connectors.onnx.EncoderVariant;
import io.caravan.connectors.onnx.InProcessEncoder;
import io.caravan.core.Candidate;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.core.document.EncodedChunk;
import io.caravan.core.spi.Encoder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real Triton server: the Triton encoder (client-side tokenisation, ONNX on the server)
 * gives the in-process encoder's vectors, dense retrieval over the sample corpus is the same, and the
 * fusion reranker scored on Triton ranks as the in-process one.
 */
class TritonEncoderParityTest {

  private static TritonServerProcess server;
  private static TritonClient client;
  private static TritonEncoder triton;
  private static final InProcessEncoder IN_PROCESS = new InProcessEncoder(EncoderVariant.FP32);
  @TempDir static Path indexes;
  /** The sample corpus indexed with the in-process encoder, shared by the tests (read only). */
  private static LuceneIndex inProcessIndex;

  @BeforeAll
  static void start() {
    inProcessIndex = index(indexes.resolve("in-process"), IN_PROCESS, SampleCorpus.passages());
    server = TritonServerProcess.startOrSkip();
    client = new TritonClient(server.grpcTarget());
    triton = TritonEncoder.miniLm(client, TritonEncoder.MINILM_MODEL, TritonOptions.defaults(server.grpcTarget()));
    triton.start();
  }

  @AfterAll
  static void stop() {
    if (inProcessIndex != null) {
      inProcessIndex.close();
    }
    if (triton != null) {
      triton.close();
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void reportsTheInProcessEncodersIdentitySoIndexesWorkWithEither() {
    assertThat(triton.info()).isEqualTo(IN_PROCESS.info());
  }

  @Test
  void everySampleTextQuestionAndALongTextGetsTheInProcessVector() {
    List<String> texts = new ArrayList<>();
    SampleCorpus.passages().forEach(p -> texts.add(p.text()));
    texts.addAll(SampleCorpus.questions());
    // longer than the model takes: cut by the tokenizer file on both sides
    texts.add(String.join(" ", texts.subList(0, 12)));
    texts.add("Ünïcödé, emoji 🐪 and punctuation!?");

    List<float[]> expected = IN_PROCESS.encodeAll(texts);
    List<float[]> actual = triton.encodeAll(texts);

    double worst = 1;
    for (int i = 0; i < texts.size(); i++) {
      double cos = dot(expected.get(i), actual.get(i));
      worst = Math.min(worst, cos);
      assertThat(cos).as("cosine for text %d: %s", i, texts.get(i)).isGreaterThan(0.999);
    }
    System.out.printf("parity over %d texts: worst cosine %.7f%n", texts.size(), worst);
    assertThat(triton.metrics().calls()).isPositive();
  }

  @Test
  void denseRetrievalOverTheSampleCorpusIsTheSame(@TempDir Path dir) {
    List<Passage> passages = SampleCorpus.passages();
    try (LuceneIndex b = index(dir.resolve("triton"), triton, passages)) {
      VectorRetriever ra = new VectorRetriever(inProcessIndex, IN_PROCESS);
      VectorRetriever rb = new VectorRetriever(b, triton);
      for (String q : SampleCorpus.questions()) {
        List<String> ia = ids(ra.retrieve(Query.of(q, 10)));
        List<String> ib = ids(rb.retrieve(Query.of(q, 10)));
        assertThat(ib).as("top 10 for '%s'", q).hasSize(10).isEqualTo(ia);
      }
    }
  }

  @Test
  void theFusionRerankerOnTritonRanksAsTheInProcessOne() {
    LuceneIndex index = inProcessIndex;
    {
      FusionFeatures features = new FusionFeatures(index, IN_PROCESS);
      LearnedFusionReranker local = new LearnedFusionReranker(features, FusionWeights.bundled());
      TritonFusionScorer scorer = new TritonFusionScorer(new GuardedModel(client, TritonFusionScorer.MODEL, TritonOptions.defaults(server.grpcTarget())));
      scorer.start();
      LearnedFusionReranker remote = new LearnedFusionReranker(features, scorer);
      HybridRetriever first = HybridRetriever.bm25AndDense(index, IN_PROCESS);
      for (String q : SampleCorpus.questions()) {
        Query query = Query.of(q, 10);
        List<Candidate> candidates = first.retrieve(query.withK(30));
        List<Candidate> a = local.rerank(query, candidates, 10);
        List<Candidate> b = remote.rerank(query, candidates, 10);
        assertThat(ids(b)).as("reranked top 10 for '%s'", q).isEqualTo(ids(a));
        for (int i = 0; i < a.size(); i++) {
          assertThat(b.get(i).score()).isCloseTo(a.get(i).score(), within(1e-4));
        }
      }
      assertThat(scorer.metrics().calls()).isEqualTo(SampleCorpus.questions().size());
    }
  }

  @Test
  void whenTritonIsUnreachableTheRerankerFallsBackAndMarksTheCandidates() {
    LuceneIndex index = inProcessIndex;
    try (TritonClient dead = new TritonClient("127.0.0.1:1")) {
      FusionFeatures features = new FusionFeatures(index, IN_PROCESS);
      LearnedFusionReranker local = new LearnedFusionReranker(features, FusionWeights.bundled());
      TritonOptions fast = TritonOptions.defaults("127.0.0.1:1").withRetries(1, Duration.ofMillis(1));
      TritonFusionScorer scorer = new TritonFusionScorer(new GuardedModel(dead, TritonFusionScorer.MODEL, fast));
      LearnedFusionReranker remote =
          new LearnedFusionReranker(features, new FallbackScorer(scorer, FusionWeights.bundled(), scorer.fallback(), TritonFusionScorer.FALLBACK_MARK));
      Query query = Query.of(SampleCorpus.questions().get(0), 5);
      List<Candidate> candidates = HybridRetriever.bm25AndDense(index, IN_PROCESS).retrieve(query.withK(20));
      List<Candidate> out = remote.rerank(query, candidates, 5);
      assertThat(ids(out)).isEqualTo(ids(local.rerank(query, candidates, 5)));
      assertThat(out).allSatisfy(c -> assertThat(c.scores()).containsEntry(TritonFusionScorer.FALLBACK_MARK, 1.0));
      assertThat(scorer.metrics().fallbacks()).isEqualTo(candidates.size());
    }
  }

  private static LuceneIndex index(Path path, Encoder encoder, List<Passage> passages) {
    LuceneIndex index = LuceneIndex.open(path, encoder.info());
    Map<String, List<Passage>> byDoc = new LinkedHashMap<>();
    passages.forEach(p -> byDoc.computeIfAbsent(p.docId(), k -> new ArrayList<>()).add(p));
    for (Map.Entry<String, List<Passage>> e : byDoc.entrySet()) {
      List<float[]> vectors = encoder.encodeAll(e.getValue().stream().map(Passage::text).toList());
      List<EncodedChunk> chunks = new ArrayList<>();
      for (int i = 0; i < vectors.size(); i++) {
        chunks.add(new EncodedChunk(e.getValue().get(i), vectors.get(i)));
      }
      index.upsert(e.getKey(), e.getKey(), chunks);
    }
    index.commit();
    index.refresh();
    return index;
  }

  private static List<String> ids(List<Candidate> cs) {
    return cs.stream().map(Candidate::chunkId).toList();
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }
}
