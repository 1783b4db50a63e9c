package io.caravan.connectors.triton;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.connectors.lucene.LuceneIndex;
import io.caravan.connectors.lucene.VectorRetriever;
import io.caravan.connectors.onnx.EncoderVariant;
import io.caravan.connectors.onnx.InProcessEncoder;
import io.caravan.core.Candidate;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.core.document.EncodedChunk;
import io.caravan.core.spi.Encoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real Triton server: the Triton encoder (client-side tokenisation, ONNX on the server)
 * gives the in-process encoder's vectors, and dense retrieval over the sample corpus is the same.
 */
class TritonEncoderParityTest {

  private static TritonServerProcess server;
  private static TritonClient client;
  private static TritonEncoder triton;
  private static final InProcessEncoder IN_PROCESS = new InProcessEncoder(EncoderVariant.FP32);

  @BeforeAll
  static void start() {
    server = TritonServerProcess.startOrSkip();
    client = new TritonClient(server.grpcTarget());
    triton = TritonEncoder.miniLm(client, TritonEncoder.MINILM_MODEL, TritonOptions.defaults(server.grpcTarget()), Optional.empty());
    triton.start();
  }

  @AfterAll
  static void stop() {
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
    // over 510 word pieces: split into pieces and averaged, on both sides
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
    try (LuceneIndex a = index(dir.resolve("in-process"), IN_PROCESS, passages);
        LuceneIndex b = index(dir.resolve("triton"), triton, passages)) {
      VectorRetriever ra = new VectorRetriever(a, IN_PROCESS);
      VectorRetriever rb = new VectorRetriever(b, triton);
      for (String q : SampleCorpus.questions()) {
        List<String> ia = ids(ra.retrieve(Query.of(q, 10)));
        List<String> ib = ids(rb.retrieve(Query.of(q, 10)));
        assertThat(ib).as("top 10 for '%s'", q).hasSize(10).isEqualTo(ia);
      }
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
