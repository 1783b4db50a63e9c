package io.caravan.connectors.lucene;

import io.caravan.core.Passage;
import io.caravan.core.document.EncodedChunk;
import io.caravan.core.spi.Encoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds chunks for tests: one document's texts, chunk ids {@code docId#i}, vectors from an encoder. */
final class Chunks {

  private Chunks() {}

  static List<EncodedChunk> of(Encoder encoder, String docId, String title, Map<String, String> metadata, String... texts) {
    List<EncodedChunk> out = new ArrayList<>();
    int offset = 0;
    for (int i = 0; i < texts.length; i++) {
      Passage p = new Passage(docId + "#" + i, docId, title, texts[i], offset, offset + texts[i].length(), metadata);
      out.add(new EncodedChunk(p, encoder.encodeAll(List.of(IndexFields.body(title, texts[i]))).get(0)));
      offset += texts[i].length() + 1;
    }
    return out;
  }
}
