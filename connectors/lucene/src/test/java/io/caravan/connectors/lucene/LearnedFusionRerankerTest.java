package io.caravan.connectors.lucene;

import io.caravan.testing.HashingEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.caravan.connectors.lucene.rerank.FusionFeatures;
import io.caravan.connectors.lucene.rerank.FusionWeights;
import io.caravan.connectors.lucene.rerank.LearnedFusionReranker;
import io.caravan.core.Candidate;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reranker's features are checked against what the index's own retrievers and a brute-force
 * cosine give; the reranker against hand-written weights whose effect is known; the weights file
 * against good and bad files. Lives beside the index tests to share their deterministic encoder.
 */
class LearnedFusionRerankerTest {

  private static final int TITLE_COVERAGE = FusionFeatures.NAMES.indexOf("title_coverage");
  private static final int COSINE = FusionFeatures.NAMES.indexOf("cosine");

  private final HashingEncoder encoder = new HashingEncoder(64);

  @TempDir Path dir;

  private LuceneIndex smallIndex() {
    LuceneIndex index = LuceneIndex.open(dir.resolve("index"), encoder.info());
    index.upsert("a", "h", Chunks.of(encoder, "a", "Zebra stripes", Map.of(), "stripes keep zebras cool in the savanna heat"));
    index.upsert("b", "h", Chunks.of(encoder, "b", "Horses", Map.of(), "zebra stripes are studied by biologists", "horses have no stripes"));
    index.upsert("c", "h", Chunks.of(encoder, "c", "Lions", Map.of(), "lions hunt at night on the savanna"));
    for (int i = 0; i < 20; i++) {
      index.upsert("f" + i, "h", Chunks.of(encoder, "f" + i, "Filler " + i, Map.of(), "unrelated words number " + i));
    }
    index.refresh();
    return index;
  }

  private static Candidate candidate(String chunkId, String docId, String title, double score) {
    return Candidate.of(new Passage(chunkId, docId, title, "ignored by the features", 0, 0, Map.of()), "rrf", score);
  }

  @Test
  void featuresAreExactBm25AndCosineForEveryCandidate() {
    try (LuceneIndex index = smallIndex()) {
      String q = "zebra stripes savanna";
      Map<String, Double> bm25 = new HashMap<>();
      new Bm25Retriever(index).retrieve(Query.of(q, 100)).forEach(c -> bm25.put(c.chunkId(), c.score()));
      // c#0 matches only "savanna"; f3#0 matches nothing lexically, so its BM25 is 0
      List<Candidate> cands =
          List.of(candidate("c#0", "c", "Lions", 0.5), candidate("a#0", "a", "Zebra stripes", 0.4),
              candidate("f3#0", "f3", "Filler 3", 0.3), candidate("b#0", "b", "Horses", 0.2));
      List<double[]> rows = new FusionFeatures(index, encoder).extract(Query.of(q), cands);

      assertThat(rows).hasSize(4).allMatch(r -> r.length == FusionFeatures.NAMES.size());
      double max = cands.stream().mapToDouble(c -> bm25.getOrDefault(c.chunkId(), 0.0)).max().orElseThrow();
      float[] qv = encoder.encodeQuery(q);
      Map<String, String> bodies = Map.of(
          "c#0", IndexFields.body("Lions", "lions hunt at night on the savanna"),
          "a#0", IndexFields.body("Zebra stripes", "stripes keep zebras cool in the savanna heat"),
          "f3#0", IndexFields.body("Filler 3", "unrelated words number 3"),
          "b#0", IndexFields.body("Horses", "zebra stripes are studied by biologists"));
      for (int i = 0; i < cands.size(); i++) {
        String id = cands.get(i).chunkId();
        double s = bm25.getOrDefault(id, 0.0);
        assertThat(rows.get(i)[0]).as("bm25_rel of " + id).isCloseTo(s / max, offset(1e-6));
        assertThat(rows.get(i)[1]).as("bm25_log of " + id).isCloseTo(Math.log1p(s), offset(1e-6));
        float[] dv = encoder.encodeAll(List.of(bodies.get(id))).get(0);
        double dot = 0;
        for (int j = 0; j < dv.length; j++) {
          dot += qv[j] * dv[j];
        }
        assertThat(rows.get(i)[COSINE]).as("cosine of " + id).isCloseTo(dot, offset(1e-5));
        assertThat(rows.get(i)[FusionFeatures.NAMES.indexOf("input_rank_log")]).isCloseTo(Math.log(i + 1.0), offset(1e-12));
      }
      assertThat(rows.get(2)[0]).isZero(); // no query term in the filler chunk
      int body = FusionFeatures.NAMES.indexOf("body_coverage");
      assertThat(rows.get(1)[body]).isCloseTo(1.0, offset(1e-9)); // a#0 has all three stemmed terms
      assertThat(rows.get(2)[body]).isZero();
      assertThat(rows.get(0)[body]).isBetween(0.0, 1.0).isNotZero(); // savanna only
      assertThat(rows.get(1)[TITLE_COVERAGE]).isGreaterThan(rows.get(3)[TITLE_COVERAGE]);
      assertThat(rows.get(3)[TITLE_COVERAGE]).isZero();
    }
  }

