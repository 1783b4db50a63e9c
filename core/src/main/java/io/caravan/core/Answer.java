package io.caravan.core;

import java.util.List;
import java.util.Objects;

/**
 * A generated answer with its citations. {@code confidence} is in [0, 1] where the generator can
 * say (extractive support, token probabilities); {@link Double#NaN} where it cannot. {@code signals}
 * carries the token-level uncertainty and grounding checks of generators that know them.
 */
public record Answer(String text, List<Citation> citations, double confidence, String generator, AnswerSignals signals) {

  public Answer {
    Objects.requireNonNull(text, "text");
    citations = List.copyOf(citations == null ? List.of() : citations);
    generator = generator == null ? "" : generator;
    signals = signals == null ? AnswerSignals.NONE : signals;
  }

  /** An answer without token-level signals. */
  public Answer(String text, List<Citation> citations, double confidence, String generator) {
    this(text, citations, confidence, generator, AnswerSignals.NONE);
  }

  /** The answer a generator gives when the context holds nothing to answer from. */
  public static Answer noAnswer(String generator, String why) {
    return new Answer(why, List.of(), 0.0, generator);
  }
}
