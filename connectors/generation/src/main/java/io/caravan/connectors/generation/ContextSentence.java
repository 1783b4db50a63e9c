package io.caravan.connectors.generation;

import io.caravan.core.Passage;

/**
 * One sentence of a context passage: the passage it came from, that passage's position in the
 * retrieved list (0 = best), and where the sentence lies in the source document, {@code [start,
 * end)} in the document's body, so a citation can point at exactly the quoted text.
 */
record ContextSentence(Passage passage, int rank, int start, int end, String text) {}
