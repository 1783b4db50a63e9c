package io.caravan.research.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.caravan.connectors.lucene.LuceneIndex;
import io.caravan.core.document.Document;
import io.caravan.core.document.SentenceChunker;
import io.caravan.core.spi.Encoder;
import io.caravan.research.eval.BeirDataset;
import io.caravan.ingest.DocumentIngestor;
import io.caravan.ingest.IngestReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds a benchmark corpus into a {@link LuceneIndex} under a cache folder named by its {@link
 * IndexKey}, or reuses the one already there. Ingestion goes through the product's own {@link
 * DocumentIngestor} (chunk, skip unchanged by content hash, {@code encodeAll}, upsert, commit per
 * batch), so the benchmark measures the index users get. A folder counts as finished only once its
 * {@code complete.json} marker is written; an interrupted build is resumed, not restarted, because
 * the ingestor skips every document already committed with the same hash.
 *
 * <p>Cost: encoding dominates, one model inference per chunk (SciFact with fp32 on 2 cores: minutes).
 * Reuse costs one stat of the corpus file.
 */
public final class BenchIndex {

  private static final String MARKER = "complete.json";
  private static final int ENCODE_BATCH = 64;

  private final Path cacheRoot;
  private final PrintStream log;

  public BenchIndex(Path cacheRoot, PrintStream log) {
    this.cacheRoot = cacheRoot;
    this.log = log;
  }

  /** The open index for {@code key}, built first if the cache does not hold a finished one. */
  public LuceneIndex openOrBuild(IndexKey key, BeirDataset dataset, Encoder encoder) throws IOException {
    Path dir = cacheRoot.resolve(key.folderName());
    Files.createDirectories(dir);
    LuceneIndex index = LuceneIndex.open(dir.resolve("index"), encoder.info());
    if (Files.isRegularFile(dir.resolve(MARKER))) {
      log.printf(Locale.ROOT, "index: reusing %s (%d documents, %d chunks)%n", dir, index.documentCount(), index.chunkCount());
      return index;
    }
    try {
      build(dir, key, dataset, encoder, index);
    } catch (IOException | RuntimeException e) {
      index.close();
      throw e;
    }
    return index;
  }

  private void build(Path dir, IndexKey key, BeirDataset dataset, Encoder encoder, LuceneIndex index) throws IOException {
    List<Document> docs = new ArrayList<>();
    dataset.forEachDocument(docs::add);
    log.printf(Locale.ROOT, "index: building %s from %d documents (chunk-chars %d, overlap %d, encoder %s)%n",
        dir, docs.size(), key.chunkChars(), key.overlapSentences(), encoder.info().modelId());
    DocumentIngestor ingestor =
        new DocumentIngestor(encoder, index, new SentenceChunker(key.chunkChars(), key.overlapSentences()), ENCODE_BATCH);
    long t0 = System.nanoTime();
    int step = Math.max(1, docs.size() / 20);
    IngestReport report =
        ingestor.ingest(
            docs,
            (done, total) -> {
              if (done > 0 && (done % step == 0 || done == total)) {
                double s = (System.nanoTime() - t0) / 1e9;
                log.printf(Locale.ROOT, "index: %5d / %d documents, %.0f s, %.1f docs/s%n", done, total, s, done / Math.max(s, 1e-9));
              }
            });
    if (report.failed() > 0) {
      report.deadLetters().stream().limit(5).forEach(d -> log.println("index: dead letter " + d));
    }
    double seconds = report.elapsed().toNanos() / 1e9;
    log.printf(Locale.ROOT, "index: %d added, %d skipped, %d failed, %d chunks encoded in %.1f s%n",
        report.added() + report.updated(), report.skipped(), report.failed(), report.chunks(), seconds);
    var marker = new java.util.LinkedHashMap<String, Object>(key.asMap());
    marker.put("documents", index.documentCount());
    marker.put("chunks", index.chunkCount());
    marker.put("buildSeconds", seconds);
    marker.put("failed", report.failed());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(MARKER).toFile(), marker);
  }
}
