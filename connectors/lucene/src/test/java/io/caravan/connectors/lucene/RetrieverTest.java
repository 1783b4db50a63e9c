package io.caravan.connectors.lucene;

import io.caravan.testing.HashingEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.caravan.core.Candidate;
import io.caravan.core.Query;
import io.caravan.core.fusion.ScoreInterpolation;
import io.caravan.core.spi.Retriever;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetrieverTest {

  private final HashingEncoder encoder = new HashingEncoder(32);

  @TempDir Path dir;

  private List<Retriever> retrievers(LuceneIndex index) {
    return List.of(
        new Bm25Retriever(index),
        new VectorRetriever(index, encoder),
        HybridRetriever.bm25AndDense(index, encoder),
        HybridRetriever.bm25AndDense(index, encoder, new ScoreInterpolation(Map.of("bm25", 0.3, "dense", 0.7)), 20));
  }

  /**
   * 57 common chunks that match the query well and 3 rare ones that match it poorly: the rare ones
   * never make an unfiltered top 10, so only a filter applied inside the search can return them.
   */
  private LuceneIndex indexWithRareDocuments() {
    LuceneIndex index = LuceneIndex.open(dir, encoder.info());
    for (int i = 0; i < 60; i++) {
      boolean rare = i % 20 == 7;
      String text = rare ? "zebra " + filler(i) : "zebra stripes " + i;
      String id = "d" + i;
      index.upsert(id, "h", Chunks.of(encoder, id, "", Map.of("lang", rare ? "rare" : i % 2 == 0 ? "en" : "fr"), text));
    }
    index.refresh();
    return index;
  }

  private static String filler(int seed) {
    return IntStream.range(0, 30).mapToObj(j -> "filler" + (seed * 31 + j)).collect(Collectors.joining(" "));
  }

  @Test
  void filtersRunInsideTheSearch() {
    try (LuceneIndex index = indexWithRareDocuments()) {
      for (Retriever r : retrievers(index)) {
        Query plain = Query.of("zebra stripes", 10);
        assertThat(r.retrieve(plain)).as(r.name()).hasSize(10).noneMatch(c -> c.passage().metadata().get("lang").equals("rare"));

        Query rare = new Query("zebra stripes", 10, Map.of("lang", "rare"), List.of());
        assertThat(r.retrieve(rare))
            .as(r.name() + " with a filter matching 3 chunks")
            .extracting(Candidate::docId)
            .containsExactlyInAnyOrder("d7", "d27", "d47");

        Query french = new Query("zebra stripes", 10, Map.of("lang", "fr"), List.of());
        assertThat(r.retrieve(french))
            .as(r.name() + " with a filter matching 30 chunks")
            .hasSize(10)
            .allSatisfy(c -> assertThat(c.passage().metadata()).containsEntry("lang", "fr"));

        Query both = new Query("zebra", 10, Map.of("lang", "fr", "missing", "x"), List.of());
        assertThat(r.retrieve(both)).as(r.name() + " with an unsatisfiable filter").isEmpty();
      }
    }
  }

  @Test
  void oddQueryStringsNeverThrow() {
    String manyTerms = "zebra " + IntStream.range(0, 3000).mapToObj(i -> "term" + i).collect(Collectors.joining(" "));
    List<String> odd =
        List.of(
            "*", "?", "\"", "\"zebra", "title:(zebra AND \"stripes", "a AND OR NOT", "~~~^^^", "\\", "/regex[/",
            "[1 TO 5}", "zebra^", "-zebra +stripes", "&& || !", "🦓 zebra 🦓", "\u0000zebra\u0001", "the of and", "é ñ ß 中文",
            manyTerms);
    try (LuceneIndex index = indexWithRareDocuments()) {
      for (Retriever r : retrievers(index)) {
        for (String text : odd) {
          assertThatCode(() -> r.retrieve(new Query(text, 5, Map.of("lang", "en"), List.of())))
              .as(r.name() + " on " + text.substring(0, Math.min(40, text.length())))
              .doesNotThrowAnyException();
        }
      }
      Bm25Retriever bm25 = new Bm25Retriever(index);
      assertThat(bm25.retrieve(Query.of("the of and"))).as("only stop words").isEmpty();
      assertThat(bm25.retrieve(Query.of("title:(zebra AND \"stripes"))).isNotEmpty();
      assertThat(bm25.retrieve(Query.of(manyTerms))).as("terms beyond the clause limit are dropped, the first ones kept").isNotEmpty();
    }
  }

  @Test
  void emptyIndexReturnsNoCandidates() {
    try (LuceneIndex index = LuceneIndex.open(dir, encoder.info())) {
      for (Retriever r : retrievers(index)) {
        assertThat(r.retrieve(Query.of("anything at all"))).as(r.name()).isEmpty();
        assertThat(r.retrieve(new Query("anything", 3, Map.of("lang", "en"), List.of()))).as(r.name()).isEmpty();
      }
    }
  }

  @Test
  void stageNamesAndScoresPerStage() {
    try (LuceneIndex index = indexWithRareDocuments()) {
      List<Retriever> rs = retrievers(index);
      assertThat(rs).extracting(Retriever::name).containsExactly("bm25", "dense", "rrf", "interpolated");
      Candidate top = rs.get(2).retrieve(Query.of("zebra stripes 12", 3)).get(0);
      assertThat(top.docId()).isEqualTo("d12");
      assertThat(top.scores()).containsOnlyKeys("bm25", "dense", "rrf");
      assertThat(top.scores().get("rrf")).isCloseTo(2.0 / 61, offset(1e-12)); // first in both lists
      assertThat(top.scores().get("dense")).isBetween(-1.0, 1.0);
    }
  }

  @Test
  void repeatedQueryTermsWeighLikeAnserinisOneClausePerOccurrence() {
    try (LuceneIndex index = indexWithRareDocuments()) {
      Bm25Retriever bm25 = new Bm25Retriever(index);
      Candidate once = bm25.retrieve(Query.of("stripes", 1)).get(0);
      Candidate twice = bm25.retrieve(Query.of("stripes Stripes striped", 1)).get(0); // all stem to "stripe"
      assertThat(twice.chunkId()).isEqualTo(once.chunkId());
      assertThat(twice.score()).isCloseTo(3 * once.score(), offset(1e-5));
    }
  }

  @Test
  void equalScoresAreOrderedByChunkIdWhateverTheIndexingOrder() {
    try (LuceneIndex index = LuceneIndex.open(dir, encoder.info())) {
      for (String id : List.of("c", "a", "d", "b")) {
        index.upsert(id, "h", Chunks.of(encoder, id, "", Map.of(), "identical words"));
        index.refresh(); // one segment each, so index order differs from id order
      }
      for (Retriever r : retrievers(index)) {
        assertThat(r.retrieve(Query.of("identical words", 3))).as(r.name()).extracting(Candidate::chunkId).containsExactly("a#0", "b#0", "c#0");
      }
    }
  }

  @Test
  void bm25DefaultsAreAnserinis() {
    assertThat(Bm25Settings.ANSERINI).isEqualTo(new Bm25Settings(0.9f, 0.4f));
    try (LuceneIndex index = LuceneIndex.open(dir, encoder.info())) {
      assertThat(index.bm25()).isEqualTo(Bm25Settings.ANSERINI);
    }
    assertThatThrownBy(() -> new Bm25Settings(-1, 0.4f)).hasMessageContaining("k1");
    assertThatThrownBy(() -> new Bm25Settings(0.9f, 1.5f)).hasMessageContaining("b must be in [0, 1]");
  }

  @Test
  void otherBm25SettingsChangeScoresOfTheSameIndex() {
    indexWithRareDocuments().close();
    double anserini;
    try (LuceneIndex index = LuceneIndex.open(dir, encoder.info())) {
      anserini = new Bm25Retriever(index).retrieve(Query.of("zebra filler217", 1)).get(0).score();
    }
    try (LuceneIndex index = LuceneIndex.open(dir, encoder.info(), new Bm25Settings(1.2f, 0.75f))) {
      assertThat(new Bm25Retriever(index).retrieve(Query.of("zebra filler217", 1)).get(0).score()).isNotCloseTo(anserini, offset(1e-3));
    }
  }

  @Test
  void hybridRetrieverValidatesItsConfiguration() {
    try (LuceneIndex index = LuceneIndex.open(dir, encoder.info())) {
      Bm25Retriever bm25 = new Bm25Retriever(index);
      ScoreInterpolation fusion = new ScoreInterpolation(Map.of());
      assertThatThrownBy(() -> new HybridRetriever(List.of(bm25, bm25), fusion, 10)).hasMessageContaining("two retrievers are named bm25");
      assertThatThrownBy(() -> new HybridRetriever(List.of(), fusion, 10)).hasMessageContaining("at least one");
      assertThatThrownBy(() -> new HybridRetriever(List.of(bm25), fusion, 0)).hasMessageContaining("candidateDepth");
      assertThatThrownBy(() -> new VectorRetriever(index, encoder, 0)).hasMessageContaining("numCandidates");
    }
  }
}
