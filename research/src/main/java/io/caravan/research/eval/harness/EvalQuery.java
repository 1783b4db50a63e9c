package io.caravan.research.eval.harness;

import io.caravan.core.Turn;
import java.util.List;
import java.util.Objects;

/** One query of an evaluation set: its stable id (checkpoints and comparisons key on it), text and conversation so far. */
public record EvalQuery(String id, String text, List<Turn> history) {
  public EvalQuery {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(text, "text");
    if (id.isBlank()) {
      throw new IllegalArgumentException("query id must not be blank");
    }
    history = List.copyOf(history == null ? List.of() : history);
  }

  public static EvalQuery of(String id, String text) {
    return new EvalQuery(id, text, List.of());
  }
}
