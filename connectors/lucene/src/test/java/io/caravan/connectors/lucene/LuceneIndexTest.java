package io.caravan.connectors.lucene;

import io.caravan.testing.HashingEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.Candidate;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.core.document.EncodedChunk;
import io.caravan.core.spi.EncoderInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneIndexTest {

  private final HashingEncoder encoder = new HashingEncoder(16);

  @TempDir Path dir;

  private LuceneIndex open() {
    return LuceneIndex.open(dir, encoder.info());
  }

  private List<String> bm25ChunkIds(LuceneIndex index, String text) {
    return new Bm25Retriever(index).retrieve(Query.of(text, 100)).stream().map(Candidate::chunkId).toList();
  }

  @Test
  void upsertReplacesEveryChunkOfTheDocument() {
    try (LuceneIndex index = open()) {
      index.upsert("d1", "h1", Chunks.of(encoder, "d1", "Zebras", Map.of(), "striped horses", "savanna grazing", "herd life"));
      index.upsert("d2", "h2", Chunks.of(encoder, "d2", "Lions", Map.of(), "savanna hunters"));
      index.refresh();
      assertThat(index.chunkCount()).isEqualTo(4);
      assertThat(bm25ChunkIds(index, "savanna")).containsExactlyInAnyOrder("d1#1", "d2#0");

      index.upsert("d1", "h1b", Chunks.of(encoder, "d1", "Zebras", Map.of(), "black and white stripes"));
      index.refresh();
      assertThat(index.chunkCount()).isEqualTo(2);
      assertThat(index.documentCount()).isEqualTo(2);
      assertThat(bm25ChunkIds(index, "savanna")).containsExactly("d2#0");
      assertThat(bm25ChunkIds(index, "stripes")).containsExactly("d1#0");
      assertThat(index.contentHash("d1")).contains("h1b");
    }
  }

  @Test
  void passagesComeBackWhole() {
    Passage p = new Passage("doc-7#3", "doc-7", "A title", "Some text here.", 120, 135, Map.of("lang", "en", "year", "2021"));
    try (LuceneIndex index = open()) {
      index.upsert("doc-7", "h", List.of(new EncodedChunk(p, encoder.encodeQuery("some text"))));
      index.refresh();
      List<Candidate> found = new Bm25Retriever(index).retrieve(Query.of("title text"));
      assertThat(found).singleElement().satisfies(c -> assertThat(c.passage()).isEqualTo(p));
    }
  }

  @Test
  void deleteRemovesTheDocumentAndSaysWhetherItWasThere() {
    try (LuceneIndex index = open()) {
      index.upsert("d1", "h1", Chunks.of(encoder, "d1", "", Map.of(), "alpha", "beta"));
      index.upsert("d2", "h2", Chunks.of(encoder, "d2", "", Map.of(), "alpha"));
      assertThat(index.delete("d1")).isTrue(); // sees the unrefreshed upsert
      assertThat(index.delete("d1")).isFalse();
      assertThat(index.delete("never-there")).isFalse();
      index.refresh();
      assertThat(index.documentCount()).isEqualTo(1);
      assertThat(index.contentHash("d1")).isEmpty();
      assertThat(bm25ChunkIds(index, "alpha beta")).containsExactly("d2#0");
    }
  }

  @Test
  void documentCountCountsDocumentsNotChunks() {
    try (LuceneIndex index = open()) {
      assertThat(index.documentCount()).isZero();
      for (int i = 0; i < 5; i++) {
        index.upsert("d" + i, "h", Chunks.of(encoder, "d" + i, "t", Map.of(), "one", "two", "three"));
      }
      index.refresh();
      assertThat(index.documentCount()).isEqualTo(5);
      assertThat(index.chunkCount()).isEqualTo(15);
    }
  }

  @Test
  void writesBecomeVisibleOnRefresh() {
    try (LuceneIndex index = open()) {
      index.upsert("d1", "h1", Chunks.of(encoder, "d1", "", Map.of(), "gamma"));
      assertThat(index.documentCount()).isZero();
      assertThat(index.contentHash("d1")).isEmpty();
      index.refresh();
      assertThat(index.documentCount()).isEqualTo(1);
      assertThat(index.contentHash("d1")).contains("h1");
    }
  }

  @Test
  void upsertWithoutChunksRemovesTheDocument() {
    try (LuceneIndex index = open()) {
      index.upsert("d1", "h1", Chunks.of(encoder, "d1", "", Map.of(), "gamma"));
      index.upsert("d1", "h2", List.of());
      index.refresh();
      assertThat(index.documentCount()).isZero();
      assertThat(index.contentHash("d1")).isEmpty();
    }
  }

  @Test
  void reopensWithItsDocumentsAfterClose() {
    try (LuceneIndex index = open()) {
      index.upsert("d1", "h1", Chunks.of(encoder, "d1", "Kept", Map.of("k", "v"), "durable words"));
      index.commit();
      index.upsert("d2", "h2", Chunks.of(encoder, "d2", "Also kept", Map.of(), "close commits"));
    }
    try (LuceneIndex index = open()) {
      assertThat(index.documentCount()).isEqualTo(2);
      assertThat(index.contentHash("d1")).contains("h1");
      assertThat(index.contentHash("d2")).contains("h2");
      assertThat(index.encoderInfo()).isEqualTo(encoder.info());
      assertThat(bm25ChunkIds(index, "durable")).containsExactly("d1#0");
    }
  }

  @Test
  void refusesToOpenWithAnotherEncoderNamingBoth() {
    open().close();
    assertThatThrownBy(() -> LuceneIndex.open(dir, new EncoderInfo("all-minilm-l6-v2", 16)))
        .isInstanceOf(EncoderMismatchException.class)
        .hasMessageContaining("'test-feature-hashing' (dimension 16)")
        .hasMessageContaining("'all-minilm-l6-v2' (dimension 16)");
    assertThatThrownBy(() -> LuceneIndex.open(dir, new EncoderInfo("test-feature-hashing", 384)))
        .isInstanceOf(EncoderMismatchException.class)
        .hasMessageContaining("(dimension 16)")
        .hasMessageContaining("(dimension 384)");
    // the refusals released the lock and left the index usable
    try (LuceneIndex index = open()) {
      assertThat(index.documentCount()).isZero();
    }
  }

  @Test
  void vectorRetrieverRefusesAnotherEncoder() {
    try (LuceneIndex index = open()) {
      assertThatThrownBy(() -> new VectorRetriever(index, new HashingEncoder(8)))
          .isInstanceOf(EncoderMismatchException.class)
          .hasMessageContaining("(dimension 16)")
          .hasMessageContaining("(dimension 8)");
    }
  }

  @Test
  void refusesASecondWriterOnTheSameDirectory() {
    try (LuceneIndex index = open()) {
      assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class).hasMessageContaining("already open");
      assertThat(index.documentCount()).isZero();
    }
  }

  @Test
  void badChunksAreRefusedBeforeAnythingIsWritten() {
    try (LuceneIndex index = open()) {
      index.upsert("d1", "h1", Chunks.of(encoder, "d1", "", Map.of(), "original"));
      index.refresh();

      List<EncodedChunk> wrongDimension = new ArrayList<>(Chunks.of(encoder, "d1", "", Map.of(), "new text"));
      wrongDimension.add(new EncodedChunk(new Passage("d1#9", "d1", "", "x", 0, 1, Map.of()), new float[5]));
      assertThatThrownBy(() -> index.upsert("d1", "h2", wrongDimension))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("d1#9")
          .hasMessageContaining("dimension 5")
          .hasMessageContaining("expects 16");

      List<EncodedChunk> zero = List.of(new EncodedChunk(new Passage("d1#0", "d1", "", "x", 0, 1, Map.of()), new float[16]));
      assertThatThrownBy(() -> index.upsert("d1", "h2", zero)).hasMessageContaining("all zeros");

      float[] nan = encoder.encodeQuery("x");
      nan[3] = Float.NaN;
      List<EncodedChunk> notFinite = List.of(new EncodedChunk(new Passage("d1#0", "d1", "", "x", 0, 1, Map.of()), nan));
      assertThatThrownBy(() -> index.upsert("d1", "h2", notFinite)).hasMessageContaining("non-finite");

      List<EncodedChunk> otherDoc = Chunks.of(encoder, "d2", "", Map.of(), "text");
      assertThatThrownBy(() -> index.upsert("d1", "h2", otherDoc)).hasMessageContaining("belongs to document d2");

      List<EncodedChunk> twice = List.of(otherDoc.get(0), otherDoc.get(0));
      assertThatThrownBy(() -> index.upsert("d2", "h2", twice)).hasMessageContaining("chunk id d2#0 twice");

      assertThatThrownBy(() -> index.upsert(" ", "h", List.of())).hasMessageContaining("blank");

      index.refresh();
      assertThat(index.contentHash("d1")).contains("h1");
      assertThat(bm25ChunkIds(index, "original")).containsExactly("d1#0");
    }
  }

  @Test
  void refusesEncodersWiderThanLuceneAllows() {
    assertThatThrownBy(() -> LuceneIndex.open(dir, new EncoderInfo("huge", 4096)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4096");
  }

  @Test
  void concurrentWritersAndSearchersEndConsistent() throws Exception {
    int docs = 20;
    int rounds = 15;
    try (LuceneIndex index = open()) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> work = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
          int writer = w;
          work.add(
              pool.submit(
                  () -> {
                    for (int r = 0; r < rounds; r++) {
                      for (int d = writer; d < docs; d += 2) {
                        String id = "doc" + d;
                        // round r has r % 3 + 1 chunks, so a torn upsert would leave a wrong count
                        String[] texts = new String[r % 3 + 1];
                        Arrays.fill(texts, "round" + r + " shared words");
                        index.upsert(id, "round" + r, Chunks.of(encoder, id, "T", Map.of(), texts));
                      }
                      index.refresh();
                    }
                  }));
        }
        for (int s = 0; s < 2; s++) {
          work.add(
              pool.submit(
                  () -> {
                    Bm25Retriever bm25 = new Bm25Retriever(index);
                    VectorRetriever dense = new VectorRetriever(index, encoder);
                    for (int i = 0; i < 100; i++) {
                      // one retrieve sees one snapshot: each document's chunks must all come from
                      // one round and be as many as that round wrote, or an upsert was torn
                      Map<String, List<Candidate>> byDoc =
                          bm25.retrieve(Query.of("shared words", 100)).stream()
                              .collect(Collectors.groupingBy(Candidate::docId));
                      byDoc.forEach(
                          (doc, chunks) -> {
                            String round = chunks.get(0).passage().text().split(" ")[0];
                            int r = Integer.parseInt(round.substring("round".length()));
                            assertThat(chunks).hasSize(r % 3 + 1);
                            assertThat(chunks).allSatisfy(c -> assertThat(c.passage().text()).startsWith(round + " "));
                          });
                      dense.retrieve(Query.of("shared words", 5));
                    }
                  }));
        }
        for (Future<?> f : work) {
          f.get();
        }
      } finally {
        pool.shutdown();
      }
      index.refresh();
      int lastRound = rounds - 1;
      assertThat(index.documentCount()).isEqualTo(docs);
      assertThat(index.chunkCount()).isEqualTo((long) docs * (lastRound % 3 + 1));
      for (int d = 0; d < docs; d++) {
        assertThat(index.contentHash("doc" + d)).contains("round" + lastRound);
      }
    }
  }
}
