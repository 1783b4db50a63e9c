package io.caravan.testing;

import io.caravan.core.Answer;
import io.caravan.core.Candidate;
import io.caravan.core.Citation;
import io.caravan.core.Query;
import io.caravan.core.spi.Generator;
import java.util.List;

/**
 * TEST IMPLEMENTATION of the Generator SPI, not a language model: the answer is the best passage
 * whole, citing it, under this generator's name.
 */
public record QuoteFirstGenerator(String name) implements Generator {

  @Override
  public Answer generate(Query query, List<Candidate> context) {
    if (context.isEmpty()) {
      return Answer.noAnswer(name(), "no context");
    }
    var p = context.get(0).passage();
    return new Answer(p.text(), List.of(new Citation(p.docId(), p.chunkId(), p.title(), p.start(), p.end(), p.text())), 1.0, name());
  }
}
