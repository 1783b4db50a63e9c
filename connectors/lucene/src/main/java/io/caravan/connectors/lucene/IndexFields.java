package io.caravan.connectors.lucene;

/**
 * The Lucene fields of one indexed chunk, for code that builds its own queries against a {@link
 * LuceneIndex} (see {@link LuceneIndex#search}). One Lucene document per chunk.
 *
 * <ul>
 *   <li>{@link #CHUNK_ID}, {@link #DOC_ID}: exact-match, stored; the chunk id also as sorted doc
 *       values, which break score ties
 *   <li>{@link #TITLE}, {@link #TEXT}: stored only
 *   <li>{@link #BODY}: title, a space, text; analysed with {@link AnseriniEnglishAnalyzer} for BM25,
 *       not stored (Anserini's BEIR "flat" contents field)
 *   <li>{@link #START}, {@link #END}: stored character offsets of the text in the document
 *   <li>{@code meta.<key>}: exact-match and stored, one per metadata entry, so filters run inside
 *       the search
 *   <li>{@link #VECTOR}: the unit-length dense vector, HNSW-indexed with dot product
 *   <li>{@link #CONTENT_HASH}, {@link #HEAD}: on the first chunk of each document only; the head
 *       marker is what {@link LuceneIndex#documentCount()} counts
 *   <li>Tenants: every chunk has {@link #TENANT}, its tenant's name; a chunk of another tenant than
 *       the default one also {@link #TENANTED}, and its {@link #DOC_ID} is {@code tenant U+001F
 *       docId} (document ids have no control character and tenant names none either, so no key of
 *       one tenant is a key of another); a default-tenant chunk's {@link #DOC_ID} is the document id.
 *       {@link #DOC_ID} is the term upserts and deletes replace by ({@link #key}). Chunks written
 *       before tenants have neither field and read as the default tenant's
 *   <li>{@link #ACL}: one term per group of the document's access list, or {@link #OPEN} when it has
 *       none; {@link #RESTRICTED} on chunks that have one (see {@link AccessFilter})
 * </ul>
 */
public final class IndexFields {

  public static final String CHUNK_ID = "chunk_id";
  public static final String DOC_ID = "doc_id";
  public static final String TITLE = "title";
  public static final String TEXT = "text";
  public static final String BODY = "body";
  public static final String START = "start";
  public static final String END = "end";
  public static final String VECTOR = "vector";
  public static final String CONTENT_HASH = "content_hash";
  public static final String HEAD = "head";
  public static final String HEAD_VALUE = "1";
  public static final String METADATA_PREFIX = "meta.";
  public static final String TENANT = "tenant";
  public static final String TENANTED = "tenanted";
  /** Between a tenant and a document id in the {@link #DOC_ID} of a chunk that is not the default tenant's. */
  static final char TENANT_SEPARATOR = '\u001f';
  public static final String ACL = "acl";
  public static final String RESTRICTED = "restricted";
  /** The {@link #ACL} term of a chunk without an access list; no group name can be it. */
  public static final String OPEN = "~open";
  /** The value of the marker fields {@link #TENANTED} and {@link #RESTRICTED}. */
  public static final String MARK = "1";

  private IndexFields() {}

  /** The exact-match field holding metadata entry {@code key}. */
  public static String metadata(String key) {
    return METADATA_PREFIX + key;
  }

  /** The key of {@code tenant}'s document {@code docId}: the term an upsert or delete replaces by. */
  public static org.apache.lucene.index.Term key(String tenant, String docId) {
    return io.caravan.core.Access.DEFAULT_TENANT.equals(tenant)
        ? new org.apache.lucene.index.Term(DOC_ID, docId)
        : new org.apache.lucene.index.Term(DOC_ID, tenant + TENANT_SEPARATOR + docId);
  }

  /** The searchable body of a chunk: what BM25 scores. */
  public static String body(String title, String text) {
    return title.isEmpty() ? text : title + " " + text;
  }
}
