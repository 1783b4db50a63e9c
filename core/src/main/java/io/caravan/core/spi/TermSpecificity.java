package io.caravan.core.spi;

/**
 * How well a word retrieves, in [0, 1]: 1 for a word that picks out few documents, 0 for one that
 * is everywhere. An index supplies it (from document frequencies: I/O), so only steps call it; a
 * step stores what it found as {@link io.caravan.core.TermSpecificities} for policies to read.
 */
@FunctionalInterface
public interface TermSpecificity {

  /** Every word equally specific: what is used with no index (CANARD has no corpus). */
  TermSpecificity UNIFORM = word -> 1.0;

  double of(String word);
}
