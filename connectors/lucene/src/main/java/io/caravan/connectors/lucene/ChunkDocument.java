package io.caravan.connectors.lucene;

import io.caravan.core.Access;
import io.caravan.core.Passage;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;

/**
 * The Lucene document form of one chunk (layout in {@link IndexFields}) and the way back to a
 * {@link Passage}. Unit vectors are compared with {@link VectorSimilarityFunction#DOT_PRODUCT}:
 * for unit vectors it ranks exactly like COSINE but skips two norm computations per comparison.
 */
final class ChunkDocument {

  static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;

  private ChunkDocument() {}

  /**
   * @param unitVector already normalised
   * @param contentHash stored only when non-null, i.e. on the document's first chunk
   * @param tenant the tenant the chunk belongs to ({@link IndexFields} says how it is kept)
   * @param acl the groups that may see the chunk; empty for all of its tenant
   */
  static Document of(Passage p, float[] unitVector, String contentHash, String tenant, Set<String> acl) {
    Document d = new Document();
    d.add(new StringField(IndexFields.CHUNK_ID, exactTerm(p.chunkId(), "chunk id"), Field.Store.YES));
    d.add(new SortedDocValuesField(IndexFields.CHUNK_ID, new BytesRef(p.chunkId()))); // tie-break
    d.add(new StringField(IndexFields.DOC_ID, IndexFields.key(tenant, p.docId()).text(), Field.Store.YES));
    d.add(new StringField(IndexFields.TENANT, tenant, Field.Store.NO));
    if (!Access.DEFAULT_TENANT.equals(tenant)) {
      d.add(new StringField(IndexFields.TENANTED, IndexFields.MARK, Field.Store.NO));
    }
    if (acl.isEmpty()) {
      d.add(new StringField(IndexFields.ACL, IndexFields.OPEN, Field.Store.NO));
    } else {
      for (String group : acl) {
        d.add(new StringField(IndexFields.ACL, group, Field.Store.NO));
      }
      d.add(new StringField(IndexFields.RESTRICTED, IndexFields.MARK, Field.Store.NO));
    }
    d.add(new StoredField(IndexFields.TITLE, p.title()));
    d.add(new StoredField(IndexFields.TEXT, p.text()));
    d.add(new TextField(IndexFields.BODY, IndexFields.body(p.title(), p.text()), Field.Store.NO));
    d.add(new StoredField(IndexFields.START, p.start()));
    d.add(new StoredField(IndexFields.END, p.end()));
    p.metadata()
        .forEach(
            (k, v) ->
                d.add(new StringField(IndexFields.metadata(k), exactTerm(v, "metadata value of " + k), Field.Store.YES)));
    d.add(new KnnFloatVectorField(IndexFields.VECTOR, unitVector, SIMILARITY));
    if (contentHash != null) {
      d.add(new StoredField(IndexFields.CONTENT_HASH, contentHash));
      d.add(new StringField(IndexFields.HEAD, IndexFields.HEAD_VALUE, Field.Store.NO));
    }
    return d;
  }

  static Passage toPassage(Document d) {
    Map<String, String> metadata = new HashMap<>();
    for (IndexableField f : d.getFields()) {
      if (f.name().startsWith(IndexFields.METADATA_PREFIX)) {
        metadata.put(f.name().substring(IndexFields.METADATA_PREFIX.length()), f.stringValue());
      }
    }
    return new Passage(
        d.get(IndexFields.CHUNK_ID),
        docId(d.get(IndexFields.DOC_ID)),
        d.get(IndexFields.TITLE),
        d.get(IndexFields.TEXT),
        d.getField(IndexFields.START).numericValue().intValue(),
        d.getField(IndexFields.END).numericValue().intValue(),
        metadata);
  }

  /** The document id in a stored {@link IndexFields#DOC_ID}, without the tenant a non-default tenant's has before it. */
  private static String docId(String stored) {
    int separator = stored.indexOf(IndexFields.TENANT_SEPARATOR);
    return separator < 0 ? stored : stored.substring(separator + 1);
  }

  /** Lucene rejects terms over 32,766 UTF-8 bytes; say so before the writer does, naming the field. */
  static String exactTerm(String value, String what) {
    if (value.length() * 3 > IndexWriter.MAX_TERM_LENGTH
        && value.getBytes(StandardCharsets.UTF_8).length > IndexWriter.MAX_TERM_LENGTH) {
      throw new IllegalArgumentException(
          what + " is longer than " + IndexWriter.MAX_TERM_LENGTH + " UTF-8 bytes: " + value.substring(0, 40) + "...");
    }
    return value;
  }
}
