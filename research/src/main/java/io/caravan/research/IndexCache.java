package io.caravan.research;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.caravan.connectors.lucene.AnseriniEnglishAnalyzer;
import io.caravan.connectors.lucene.LuceneIndex;
import io.caravan.core.document.Document;
import io.caravan.core.document.SentenceChunker;
import io.caravan.core.spi.Encoder;
import io.caravan.ingest.DocumentIngestor;
import io.caravan.ingest.IngestReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Indexes built from benchmark corpora, one folder per {@link Key} under a root folder, each a
 * complete Caravan data folder (its Lucene index in {@code index/}). {@code caravan eval} opens a
 * Caravan instance on a folder; the benchmark commands open the index alone ({@link #openOrBuild}).
 *
 * <p>Key: every corpus file by canonical path, size and modification time, plus the format, the
 * encoder model, the chunker settings and the analyzer version. Stamps rather than a content hash,
 * so deciding to reuse a multi-gigabyte corpus costs a {@code stat}, not a read; the price is that
 * touching an unchanged file re-keys (a needless re-ingest, never a wrong result), and an in-place
 * edit that keeps both size and mtime would go unnoticed, which no normal tool does.
 *
 * <p>Completeness: the {@value #MARKER} file is written (atomically) only after the whole corpus has
 * been ingested and committed. A folder without it is an interrupted ingest: it is never used as is,
 * but ingested into again, and the ingestor skips every document already committed (same content
 * hash), so resuming costs one hash per finished document.
 */
public final class IndexCache {

  static final String MARKER = "complete";
  private static final int ENCODE_BATCH = 64;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public record FileStamp(String path, long bytes, long modifiedMillis) {}

  /** What a cached index was built from; any change gives another {@link #hash()} and folder. */
  public record Key(String format, List<FileStamp> corpus, String encoder, int chunkChars, int chunkOverlap, String analyzer) {

    public Key {
      Objects.requireNonNull(format, "format");
      corpus = List.copyOf(corpus);
      Objects.requireNonNull(encoder, "encoder");
      Objects.requireNonNull(analyzer, "analyzer");
      if (chunkChars < 50) {
        throw new IllegalArgumentException("chunk-chars must be at least 50, was " + chunkChars);
      }
      if (chunkOverlap < 0) {
        throw new IllegalArgumentException("chunk overlap must not be negative, was " + chunkOverlap);
      }
    }

    /** The key of {@code corpusFiles} as they are on disk now, with today's analyzer. */
    public static Key of(String format, List<Path> corpusFiles, String encoderModel, int chunkChars, int chunkOverlap) throws IOException {
      List<FileStamp> files = new ArrayList<>();
      for (Path f : corpusFiles) {
        Path real = f.toRealPath();
        files.add(new FileStamp(real.toString(), Files.size(real), Files.getLastModifiedTime(real).toMillis()));
      }
      return new Key(format, files, encoderModel, chunkChars, chunkOverlap, AnseriniEnglishAnalyzer.VERSION);
    }

    /** First 16 hex digits of SHA-256 over every field. */
    public String hash() {
      try {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required by every Java platform", e);
      }
    }

    /** Readable by a person: {@code beir-scifact-all-minilm-l6-v2-q-c1000-o1-<hash>}. */
    public String folderName() {
      String name = corpus.isEmpty() ? "none" : Path.of(corpus.get(0).path()).getParent().getFileName().toString();
      return (format + "-" + name + "-" + encoder + "-c" + chunkChars + "-o" + chunkOverlap + "-" + hash()).replaceAll("[^A-Za-z0-9._-]", "_");
    }
  }

  private final Path root;

  /** A cache whose folders live directly under {@code root}. */
  public IndexCache(Path root) {
    this.root = Objects.requireNonNull(root, "root");
  }

  /** The cache {@code caravan eval} keeps in a data folder. */
  static IndexCache inDataFolder(Path dataDir) {
    return new IndexCache(dataDir.resolve("eval-cache"));
  }

  /** The data folder of {@code key}'s index. */
  public Path folder(Key key) {
    return root.resolve(key.folderName());
  }

  public boolean isComplete(Key key) {
    return Files.isRegularFile(folder(key).resolve(MARKER));
  }

  /** Records that the index for {@code key} holds the whole corpus; call only after the ingest returned. */
  public void markComplete(Key key, IngestReport report, long documents) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", key);
    m.put("documents", documents);
    m.put("failed", report.failed());
    m.put("seconds", report.elapsed().toNanos() / 1e9);
    m.put("completedAt", Instant.now().toString());
    Path marker = folder(key).resolve(MARKER);
    Path tmp = marker.resolveSibling(MARKER + ".tmp");
    Files.writeString(tmp, JSON.writeValueAsString(m), StandardCharsets.UTF_8);
    Files.move(tmp, marker, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The open index for {@code key}, built first through the product's own {@link DocumentIngestor}
   * (chunk, skip unchanged, encode in batches, upsert, commit) if the cache holds no finished one.
   * Cost: encoding dominates, one model inference per chunk; reuse costs a stat of the corpus.
   */
  public LuceneIndex openOrBuild(Key key, List<Document> documents, Encoder encoder, PrintStream log) throws IOException {
    Path dir = folder(key);
    Files.createDirectories(dir);
    LuceneIndex index = LuceneIndex.open(dir.resolve("index"), encoder.info());
    if (isComplete(key)) {
      log.printf(Locale.ROOT, "index: reusing %s (%d documents, %d chunks)%n", dir, index.documentCount(), index.chunkCount());
      return index;
    }
    try {
      log.printf(Locale.ROOT, "index: building %s from %d documents (chunk-chars %d, overlap %d, encoder %s)%n",
          dir, documents.size(), key.chunkChars(), key.chunkOverlap(), encoder.info().modelId());
      DocumentIngestor ingestor =
          new DocumentIngestor(encoder, index, new SentenceChunker(key.chunkChars(), key.chunkOverlap()), ENCODE_BATCH);
      long t0 = System.nanoTime();
      int step = Math.max(1, documents.size() / 20);
      IngestReport report =
          ingestor.ingest(
              documents,
              (done, total) -> {
                if (done > 0 && (done % step == 0 || done == total)) {
                  double s = (System.nanoTime() - t0) / 1e9;
                  log.printf(Locale.ROOT, "index: %5d / %d documents, %.0f s, %.1f docs/s%n", done, total, s, done / Math.max(s, 1e-9));
                }
              });
      report.deadLetters().stream().limit(5).forEach(d -> log.println("index: dead letter " + d));
      log.printf(Locale.ROOT, "index: %d added, %d skipped, %d failed, %d chunks encoded in %.1f s%n",
          report.added() + report.updated(), report.skipped(), report.failed(), report.chunks(), report.elapsed().toNanos() / 1e9);
      markComplete(key, report, index.documentCount());
      return index;
    } catch (IOException | RuntimeException e) {
      index.close();
      throw e;
    }
  }
}
