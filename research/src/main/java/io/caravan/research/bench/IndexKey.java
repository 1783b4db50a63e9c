package io.caravan.research.bench;

import io.caravan.connectors.lucene.AnseriniEnglishAnalyzer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a cached benchmark index was built from: the corpus file (by size and modification time, so
 * the corpus is not read to decide whether to reuse), the encoder, the chunker settings and the
 * analyzer version. Any change gives another {@link #hash()} and therefore another index folder.
 */
public record IndexKey(
    String dataset, long corpusBytes, long corpusModifiedMillis, String encoderModel, int chunkChars, int overlapSentences, String analyzer) {

  /** Bump when {@code AnseriniEnglishAnalyzer} or the index layout changes what BM25 sees. */

  public IndexKey {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(encoderModel, "encoderModel");
    Objects.requireNonNull(analyzer, "analyzer");
    if (chunkChars < 50) {
      throw new IllegalArgumentException("chunk-chars must be at least 50, was " + chunkChars);
    }
    if (overlapSentences < 0) {
      throw new IllegalArgumentException("chunk overlap must not be negative, was " + overlapSentences);
    }
  }

  public static IndexKey of(String dataset, Path corpusFile, String encoderModel, int chunkChars, int overlapSentences)
      throws IOException {
    return new IndexKey(
        dataset,
        Files.size(corpusFile),
        Files.getLastModifiedTime(corpusFile).toMillis(),
        encoderModel,
        chunkChars,
        overlapSentences,
        AnseriniEnglishAnalyzer.VERSION);
  }

  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dataset", dataset);
    m.put("corpusBytes", corpusBytes);
    m.put("corpusModifiedMillis", corpusModifiedMillis);
    m.put("encoder", encoderModel);
    m.put("chunkChars", chunkChars);
    m.put("overlapSentences", overlapSentences);
    m.put("analyzer", analyzer);
    return m;
  }

  /** First 16 hex digits of SHA-256 over every field: the cache folder's suffix. */
  public String hash() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(asMap().toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** The folder name under the cache root, readable by a person: {@code scifact-all-minilm-l6-v2-c1000-o1-<hash>}. */
  public String folderName() {
    return dataset + "-" + encoderModel + "-c" + chunkChars + "-o" + overlapSentences + "-" + hash();
  }
}
