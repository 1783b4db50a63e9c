package io.caravan.connectors.lucene;

import io.caravan.core.Access;
import io.caravan.core.document.EncodedChunk;
import io.caravan.core.spi.DocumentIndex;
import io.caravan.core.spi.EncoderInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.IOUtils;

/**
 * A {@link DocumentIndex} in a Lucene index on local disk, one Lucene document per chunk (layout in
 * {@link IndexFields}), searchable by BM25 and HNSW kNN.
 *
 * <p>Strategy: an upsert is one {@link IndexWriter#updateDocuments} call, which deletes every
 * chunk with the document id and adds the new ones atomically, so a search never sees half a
 * document. Searches go through a {@link SearcherManager} on the writer (near-real-time): {@link
 * #refresh()} makes writes visible in milliseconds without an fsync; {@link #commit()} fsyncs and
 * is what survives a crash. {@link #close()} commits, as Lucene's writer does by default.
 *
 * <p>The encoder's model id and dimension are stored in every commit's user data; opening with
 * another encoder throws {@link EncoderMismatchException} instead of mixing vector spaces.
 *
 * <p>Thread-safe: any number of threads may search and write at once. Two writes of the same
 * document id from different threads end with whichever ran last. One process opens a directory
 * at a time (Lucene's write lock).
 */
public final class LuceneIndex implements DocumentIndex {

  static final String MODEL_KEY = "caravan.encoder.model";
  static final String DIMENSION_KEY = "caravan.encoder.dimension";

  private static final Sort BY_SCORE_THEN_CHUNK_ID =
      new Sort(SortField.FIELD_SCORE, new SortField(IndexFields.CHUNK_ID, SortField.Type.STRING));

  private final Path path;
  private final EncoderInfo encoder;
  private final Bm25Settings bm25;
  private final Analyzer analyzer;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;

  private LuceneIndex(Path path, EncoderInfo encoder, Bm25Settings bm25, Analyzer analyzer, Directory directory, IndexWriter writer)
      throws IOException {
    this.path = path;
    this.encoder = encoder;
    this.bm25 = bm25;
    this.analyzer = analyzer;
    this.directory = directory;
    this.writer = writer;
    this.searchers = new SearcherManager(writer, new ScoringSearcherFactory(bm25.similarity()));
  }

  /** Opens (creating if needed) the index at {@code path} with Anserini's BM25 settings. */
  public static LuceneIndex open(Path path, EncoderInfo encoder) {
    return open(path, encoder, Bm25Settings.ANSERINI);
  }

  /**
   * Opens the index at {@code path}, creating it (and the directory) if there is none.
   *
   * @throws EncoderMismatchException if the index holds vectors of another encoder
   * @throws IllegalStateException if another writer holds the index or it is not a Caravan index
   * @throws UncheckedIOException on I/O failure
   */
  public static LuceneIndex open(Path path, EncoderInfo encoder, Bm25Settings bm25) {
    Objects.requireNonNull(path, "path");
    return open(path, () -> FSDirectory.open(path), encoder, bm25);
  }

  /**
   * A fresh index held in memory, gone when closed: for small collections rebuilt at every start
   * from their source of truth (the tool index follows the tool registry), where a folder on disk
   * would only hold stale copies. {@link #path()} is a label, {@code memory:<label>}.
   */
  public static LuceneIndex inMemory(String label, EncoderInfo encoder) {
    Objects.requireNonNull(label, "label");
    return open(Path.of("memory:" + label), ByteBuffersDirectory::new, encoder, Bm25Settings.ANSERINI);
  }

  private interface DirectoryOpener {
    Directory open() throws IOException;
  }

