package io.caravan.core.spi;

import io.caravan.core.Access;
import io.caravan.core.document.EncodedChunk;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The write side of an index. Documents are replaced whole: an upsert removes every chunk the
 * document had before. Changes become visible to searches after {@link #refresh()} and survive a
 * crash after {@link #commit()}.
 *
 * <p>Tenants: a document id names one document per tenant, and the tenant-taking methods touch
 * only that tenant's document. The methods without a tenant work on {@link Access#DEFAULT_TENANT}.
 * An index that holds one tenant implements those and inherits the tenant-taking ones, which
 * refuse any other tenant and any access list.
 */
public interface DocumentIndex extends AutoCloseable {

  /** The content hash stored with the document, so unchanged documents can be skipped before encoding. */
  Optional<String> contentHash(String docId);

  /** Replaces all chunks of {@code docId} with {@code chunks}. */
  void upsert(String docId, String contentHash, List<EncodedChunk> chunks);

  /** Removes every chunk of {@code docId}; returns whether the document was there. */
  boolean delete(String docId);

  /** {@link #contentHash(String)} of {@code tenant}'s document. */
  default Optional<String> contentHash(String tenant, String docId) {
    return contentHash(requireDefault(tenant, Set.of(), docId));
  }

  /** {@link #upsert(String, String, List)} into {@code tenant}, the chunks visible only to {@code acl}'s groups when it has any. */
  default void upsert(String tenant, String docId, String contentHash, Set<String> acl, List<EncodedChunk> chunks) {
    upsert(requireDefault(tenant, acl, docId), contentHash, chunks);
  }

  /** {@link #delete(String)} of {@code tenant}'s document. */
  default boolean delete(String tenant, String docId) {
    return delete(requireDefault(tenant, Set.of(), docId));
  }

  private String requireDefault(String tenant, Set<String> acl, String docId) {
    if (!Access.DEFAULT_TENANT.equals(tenant) || !acl.isEmpty()) {
      throw new UnsupportedOperationException(
          this + " holds one tenant's documents without access lists; tenants and access lists need an index that keeps them (LuceneIndex)");
    }
    return docId;
  }

  /** Makes changes visible to new searches (near-real-time, not durable). */
  void refresh();

  /** Makes changes durable. */
  void commit();

  /** Number of documents (not chunks) currently searchable. */
  long documentCount();

  @Override
  void close();
}