  @Test
  void rerankerOrdersByTheLinearScoreAddsItsStageAndCutsAtK() {
    try (LuceneIndex index = smallIndex()) {
      double[] w = new double[FusionFeatures.NAMES.size()];
      w[TITLE_COVERAGE] = 1; // only the title counts
      FusionWeights titleOnly = weights(w);
      LearnedFusionReranker reranker = new LearnedFusionReranker(new FusionFeatures(index, encoder), titleOnly);
      List<Candidate> cands =
          List.of(candidate("c#0", "c", "Lions", 0.5), candidate("b#1", "b", "Horses", 0.4), candidate("a#0", "a", "Zebra stripes", 0.3));

      List<Candidate> out = reranker.rerank(Query.of("zebra stripes"), cands, 2);

      assertThat(out).hasSize(2);
      assertThat(out.get(0).chunkId()).isEqualTo("a#0");
      assertThat(out.get(0).scores()).containsKeys("rrf", LearnedFusionReranker.NAME);
      assertThat(out.get(0).score()).isEqualTo(out.get(0).scores().get(LearnedFusionReranker.NAME));
      assertThat(out.get(1).score()).isLessThan(out.get(0).score());
      // the order does not depend on the input order
      List<Candidate> shuffled = new ArrayList<>(cands);
      Collections.reverse(shuffled);
      w[TITLE_COVERAGE] = 0;
      w[COSINE] = 1; // input_rank_log has weight 0, so cosine alone decides
      LearnedFusionReranker byCosine = new LearnedFusionReranker(new FusionFeatures(index, encoder), weights(w));
      assertThat(byCosine.rerank(Query.of("zebra stripes"), cands, 3)).extracting(Candidate::chunkId)
          .containsExactlyElementsOf(byCosine.rerank(Query.of("zebra stripes"), shuffled, 3).stream().map(Candidate::chunkId).toList());
      assertThat(reranker.rerank(Query.of("zebra"), List.of(), 5)).isEmpty();
      assertThatThrownBy(() -> reranker.rerank(Query.of("zebra"), cands, 0)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void featuresRefuseAnotherEncoder() {
    try (LuceneIndex index = smallIndex()) {
      assertThatThrownBy(() -> new FusionFeatures(index, new HashingEncoder(32)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the one the index was built with");
    }
  }

  @Test
  void weightsRoundTripAndTheBundledFileLoads() {
    double[] w = new double[FusionFeatures.NAMES.size()];
    w[COSINE] = 2.5;
    FusionWeights written = weights(w);
    Path file = dir.resolve("w.json");
    written.write(file);
    assertThat(FusionWeights.load(file)).isEqualTo(written);

    FusionWeights bundled = FusionWeights.bundled();
    assertThat(bundled.features()).isEqualTo(FusionFeatures.NAMES);
    assertThat(bundled.provenance()).containsKeys("data", "date", "command");
  }

  @Test
  void badWeightsFilesFailClearlyNamingTheFile() throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{ not json");
    assertThatThrownBy(() -> FusionWeights.load(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("not valid JSON");

    Files.writeString(file, "{\"features\":[\"bm25\"],\"mean\":[0],\"scale\":[1],\"weights\":[1],\"bias\":0}");
    assertThatThrownBy(() -> FusionWeights.load(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("this reranker computes");

    double[] w = new double[FusionFeatures.NAMES.size()];
    weights(w).write(file);
    String good = Files.readString(file);
    Files.writeString(file, good.replaceFirst("\"bias\" : 0.0", "\"bias\" : \"high\""));
    assertThatThrownBy(() -> FusionWeights.load(file)).hasMessageContaining("bias");

    assertThatThrownBy(() -> new FusionWeights(FusionFeatures.NAMES, new double[9], new double[9], new double[9], 0, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale");
    assertThatThrownBy(() -> FusionWeights.load(dir.resolve("missing.json"))).hasMessageContaining("missing.json");
  }

  private static FusionWeights weights(double[] w) {
    double[] ones = new double[w.length];
    java.util.Arrays.fill(ones, 1);
    return new FusionWeights(FusionFeatures.NAMES, new double[w.length], ones, w, 0, Map.of("data", "hand-written for a test"));
  }
}
