package io.caravan.ingest;

import io.caravan.core.Access;
import io.caravan.core.Passage;
import io.caravan.core.UnicodeText;
import io.caravan.core.document.Document;
import io.caravan.core.document.EncodedChunk;
import io.caravan.core.document.SentenceChunker;
import io.caravan.core.spi.DocumentIndex;
import io.caravan.core.spi.Encoder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingestion pipeline: skip unchanged, chunk, encode, upsert, commit.
 *
 * <p>Strategy. A document whose {@link Document#contentHash()} equals the hash stored in the index
 * is skipped before any encoding, which makes re-ingesting a corpus cost one hash per document. The
 * others are chunked and collected until their chunks fill one encoder batch of {@code batchSize}
 * texts (a long document may span several calls); the batch is encoded with
 * {@link Encoder#encodeAll}, each document is upserted (replacing all its old chunks), and the index
 * is committed and refreshed. A crash therefore loses at most one batch, and the next run redoes
 * exactly what was lost, since only committed documents have a stored hash. Each chunk is encoded
 * as {@code title + "\n\n" + text}: a chunk taken from the middle of a document often never names
 * its subject, which the title does, and queries are matched against what was encoded.
 *
 * <p>Failures stay local: a document with nothing to index (no visible character in its title or
 * text), a duplicate id within one call (the later one wins), an encoder error for one document (a
 * failed batch is retried document by document to find it) or a document the index rejects with
 * {@link IllegalArgumentException} become dead letters and the rest goes on. Other index errors (an I/O failure) propagate: they would fail
 * every document alike, and a stopped ingestion can simply be re-run. The report lists each
 * distinct failure (source and reason) once and at most {@link IngestReport#MAX_DEAD_LETTERS} of
 * them, and counts them all: a call that repeats one id ten thousand times costs one dead letter.
 *
 * <p>A call is therefore not atomic, and says per document what it did ({@link
 * DocumentResult}, in input order): a caller that lost the answer retries the whole call, and the
 * documents already committed are skipped by their hash, so none is stored twice.
 *
 * <p>Cost: one hash per document, one {@code encodeAll} call per {@code batchSize} chunks (the
 * dominant cost), one commit and refresh per batch. Calls are serialised ({@code synchronized}) so
 * that batches and commits of concurrent callers never interleave; encoding saturates the CPU or
 * accelerator anyway.
 */
public final class DocumentIngestor {

  private static final Logger LOG = LoggerFactory.getLogger(DocumentIngestor.class);

  private final Encoder encoder;
  private final DocumentIndex index;
  private final SentenceChunker chunker;
  private final int batchSize;
  private final Clock clock;

  public DocumentIngestor(Encoder encoder, DocumentIndex index, SentenceChunker chunker, int batchSize) {
    this(encoder, index, chunker, batchSize, Clock.systemUTC());
  }

  /** @param clock stamps dead letters */
  public DocumentIngestor(
      Encoder encoder, DocumentIndex index, SentenceChunker chunker, int batchSize, Clock clock) {
    this.encoder = Objects.requireNonNull(encoder, "encoder");
    this.index = Objects.requireNonNull(index, "index");
    this.chunker = Objects.requireNonNull(chunker, "chunker");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
    }
    this.batchSize = batchSize;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public IngestReport ingest(List<Document> documents) {
    return ingest(documents, ProgressListener.NONE);
  }

  /**
   * Ingests {@code documents}; everything written is durable and searchable when this returns.
   *
   * @throws IllegalArgumentException when the list or one of its elements is null
   */
  public IngestReport ingest(List<Document> documents, ProgressListener progress) {
    return ingest(documents, Access.DEFAULT_TENANT, progress);
  }

  /**
   * Ingests {@code documents} into {@code tenant}: a document id already there is replaced only
   * in that tenant, and the skip of unchanged documents compares with that tenant's copy.
   *
   * @throws IllegalArgumentException when the list or one of its elements is null
   */
  public synchronized IngestReport ingest(List<Document> documents, String tenant, ProgressListener progress) {
    long start = System.nanoTime();
    Objects.requireNonNull(documents, "documents");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(progress, "progress");
    Map<String, Integer> lastPosition = new HashMap<>();
    for (int i = 0; i < documents.size(); i++) {
      Document doc = documents.get(i);
      if (doc == null) {
        throw new IllegalArgumentException("documents[" + i + "] is null");
      }
      lastPosition.put(doc.id(), i);
    }

    Run run = new Run(documents.size(), progress);
    List<Pending> batch = new ArrayList<>();
    int batchChunks = 0;
    for (int i = 0; i < documents.size(); i++) {
      Document doc = documents.get(i);
      if (lastPosition.get(doc.id()) != i) {
        run.fail(i, doc, "duplicate document id '" + doc.id() + "' in the same input; the later document replaces it");
        continue;
      }
      if (!UnicodeText.hasVisibleCharacter(doc.title()) && !UnicodeText.hasVisibleCharacter(doc.text())) {
        run.fail(i, doc, "document has no title and no text to index");
        continue;
      }
      String hash = doc.contentHash();
      Optional<String> stored = index.contentHash(tenant, doc.id());
      if (stored.isPresent() && stored.get().equals(hash)) {
        run.skipped(i, doc);
        continue;
      }
      List<Passage> passages = chunker.chunk(doc);
      batch.add(new Pending(i, doc, hash, stored.isPresent(), passages));
      batchChunks += passages.size();
      if (batchChunks >= batchSize) {
        write(batch, tenant, run);
        batch.clear();
        batchChunks = 0;
      }
    }
    if (!batch.isEmpty()) {
      write(batch, tenant, run);
    }
    return run.report(Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Removes a document and all its chunks, durably.
   *
   * @return whether the document was in the index
   * @throws IllegalArgumentException when {@code docId} is null or blank
   */
  public boolean delete(String docId) {
    return delete(Access.DEFAULT_TENANT, docId);
  }

  /** {@link #delete(String)} of {@code tenant}'s document; another tenant's document of the same id stays. */
  public synchronized boolean delete(String tenant, String docId) {
    if (docId == null) {
      throw new IllegalArgumentException("document id must not be blank");
    }
    Document.checkId(docId);
    boolean removed = index.delete(Objects.requireNonNull(tenant, "tenant"), docId);
    if (removed) {
      index.commit();
      index.refresh();
    }
    return removed;
  }

  /** What the encoder sees for a passage: its title and its text, so the chunk carries its subject. */
  static String encodingText(Passage passage) {
    return passage.title().isBlank() ? passage.text() : passage.title() + "\n\n" + passage.text();
  }

  /** Encodes, upserts and commits one batch; documents the encoder or index rejects become dead letters. */
  private void write(List<Pending> batch, String tenant, Run run) {
    List<String> texts = new ArrayList<>();
    for (Pending p : batch) {
      p.passages().forEach(passage -> texts.add(encodingText(passage)));
    }
    List<float[]> vectors = null;
    try {
      vectors = encode(texts);
    } catch (RuntimeException e) {
      LOG.debug("batch of {} documents failed to encode; retrying one by one to find the bad one", batch.size(), e);
    }
    int offset = 0;
    boolean wrote = false;
    for (Pending p : batch) {
      int n = p.passages().size();
      List<float[]> docVectors;
      if (vectors != null) {
        docVectors = vectors.subList(offset, offset + n);
        offset += n;
      } else {
        try {
          docVectors = encode(texts.subList(offset, offset + n));
        } catch (RuntimeException e) {
          run.fail(p.position(), p.doc(), "encoder failed: " + describe(e));
          offset += n;
          continue;
        }
        offset += n;
      }
      List<EncodedChunk> chunks = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        chunks.add(new EncodedChunk(p.passages().get(i), docVectors.get(i)));
      }
      try {
        index.upsert(tenant, p.doc().id(), p.hash(), p.doc().acl(), chunks);
      } catch (IllegalArgumentException e) {
        run.fail(p.position(), p.doc(), "index rejected the document: " + describe(e));
        continue;
      }
      wrote = true;
      run.written(p.position(), p.doc(), p.existed(), n);
    }
    if (wrote) {
      index.commit();
      index.refresh();
    }
  }

  /** Encodes in calls of at most {@code batchSize} texts and checks the encoder kept its contract. */
  private List<float[]> encode(List<String> texts) {
    int dimension = encoder.info().dimension();
    List<float[]> out = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += batchSize) {
      List<String> slice = texts.subList(from, Math.min(texts.size(), from + batchSize));
      List<float[]> vectors = encoder.encodeAll(slice);
      if (vectors == null || vectors.size() != slice.size()) {
        throw new IllegalStateException("encoder returned " + (vectors == null ? "null" : vectors.size() + " vectors")
            + " for " + slice.size() + " texts");
      }
      for (float[] v : vectors) {
        if (v == null || v.length != dimension) {
          throw new IllegalStateException("encoder returned a vector of dimension "
              + (v == null ? "null" : v.length) + ", expected " + dimension);
        }
      }
      out.addAll(vectors);
    }
    return out;
  }

  /** The failure in words: dead letters reach HTTP clients and the CLI, which a Java type name tells nothing. */
  private static String describe(RuntimeException e) {
    LOG.debug("ingestion failure", e);
    return e.getMessage() == null ? "no reason given (details in the server log at debug level)" : e.getMessage();
  }

  /** A document waiting for its batch to be encoded; {@code position} is its place in the input. */
  private record Pending(int position, Document doc, String hash, boolean existed, List<Passage> passages) {}

  /** Counters of one call. */
  private final class Run {
    private final int total;
    private final ProgressListener progress;
    /** The first of each source and reason, up to the report's limit; {@code failed} counts them all. */
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    /** By position in the input: documents of one encoder batch are settled together, after later skips. */
    private final DocumentResult[] results;
    private final Set<List<String>> seen = new HashSet<>();
    private int failed;
    private int added;
    private int updated;
    private int skipped;
    private int chunks;
    private int done;

    Run(int total, ProgressListener progress) {
      this.total = total;
      this.progress = progress;
      this.results = new DocumentResult[total];
      progress.onProgress(0, total);
    }

    void skipped(int position, Document doc) {
      skipped++;
      results[position] = new DocumentResult(doc.id(), DocumentResult.Outcome.SKIPPED, 0, "");
      step();
    }

    void written(int position, Document doc, boolean existed, int chunkCount) {
      if (existed) {
        updated++;
      } else {
        added++;
      }
      chunks += chunkCount;
      results[position] = new DocumentResult(doc.id(), existed ? DocumentResult.Outcome.UPDATED : DocumentResult.Outcome.ADDED, chunkCount, "");
      step();
    }

    void fail(int position, Document doc, String reason) {
      String where = doc.source().isBlank() ? doc.id() : doc.source() + "#" + doc.id();
      failed++;
      if (deadLetters.size() < IngestReport.MAX_DEAD_LETTERS && seen.add(List.of(where, reason))) {
        deadLetters.add(new DeadLetter(where, reason, clock.instant()));
      }
      results[position] = new DocumentResult(doc.id(), DocumentResult.Outcome.FAILED, 0, reason);
      step();
    }

    private void step() {
      done++;
      progress.onProgress(done, total);
    }

    IngestReport report(Duration elapsed) {
      return new IngestReport(added, updated, skipped, failed, chunks, deadLetters, elapsed, Arrays.asList(results));
    }
  }
}
