package io.caravan.core;

import io.caravan.core.spi.TermSpecificity;
import java.util.Map;
import java.util.Objects;

/**
 * The specificity of the words a decision weighs, looked up in the index by the {@code
 * term-specificity} step so that the policy reading them stays free of I/O. A word the step did
 * not weigh counts as specific (1), as a word the index has never seen does.
 */
public record TermSpecificities(Map<String, Double> byWord) implements TermSpecificity {

  /** Where the {@code term-specificity} step stores them. */
  public static final AttributeKey<TermSpecificities> KEY = AttributeKey.of("term.specificities", TermSpecificities.class);

  public TermSpecificities {
    byWord = Map.copyOf(Objects.requireNonNull(byWord, "byWord"));
  }

  @Override
  public double of(String word) {
    return byWord.getOrDefault(word, 1.0);
  }

  public int size() {
    return byWord.size();
  }
}
