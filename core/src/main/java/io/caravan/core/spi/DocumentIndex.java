package io.caravan.core.spi;

import io.caravan.core.document.EncodedChunk;
import java.util.List;
import java.util.Optional;

/**
 * The write side of an index. Documents are replaced whole: an upsert removes every chunk the
 * document had before. Changes become visible to searches after {@link #refresh()} and survive a
 * crash after {@link #commit()}.
 */
public interface DocumentIndex extends AutoCloseable {

  /** The content hash stored with the document, so unchanged documents can be skipped before encoding. */
  Optional<String> contentHash(String docId);

  /** Replaces all chunks of {@code docId} with {@code chunks}. */
  void upsert(String docId, String contentHash, List<EncodedChunk> chunks);

  /** Removes every chunk of {@code docId}; returns whether the document was there. */
  boolean delete(String docId);

  /** Makes changes visible to new searches (near-real-time, not durable). */
  void refresh();

  /** Makes changes durable. */
  void commit();

  /** Number of documents (not chunks) currently searchable. */
  long documentCount();

  @Override
  void close();
}
