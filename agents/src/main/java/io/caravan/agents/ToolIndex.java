package io.caravan.agents;

import io.caravan.connectors.lucene.LuceneIndex;
import io.caravan.connectors.lucene.RetrieverKind;
import io.caravan.core.Passage;
import io.caravan.core.document.Document;
import io.caravan.core.document.EncodedChunk;
import io.caravan.core.fusion.RankFusion;
import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.Retriever;
import io.caravan.policies.tools.ToolVocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tools indexed like documents, in a Lucene index of their own held in memory: one chunk per tool
 * (title: the name, text: {@link ToolDescriptor#searchableText()}), searchable by BM25, by dense
 * vectors and by their fusion with the same retrievers documents use. It listens to a {@link
 * ToolRegistry}, so a tool is searchable as soon as it is registered and gone once removed; the
 * registry is the source of truth and the index is rebuilt from it at every start.
 *
 * <p>It also keeps the {@link ToolVocabulary} of the registered descriptions current, for the
 * rewrite policy. Cost per change: one encoder call and a near-real-time refresh; the vocabulary is
 * recounted over all tools (thousands of short texts: milliseconds).
 */
public final class ToolIndex implements ToolRegistry.Listener, AutoCloseable {

  /** Metadata key of the Camel endpoint that runs the tool. */
  public static final String ENDPOINT = "endpoint";

  private final ToolRegistry registry;
  private final Encoder encoder;
  private final LuceneIndex index;
  private final AtomicReference<ToolVocabulary> vocabulary = new AtomicReference<>(ToolVocabulary.EMPTY);

  private ToolIndex(ToolRegistry registry, Encoder encoder) {
    this.registry = registry;
    this.encoder = encoder;
    this.index = LuceneIndex.inMemory("tools", encoder.info());
  }

  /** An index of every tool {@code registry} holds now and of every later change. */
  public static ToolIndex following(ToolRegistry registry, Encoder encoder) {
    ToolIndex idx = new ToolIndex(registry, encoder);
    registry.addListener(idx);
    idx.indexAll(registry.all());
    return idx;
  }

  /** Indexes many tools with one batched encoder call (registering a catalogue). */
  private void indexAll(List<ToolDescriptor> tools) {
    List<ToolDescriptor> todo = new ArrayList<>();
    for (ToolDescriptor t : tools) {
      if (!index.contentHash(t.name()).equals(Optional.of(hash(t)))) {
        todo.add(t);
      }
    }
    if (!todo.isEmpty()) {
      List<float[]> vectors = encoder.encodeAll(todo.stream().map(ToolDescriptor::searchableText).toList());
      for (int i = 0; i < todo.size(); i++) {
        upsert(todo.get(i), vectors.get(i));
      }
      index.refresh();
    }
    recount();
  }

  @Override
  public void added(ToolDescriptor tool) {
    indexAll(List.of(tool));
  }

  @Override
  public void addedAll(List<ToolDescriptor> tools) {
    indexAll(tools);
  }

  @Override
  public void removed(String name) {
    if (index.delete(name)) {
      index.refresh();
    }
    recount();
  }

  private void upsert(ToolDescriptor t, float[] vector) {
    String text = t.searchableText();
    Passage p = new Passage(t.name(), t.name(), t.name(), text, 0, text.length(), Map.of(ENDPOINT, t.endpointUri()));
    index.upsert(t.name(), hash(t), List.of(new EncodedChunk(p, vector)));
  }

  private static String hash(ToolDescriptor t) {
    return new Document(t.name(), t.name(), t.searchableText(), Map.of(ENDPOINT, t.endpointUri()), "").contentHash();
  }

  private void recount() {
    vocabulary.set(ToolVocabulary.of(registry.all().stream().map(ToolDescriptor::searchableText).toList()));
  }

  /** The terms of the registered tools' descriptions, as of the last change. */
  public ToolVocabulary vocabulary() {
    return vocabulary.get();
  }

  public long size() {
    return index.documentCount();
  }

  /** A retriever over the tools: {@code bm25}, {@code dense} or {@code hybrid} (fused by {@code fusion}). */
  public Retriever retriever(String kind, RankFusion fusion, int depth) {
    return RetrieverKind.parse(kind).create(index, encoder, fusion, depth);
  }

  @Override
  public void close() {
    index.close();
  }
}
