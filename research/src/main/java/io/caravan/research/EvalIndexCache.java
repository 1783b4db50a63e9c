package io.caravan.research;

import io.caravan.runtime.Caravan;
import io.caravan.runtime.CaravanSettings;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.caravan.connectors.lucene.AnseriniEnglishAnalyzer;
import io.caravan.research.eval.harness.EvalTask;
import io.caravan.ingest.IngestReport;
import java.io.IOException;
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
import java.util.Map;

/**
 * Indexes built for evaluations, one folder per {@link Key} under {@code <data>/eval-cache/}, each
 * a complete Caravan data folder (its own Lucene index and dead-letter log).
 *
 * <p>Key: every corpus file by canonical path, size and modification time, plus the format, the
 * encoder model, the chunker settings and the analyzer version. Stamps rather than a content hash,
 * so deciding to reuse a multi-gigabyte corpus costs a {@code stat}, not a read; the price is that
 * touching an unchanged file re-keys (a needless re-ingest, never a wrong result), and an in-place
 * edit that keeps both size and mtime would go unnoticed, which no normal tool does.
 *
 * <p>Completeness: the {@value #MARKER} file is written (atomically) only after the whole corpus
 * has been ingested and committed. A folder without it is an interrupted ingest: it is never used
 * as is, but ingested into again, and the ingestor skips every document already committed (same
 * content hash), so resuming costs one hash per finished document.
 */
final class EvalIndexCache {

  static final String MARKER = "complete";

  /** Bump when the analyzer or the index layout changes what BM25 sees. */

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  record FileStamp(String path, long bytes, long modifiedMillis) {}

  record Key(String format, List<FileStamp> corpus, String encoder, int chunkChars, int chunkOverlap, String analyzer) {

    static Key of(EvalTask task, CaravanSettings settings) throws IOException {
      List<FileStamp> files = new ArrayList<>();
      for (Path f : task.corpusFiles()) {
        Path real = f.toRealPath();
        files.add(new FileStamp(real.toString(), Files.size(real), Files.getLastModifiedTime(real).toMillis()));
      }
      return new Key(task.format(), files, settings.encoder().modelId(), settings.chunkChars(), settings.chunkOverlap(), AnseriniEnglishAnalyzer.VERSION);
    }

    /** First 16 hex digits of SHA-256 over every field. */
    String hash() {
      try {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required by every Java platform", e);
      }
    }

    /** Readable by a person: {@code beir-scifact-all-minilm-l6-v2-q-c1000-o1-<hash>}. */
    String folderName() {
      String name = corpus.isEmpty() ? "none" : Path.of(corpus.get(0).path()).getParent().getFileName().toString();
      return (format + "-" + name + "-" + encoder + "-c" + chunkChars + "-o" + chunkOverlap + "-" + hash()).replaceAll("[^A-Za-z0-9._-]", "_");
    }
  }

  private final Path root;

  EvalIndexCache(Path dataDir) {
    this.root = dataDir.resolve("eval-cache");
  }

  Path folder(Key key) {
    return root.resolve(key.folderName());
  }

  boolean isComplete(Key key) {
    return Files.isRegularFile(folder(key).resolve(MARKER));
  }

  /** Records that the index for {@code key} holds the whole corpus; call only after the ingest returned. */
  void markComplete(Key key, IngestReport report, long documents) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", key);
    m.put("documents", documents);
    m.put("failed", report.failed());
    m.put("completedAt", Instant.now().toString());
    Path marker = folder(key).resolve(MARKER);
    Path tmp = marker.resolveSibling(MARKER + ".tmp");
    Files.writeString(tmp, JSON.writeValueAsString(m), StandardCharsets.UTF_8);
    Files.move(tmp, marker, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
