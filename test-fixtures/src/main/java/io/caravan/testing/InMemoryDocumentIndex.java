package io.caravan.testing;

import io.caravan.core.document.EncodedChunk;
import io.caravan.core.spi.DocumentIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * TEST IMPLEMENTATION of the {@link DocumentIndex} SPI for testing the ingestion pipeline's logic
 * while the Lucene index is written elsewhere: a map of document id to stored hash and chunks, with
 * the SPI's replace-whole-document semantics, counters for commits and refreshes, and simulated
 * write failures for chosen ids.
 */
public final class InMemoryDocumentIndex implements DocumentIndex {

  private record Stored(String hash, List<EncodedChunk> chunks) {}

  private final Map<String, Stored> docs = new HashMap<>();
  private final Set<String> failingWrites = new HashSet<>();
  private int commits;
  private int refreshes;

  @Override
  public synchronized Optional<String> contentHash(String docId) {
    Stored s = docs.get(docId);
    return s == null ? Optional.empty() : Optional.of(s.hash());
  }

  @Override
  public synchronized void upsert(String docId, String contentHash, List<EncodedChunk> chunks) {
    if (failingWrites.contains(docId)) {
      throw new UncheckedIOException(new IOException("simulated disk failure writing " + docId));
    }
    for (EncodedChunk c : chunks) {
      if (!c.passage().docId().equals(docId)) {
        throw new IllegalArgumentException("chunk " + c.passage().chunkId() + " does not belong to " + docId);
      }
    }
    docs.put(docId, new Stored(contentHash, List.copyOf(chunks)));
  }

  @Override
  public synchronized boolean delete(String docId) {
    return docs.remove(docId) != null;
  }

  @Override
  public synchronized void refresh() {
    refreshes++;
  }

  @Override
  public synchronized void commit() {
    commits++;
  }

  @Override
  public synchronized long documentCount() {
    return docs.size();
  }

  @Override
  public void close() {}

  /** Makes upserts of {@code docId} fail as an I/O error would. */
  public synchronized void failWritesOf(String docId) {
    failingWrites.add(docId);
  }

  public synchronized List<EncodedChunk> chunks(String docId) {
    Stored s = docs.get(docId);
    return s == null ? List.of() : s.chunks();
  }

  /** Every stored chunk, documents in id order. */
  public synchronized List<EncodedChunk> allChunks() {
    return new java.util.TreeMap<>(docs).values().stream().flatMap(d -> d.chunks().stream()).toList();
  }

  public synchronized boolean contains(String docId) {
    return docs.containsKey(docId);
  }

  public synchronized int commits() {
    return commits;
  }

  public synchronized int refreshes() {
    return refreshes;
  }
}