  private static LuceneIndex open(Path path, DirectoryOpener opener, EncoderInfo encoder, Bm25Settings bm25) {
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(bm25, "bm25");
    if (encoder.dimension() > KnnVectorsFormat.DEFAULT_MAX_DIMENSIONS) {
      throw new IllegalArgumentException(
          "Lucene's HNSW format holds vectors of at most " + KnnVectorsFormat.DEFAULT_MAX_DIMENSIONS
              + " dimensions; encoder " + encoder.modelId() + " has " + encoder.dimension());
    }
    Directory dir = null;
    IndexWriter w = null;
    try {
      dir = opener.open();
      boolean existed = DirectoryReader.indexExists(dir);
      Analyzer analyzer = new AnseriniEnglishAnalyzer();
      IndexWriterConfig cfg =
          new IndexWriterConfig(analyzer)
              .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
              .setSimilarity(bm25.similarity())
              .setCommitOnClose(true);
      w = new IndexWriter(dir, cfg);
      if (existed) {
        checkRecordedEncoder(path, w.getLiveCommitData(), encoder);
      } else {
        w.setLiveCommitData(Map.of(MODEL_KEY, encoder.modelId(), DIMENSION_KEY, Integer.toString(encoder.dimension())).entrySet());
        w.commit(); // the encoder record is durable before the first chunk arrives
      }
      return new LuceneIndex(path, encoder, bm25, analyzer, dir, w);
    } catch (LockObtainFailedException e) {
      closeQuietly(w, dir, e);
      throw new IllegalStateException("index at " + path + " is already open by another writer (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      closeQuietly(w, dir, e);
      throw new UncheckedIOException("cannot open index at " + path, e);
    } catch (RuntimeException e) {
      closeQuietly(w, dir, e);
      throw e;
    }
  }

  private static void checkRecordedEncoder(Path path, Iterable<Map.Entry<String, String>> commitData, EncoderInfo given) {
    String model = null;
    String dimension = null;
    if (commitData != null) {
      for (Map.Entry<String, String> e : commitData) {
        if (MODEL_KEY.equals(e.getKey())) {
          model = e.getValue();
        } else if (DIMENSION_KEY.equals(e.getKey())) {
          dimension = e.getValue();
        }
      }
    }
    if (model == null || dimension == null) {
      throw new IllegalStateException("index at " + path + " records no encoder; it was not written by Caravan");
    }
    EncoderInfo recorded = new EncoderInfo(model, Integer.parseInt(dimension));
    if (!recorded.equals(given)) {
      throw new EncoderMismatchException("index at " + path, recorded, given);
    }
  }

  /** Rolls back (never commits) a writer opened for a failed {@link #open}; keeps the first error. */
  private static void closeQuietly(IndexWriter w, Directory dir, Exception primary) {
    try {
      if (w != null) {
        w.rollback();
      }
      if (dir != null) {
        dir.close();
      }
    } catch (IOException | RuntimeException suppressed) {
      primary.addSuppressed(suppressed);
    }
  }

  public Path path() {
    return path;
  }

  public EncoderInfo encoderInfo() {
    return encoder;
  }

  public Bm25Settings bm25() {
    return bm25;
  }

  /** The analyzer of {@link IndexFields#BODY}; queries must be analysed with it too. */
  public Analyzer analyzer() {
    return analyzer;
  }

  @Override
  public void upsert(String docId, String contentHash, List<EncodedChunk> chunks) {
    upsert(Access.DEFAULT_TENANT, docId, contentHash, Set.of(), chunks);
  }

  @Override
  public void upsert(String tenant, String docId, String contentHash, Set<String> acl, List<EncodedChunk> chunks) {
    requireDocId(docId);
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(acl, "acl");
    Objects.requireNonNull(contentHash, "contentHash");
    Objects.requireNonNull(chunks, "chunks");
    // build everything first: a bad chunk fails the call before the index is touched
    List<Document> docs = new ArrayList<>(chunks.size());
    Set<String> chunkIds = new HashSet<>();
    for (EncodedChunk c : chunks) {
      if (!docId.equals(c.passage().docId())) {
        throw new IllegalArgumentException(
            "chunk " + c.passage().chunkId() + " belongs to document " + c.passage().docId() + ", not " + docId);
      }
      if (!chunkIds.add(c.passage().chunkId())) {
        throw new IllegalArgumentException("document " + docId + " has chunk id " + c.passage().chunkId() + " twice");
      }
      float[] unit = UnitVectors.normalised(c.vector(), encoder.dimension(), "vector of chunk " + c.passage().chunkId());
      docs.add(ChunkDocument.of(c.passage(), unit, docs.isEmpty() ? contentHash : null, tenant, acl));
    }
    try {
      if (docs.isEmpty()) {
        writer.deleteDocuments(IndexFields.key(tenant, docId)); // nothing left to search: the document goes
      } else {
        writer.updateDocuments(IndexFields.key(tenant, docId), docs);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write document " + docId + " to " + path, e);
    }
  }

  /** Refreshes first, so the answer reflects every write made before the call. */
  @Override
  public boolean delete(String docId) {
    return delete(Access.DEFAULT_TENANT, docId);
  }

  /** Refreshes first, so the answer reflects every write made before the call; touches {@code tenant}'s document only. */
  @Override
  public boolean delete(String tenant, String docId) {
    requireDocId(docId);
    Term key = IndexFields.key(Objects.requireNonNull(tenant, "tenant"), docId);
    try {
      searchers.maybeRefreshBlocking();
      boolean present = count(key) > 0;
      writer.deleteDocuments(key);
      return present;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete document " + docId + " from " + path, e);
    }
  }

  /** As of the last {@link #refresh()}. */
  @Override
  public Optional<String> contentHash(String docId) {
    return contentHash(Access.DEFAULT_TENANT, docId);
  }

  /** As of the last {@link #refresh()}; {@code tenant}'s document only. */
  @Override
  public Optional<String> contentHash(String tenant, String docId) {
    requireDocId(docId);
    Query head =
        new BooleanQuery.Builder()
            .add(new TermQuery(IndexFields.key(Objects.requireNonNull(tenant, "tenant"), docId)), Occur.FILTER)
            .add(new TermQuery(new Term(IndexFields.HEAD, IndexFields.HEAD_VALUE)), Occur.FILTER)
            .build();
    return withSearcher(
        s -> {
          TopDocs top = s.search(head, 1);
          if (top.scoreDocs.length == 0) {
            return Optional.empty();
          }
          return Optional.ofNullable(s.storedFields().document(top.scoreDocs[0].doc).get(IndexFields.CONTENT_HASH));
        });
  }

  @Override
  public void refresh() {
    try {
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot refresh index at " + path, e);
    }
  }

  @Override
  public void commit() {
    try {
      writer.commit();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit index at " + path, e);
    }
  }

  /** Counts first chunks, one per document, as of the last {@link #refresh()}. */
  @Override
  public long documentCount() {
    return count(new Term(IndexFields.HEAD, IndexFields.HEAD_VALUE));
  }

  /**
   * Whether a searcher's chunks have a term: what a query built for that searcher may ask (whether
   * an access clause could exclude anything) so that it is built on the same view it runs on.
   */
  public interface TermPresence {
    /** Whether any chunk has {@code value} in {@code field}. */
    boolean has(String field, String value) throws IOException;

    /** Whether every chunk has some term in {@code field} (none is older than the field). */
    boolean everyChunkHas(String field) throws IOException;

    /** The presence of terms in {@code searcher}'s view: one term lookup, or one statistic, per segment. */
    static TermPresence of(IndexSearcher searcher) {
      return new TermPresence() {
        @Override
        public boolean has(String field, String value) throws IOException {
          return searcher.getIndexReader().docFreq(new Term(field, value)) > 0;
        }

        @Override
        public boolean everyChunkHas(String field) throws IOException {
          for (org.apache.lucene.index.LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            org.apache.lucene.index.Terms terms = leaf.reader().terms(field);
            // both counts include deleted chunks until a merge drops them
            if (terms == null || terms.getDocCount() != leaf.reader().maxDoc()) {
              return false;
            }
          }
          return true;
        }
      };
    }
  }

  /** A query built for the searcher it will run on. */
  @FunctionalInterface
  public interface QueryBuilder {
    /** The query; {@code null} where a filter would match every chunk. */
    Query build(TermPresence present) throws IOException;
  }

  /** Number of chunks, as of the last {@link #refresh()}. */
  public long chunkCount() {
    return withSearcher(s -> (long) s.getIndexReader().numDocs());
  }

  /**
   * The top {@code n} chunks for a Lucene query, best first, scored with this index's BM25
   * settings. Equal scores are ordered by chunk id, as Anserini orders them by document id, so a
   * ranking does not depend on the order chunks were indexed or merged in.
   */
  public List<IndexHit> search(Query query, int n) {
    Objects.requireNonNull(query, "query");
    return search(present -> query, n);
  }

  /** {@link #search(Query, int)} of a query built for the searcher it runs on (an access filter that depends on what the index holds). */
  public List<IndexHit> search(QueryBuilder builder, int n) {
    Objects.requireNonNull(builder, "builder");
    if (n < 1) {
      throw new IllegalArgumentException("n must be positive, was " + n);
    }
    return withSearcher(
        s -> {
          TopDocs top = s.search(Objects.requireNonNull(builder.build(TermPresence.of(s)), "query"), n, BY_SCORE_THEN_CHUNK_ID, true);
          StoredFields stored = s.storedFields();
          List<IndexHit> hits = new ArrayList<>(top.scoreDocs.length);
          for (ScoreDoc sd : top.scoreDocs) {
            hits.add(new IndexHit(ChunkDocument.toPassage(stored.document(sd.doc)), sd.score));
          }
          return hits;
        });
  }

  /**
   * The {@code k} chunks nearest to {@code vector}, best first (equal scores by chunk id), scored by
   * cosine similarity in [-1, 1]: every kNN search of the index goes through here. The HNSW graph of
   * {@link IndexFields#VECTOR} is searched for {@code max(k, numCandidates)} neighbours and the best
   * k kept: a wider beam buys recall for a little time, like Elasticsearch's {@code
   * num_candidates}; with no more chunks than that the search is exhaustive. {@code filter} is passed
   * into the search, so Lucene visits only matching chunks (exactly, when no more match than the
   * beam) and a selective filter still yields {@code min(k, matches)} hits.
   *
   * <p>Scores: the index stores unit vectors compared by dot product, which Lucene scores as {@code
   * (1 + dot) / 2}; the cosine is recovered from that.
   *
   * @param vector unit length, of the index's dimension
   * @param filter the chunks to search among; {@code null} for all
   */
  public List<IndexHit> knn(float[] vector, int k, int numCandidates, Query filter) {
    return knnWithin(vector, k, numCandidates, present -> filter);
  }

  /** {@link #knn(float[], int, int, Query)} with a filter built for the searcher it runs on; the builder may give {@code null} for none. */
  public List<IndexHit> knnWithin(float[] vector, int k, int numCandidates, QueryBuilder filter) {
    Objects.requireNonNull(vector, "vector");
    Objects.requireNonNull(filter, "filter");
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive, was " + k);
    }
    List<IndexHit> hits = search(present -> knnQuery(vector, Math.max(k, numCandidates), filter.build(present)), k);
    List<IndexHit> cosines = new ArrayList<>(hits.size());
    for (IndexHit h : hits) {
      cosines.add(new IndexHit(h.passage(), cosine(h.score())));
    }
    return cosines;
  }

  /**
   * The query {@link #knn} runs, for a caller that maps Lucene's hits to its own records without
   * loading stored passages (the second stage's features); its scores go through {@link #cosine}.
   */
  public static Query knnQuery(float[] vector, int beam, Query filter) {
    return new KnnFloatVectorQuery(IndexFields.VECTOR, vector, beam, filter);
  }

  /** The cosine of two unit vectors from Lucene's dot-product score, which is {@code (1 + dot) / 2}. */
  public static double cosine(double luceneScore) {
    return 2.0 * luceneScore - 1.0;
  }

  /** The {@code k} chunks nearest to {@code vector} among {@code filter}'s, searched with a beam of k. */
  public List<IndexHit> knn(float[] vector, int k, Query filter) {
    return knn(vector, k, k, filter);
  }

  /** What a caller does with a searcher; it must not keep the searcher after returning. */
  @FunctionalInterface
  public interface SearcherFunction<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }

