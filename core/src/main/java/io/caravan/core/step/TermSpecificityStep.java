package io.caravan.core.step;

import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.TermSpecificities;
import io.caravan.core.TraceEvent;
import io.caravan.core.spi.Step;
import io.caravan.core.spi.TermSpecificity;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Step {@value #NAME}: looks up how specific each word a later decision weighs is in the index (a
 * document-frequency lookup per word) and stores them as {@link TermSpecificities}, so that the
 * policy reading them (whether a follow-up needs rewriting, and to which entity) does no I/O.
 * Which words is the reader's business: {@code words} names them for a query (for the
 * conversational rewriter, the content words of the turns it reads).
 *
 * <p>Cost: one index lookup per distinct word (microseconds each); a question without history
 * usually has none.
 */
public final class TermSpecificityStep implements Step {

  public static final String NAME = "term-specificity";

  private final TermSpecificity index;
  private final Function<Query, ? extends Collection<String>> words;

  /**
   * @param index the index's specificity (an I/O call per word)
   * @param words the words whose specificity the reader needs, for a query
   */
  public TermSpecificityStep(TermSpecificity index, Function<Query, ? extends Collection<String>> words) {
    this.index = Objects.requireNonNull(index, "index");
    this.words = Objects.requireNonNull(words, "words");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Result run(RagState state) {
    Map<String, Double> byWord = new LinkedHashMap<>();
    for (String w : words.apply(state.query())) {
      byWord.computeIfAbsent(w, index::of);
    }
    TermSpecificities found = new TermSpecificities(byWord);
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("words", found.size());
    return Result.of(state.with(TermSpecificities.KEY, found), in);
  }
}
