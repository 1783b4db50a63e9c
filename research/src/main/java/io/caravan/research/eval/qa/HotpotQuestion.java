package io.caravan.research.eval.qa;

import java.util.List;
import java.util.Objects;

/**
 * One HotpotQA question. {@code supportingDocIds} and {@code contextDocIds} are ids of documents in
 * the pooled corpus of {@link HotpotQaDataset}, in the order the question's contexts list them.
 */
public record HotpotQuestion(String id, String text, List<String> answers, List<String> supportingDocIds, List<String> contextDocIds) {

  public HotpotQuestion {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(text, "text");
    answers = List.copyOf(answers);
    supportingDocIds = List.copyOf(supportingDocIds);
    contextDocIds = List.copyOf(contextDocIds);
    if (answers.isEmpty()) {
      throw new IllegalArgumentException("question " + id + " has no gold answer");
    }
  }
}
