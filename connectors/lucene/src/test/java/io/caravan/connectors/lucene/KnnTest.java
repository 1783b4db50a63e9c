package io.caravan.connectors.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.caravan.core.Passage;
import io.caravan.core.Vectors;
import io.caravan.core.document.EncodedChunk;
import io.caravan.core.spi.EncoderInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LuceneIndex#knn}, the one kNN search of the index, against cosine similarity computed here. */
class KnnTest {

  private static final int DIMENSION = 8;

  @TempDir Path dir;

  private final Random random = new Random(11);
  private final Map<String, float[]> stored = new LinkedHashMap<>();

  private float[] gaussian() {
    float[] v = new float[DIMENSION];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  private LuceneIndex index() {
    LuceneIndex index = LuceneIndex.open(dir, new EncoderInfo("gaussian", DIMENSION));
    for (int d = 0; d < 40; d++) {
      List<EncodedChunk> chunks = new ArrayList<>();
      for (int c = 0; c < 2; c++) {
        String id = "d" + d + "#" + c;
        float[] v = gaussian();
        stored.put(id, Vectors.normalize(v, n -> new IllegalStateException("norm " + n)));
        chunks.add(new EncodedChunk(new Passage(id, "d" + d, "", "text " + id, 0, 5, Map.of("half", d < 20 ? "first" : "second")), v));
      }
      index.upsert("d" + d, "h", chunks);
    }
    index.refresh();
    return index;
  }

  private double cosine(float[] unitQuery, String chunkId) {
    float[] v = stored.get(chunkId);
    double dot = 0;
    for (int i = 0; i < v.length; i++) {
      dot += (double) unitQuery[i] * v[i];
    }
    return dot;
  }

  @Test
  void theNearestChunksComeBestFirstScoredByCosine() {
    try (LuceneIndex index = index()) {
      for (int q = 0; q < 20; q++) {
        float[] query = Vectors.normalize(gaussian(), n -> new IllegalStateException("norm " + n));
        List<IndexHit> hits = index.knn(query, 7, 100, null);
        List<String> expected = stored.keySet().stream().sorted(Comparator.comparingDouble((String id) -> -cosine(query, id))).limit(7).toList();
        assertThat(hits).extracting(h -> h.passage().chunkId()).isEqualTo(expected);
        for (IndexHit h : hits) {
          assertThat(h.score()).isCloseTo(cosine(query, h.passage().chunkId()), offset(1e-6));
        }
      }
    }
  }

  @Test
  void aFilterRestrictsTheSearchAndStillYieldsKHits() {
    try (LuceneIndex index = index()) {
      float[] query = Vectors.normalize(gaussian(), n -> new IllegalStateException("norm " + n));
      TermQuery second = new TermQuery(new Term(IndexFields.metadata("half"), "second"));
      List<String> expected = stored.keySet().stream()
          .filter(id -> Integer.parseInt(id.substring(1, id.indexOf('#'))) >= 20)
          .sorted(Comparator.comparingDouble((String id) -> -cosine(query, id)))
          .toList();
      List<IndexHit> hits = index.knn(query, 10, 100, second);
      assertThat(hits).hasSize(10).allSatisfy(h -> assertThat(h.passage().metadata()).containsEntry("half", "second"));
      assertThat(hits).extracting(h -> h.passage().chunkId()).isEqualTo(expected.subList(0, 10));
      // no more matches than k: Lucene searches them exhaustively, so every one comes back, in order
      assertThat(index.knn(query, 40, second)).extracting(h -> h.passage().chunkId()).isEqualTo(expected);
    }
  }

  @Test
  void kMustBePositive() {
    try (LuceneIndex index = index()) {
      assertThatThrownBy(() -> index.knn(new float[DIMENSION], 0, 10, null)).hasMessage("k must be positive, was 0");
    }
  }
}
