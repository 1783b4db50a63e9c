package io.caravan.core;

import java.util.Objects;

/**
 * Where a part of an answer comes from: the document, the chunk, and the character span {@code
 * [start, end)} of {@code quote} inside the document's body.
 */
public record Citation(String docId, String chunkId, String title, int start, int end, String quote) {
  public Citation {
    Objects.requireNonNull(docId, "docId");
    Objects.requireNonNull(chunkId, "chunkId");
    title = title == null ? "" : title;
    quote = quote == null ? "" : quote;
  }
}
