package io.caravan.core.spi;

import io.caravan.core.Answer;
import io.caravan.core.Candidate;
import io.caravan.core.Query;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/** Writes an answer to a query from the given context passages, citing them. */
public interface Generator {

  String name();

  Answer generate(Query query, List<Candidate> context);

  /**
   * The streaming form: hands each piece of the answer's text to {@code tokens} as soon as it is
   * generated, in order, then returns the whole answer (whose text is the pieces joined, unless the
   * generator rewrites it at the end, as when it drops citation markers that name no passage).
   * Generators that produce the answer at once (the extractive one) hand it over as one piece, which
   * is what this default does. {@code tokens} is called on the generating thread; an exception it
   * throws stops the generation and propagates.
   */
  default Answer generate(Query query, List<Candidate> context, Consumer<String> tokens) {
    Objects.requireNonNull(tokens, "tokens");
    Answer answer = generate(query, context);
    if (!answer.text().isEmpty()) {
      tokens.accept(answer.text());
    }
    return answer;
  }
}
