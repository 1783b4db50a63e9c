package io.caravan.core;

import java.util.Map;
import java.util.Objects;

/**
 * A retrievable unit: one chunk of a source document. {@code start} and {@code end} are character
 * offsets of {@code text} inside the document's body, so a citation can point back into the source.
 */
public record Passage(
    String chunkId,
    String docId,
    String title,
    String text,
    int start,
    int end,
    Map<String, String> metadata) {

  public Passage {
    Objects.requireNonNull(chunkId, "chunkId");
    Objects.requireNonNull(docId, "docId");
    title = title == null ? "" : title;
    Objects.requireNonNull(text, "text");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad offsets [" + start + ", " + end + ") for " + chunkId);
    }
    metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
  }
}
