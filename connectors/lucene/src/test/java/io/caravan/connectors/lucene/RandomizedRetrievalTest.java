package io.caravan.connectors.lucene;

import io.caravan.testing.HashingEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.caravan.core.Candidate;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.core.document.EncodedChunk;
import io.caravan.core.fusion.ReciprocalRankFusion;
import io.caravan.core.fusion.ScoreInterpolation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lucene-style randomised test: random documents, vectors, metadata and queries (with filters and
 * junk punctuation), every retriever's answer checked against {@link BruteForce}. The seed is
 * printed on failure; rerun one with {@code -Dtests.seed=<seed>}, run more indexes with {@code
 * -Dtests.iterations=<n>}.
 *
 * <p>Each index holds fewer chunks than {@link VectorRetriever#DEFAULT_NUM_CANDIDATES}, so the HNSW
 * search is exhaustive and must agree with brute-force cosine exactly; with filters, Lucene's own
 * exact fallback applies. Documents are only added (no deletes) because BM25 statistics count
 * deleted chunks until segments merge, which the oracle does not model.
 */
class RandomizedRetrievalTest {

  private static final int DIMENSION = 12;
  private static final String[] SEPARATORS = {" ", " ", " ", ", ", ". ", " - ", "; ", "'s "};
  private static final String[] JUNK = {"\"", ":", "(", ")", "*", "?", "AND", "OR", "NOT", "~2", "^3", "\\", "[", "}", "/", "&&", "+", "-"};

  @TempDir Path tmp;

  @Test
  void retrieversAgreeWithBruteForce() {
    long seed = Long.getLong("tests.seed", new Random().nextLong());
    try {
      for (int iteration = 0, n = Integer.getInteger("tests.iterations", 4); iteration < n; iteration++) {
        runOnce(new Random(seed + iteration), tmp.resolve("index-" + iteration));
      }
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("randomised retrieval test failed; reproduce with -Dtests.seed=" + seed, e);
    }
  }

  private void runOnce(Random random, Path dir) {
    HashingEncoder encoder = new HashingEncoder(DIMENSION);
    List<String> vocabulary = vocabulary(random, 30 + random.nextInt(30));
    try (LuceneIndex index = LuceneIndex.open(dir, encoder.info())) {
      BruteForce oracle = new BruteForce(index.analyzer());
      int docs = 15 + random.nextInt(20); // at most 34 docs x 2.5 chunks: below the 100 candidates
      for (int d = 0; d < docs; d++) {
        String docId = "doc-" + d;
        Map<String, String> metadata = Map.of("lang", pick(random, "en", "en", "en", "en", "fr", "fr", "de"), "src", pick(random, "a", "b"));
        String title = random.nextInt(4) == 0 ? "" : text(random, vocabulary, 1 + random.nextInt(3));
        List<EncodedChunk> chunks = new ArrayList<>();
        for (int c = 0, n = 1 + random.nextInt(3); c < n; c++) {
          String text = text(random, vocabulary, 1 + random.nextInt(25));
          Passage p = new Passage(docId + "#" + c, docId, title, text, 0, text.length(), metadata);
          float[] vector = gaussian(random);
          chunks.add(new EncodedChunk(p, vector));
          oracle.add(p, vector);
        }
        index.upsert(docId, "hash-" + d, chunks);
        if (random.nextInt(8) == 0) {
          index.refresh(); // several segments, so statistics and kNN results are merged across them
        }
        if (random.nextInt(15) == 0) {
          index.commit();
        }
      }
      index.refresh();
      assertThat(index.documentCount()).isEqualTo(docs);

      Bm25Retriever bm25 = new Bm25Retriever(index);
      VectorRetriever dense = new VectorRetriever(index, encoder);
      for (int q = 0; q < 25; q++) {
        Query query = randomQuery(random, vocabulary);
        String what = "query '" + query.text() + "' k=" + query.k() + " filters=" + query.filters();

        List<Candidate> sparse = bm25.retrieve(query);
        TopKCheck.assertTopK("bm25 " + what, sparse, oracle.bm25(query.text(), query.filters(), index.bm25()), query.k(), 1e-5);
        assertThat(sparse).allSatisfy(c -> assertThat(c.scores()).containsOnlyKeys("bm25"));

        List<Candidate> vector = dense.retrieve(query);
        Map<String, Double> cosines = oracle.cosine(encoder.encodeQuery(query.text()), query.filters());
        TopKCheck.assertTopK("dense " + what, vector, cosines, query.k(), 1e-5);
        assertThat(vector).hasSize((int) Math.min(query.k(), oracle.count(query.filters())));

        checkFusion(random, index, encoder, query, what);
      }
    }
  }

  /** The hybrid lists come from the retrievers (checked above); the fusion is checked by hand. */
  private void checkFusion(Random random, LuceneIndex index, HashingEncoder encoder, Query query, String what) {
    int depth = 1 + random.nextInt(40);
    Query deep = query.withK(Math.max(depth, query.k()));
    Map<String, List<Candidate>> lists = new LinkedHashMap<>();
    lists.put("bm25", new Bm25Retriever(index).retrieve(deep));
    lists.put("dense", new VectorRetriever(index, encoder).retrieve(deep));

    List<Candidate> rrf = HybridRetriever.bm25AndDense(index, encoder, new ReciprocalRankFusion(), depth).retrieve(query);
    TopKCheck.assertTopK("rrf depth=" + depth + " " + what, rrf, BruteForce.rrf(lists, 60), query.k(), 1e-12);
    assertCarriesListScores(rrf, lists, "rrf");

    double w = Math.round(random.nextDouble() * 100) / 100.0;
    Map<String, Double> weights = Map.of("bm25", w, "dense", 1 - w);
    List<Candidate> mixed = HybridRetriever.bm25AndDense(index, encoder, new ScoreInterpolation(weights), depth).retrieve(query);
    TopKCheck.assertTopK("interpolated w=" + w + " depth=" + depth + " " + what, mixed, BruteForce.interpolate(lists, weights), query.k(), 1e-9);
    assertCarriesListScores(mixed, lists, "interpolated");
  }

  private static void assertCarriesListScores(List<Candidate> fused, Map<String, List<Candidate>> lists, String stage) {
    for (Candidate c : fused) {
      assertThat(c.scores()).containsKey(stage);
      assertThat(c.score()).isEqualTo(c.scores().get(stage));
      lists.forEach(
          (name, list) ->
              list.stream()
                  .filter(o -> o.chunkId().equals(c.chunkId()))
                  .findFirst()
                  .ifPresentOrElse(
                      o -> assertThat(c.scores().get(name)).isCloseTo(o.score(), offset(1e-12)),
                      () -> assertThat(c.scores()).doesNotContainKey(name)));
    }
  }

  private static Query randomQuery(Random random, List<String> vocabulary) {
    StringBuilder text = new StringBuilder();
    for (int i = 0, n = 1 + random.nextInt(6); i < n; i++) {
      int r = random.nextInt(10);
      String word = r == 0 ? "unseen" + random.nextInt(1000) : r == 1 ? JUNK[random.nextInt(JUNK.length)] : zipf(random, vocabulary);
      text.append(random.nextBoolean() ? word : word.toUpperCase(Locale.ROOT)).append(pick(random, SEPARATORS));
    }
    text.append(zipf(random, vocabulary)); // at least one real word
    Map<String, String> filters =
        switch (random.nextInt(10)) {
          case 0, 1, 2 -> Map.of("lang", pick(random, "en", "fr", "de"));
          case 3 -> Map.of("lang", pick(random, "fr", "de"), "src", pick(random, "a", "b"));
          case 4 -> Map.of("lang", "none-such");
          default -> Map.of();
        };
    return new Query(text.toString(), 1 + random.nextInt(20), filters, List.of());
  }

  private static List<String> vocabulary(Random random, int size) {
    List<String> words = new ArrayList<>();
    while (words.size() < size) {
      StringBuilder w = new StringBuilder();
      for (int i = 0, n = 3 + random.nextInt(7); i < n; i++) {
        w.append((char) ('a' + random.nextInt(26)));
      }
      if (!words.contains(w.toString())) {
        words.add(w.toString());
      }
    }
    return words;
  }

  /** Skewed choice: a few words are common, most rare, as in real text. */
  private static String zipf(Random random, List<String> vocabulary) {
    return vocabulary.get(random.nextInt(1 + random.nextInt(vocabulary.size())));
  }

  private static String text(Random random, List<String> vocabulary, int words) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words; i++) {
      if (i > 0) {
        sb.append(pick(random, SEPARATORS));
      }
      String w = zipf(random, vocabulary);
      sb.append(random.nextInt(5) == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
    }
    return sb.toString();
  }

  private static float[] gaussian(Random random) {
    float[] v = new float[DIMENSION];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... options) {
    return options[random.nextInt(options.length)];
  }
}
