package io.caravan.policies.rewrite;

/**
 * How well a word retrieves, in [0, 1]: 1 for a word that picks out few documents, 0 for one that
 * is everywhere. The conversational rewriter prefers carrying specific words; an index connector
 * supplies it (from document frequencies), so the rewriter stays free of I/O.
 */
@FunctionalInterface
public interface TermSpecificity {

  /** Every word equally specific: what a rewriter uses with no index (CANARD has no corpus). */
  TermSpecificity UNIFORM = word -> 1.0;

  double of(String word);
}