  /**
   * Runs {@code f} on the current near-real-time searcher, released afterwards: the hook for
   * retrievers that need more than {@link #search} (term statistics, explanations, feedback terms).
   */
  public <T> T withSearcher(SearcherFunction<T> f) {
    try {
      IndexSearcher s = searchers.acquire();
      try {
        return f.apply(s);
      } finally {
        searchers.release(s);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("search failed on index at " + path, e);
    }
  }

  /** Commits pending changes and releases the index; later calls fail with Lucene's AlreadyClosedException. */
  @Override
  public synchronized void close() {
    if (!writer.isOpen()) {
      return;
    }
    try {
      // searchers first so no new search starts; the writer's close commits; the directory last
      IOUtils.close(searchers, writer, directory, analyzer);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close index at " + path, e);
    }
  }

  @Override
  public String toString() {
    return "LuceneIndex(" + path + ", encoder=" + encoder.modelId() + "/" + encoder.dimension() + ", " + bm25 + ")";
  }

  private long count(Term term) {
    return withSearcher(s -> (long) s.count(new TermQuery(term)));
  }


  private static void requireDocId(String docId) {
    Objects.requireNonNull(docId, "docId");
    if (docId.isBlank()) {
      throw new IllegalArgumentException("document id must not be blank");
    }
    ChunkDocument.exactTerm(docId, "document id");
  }
}
