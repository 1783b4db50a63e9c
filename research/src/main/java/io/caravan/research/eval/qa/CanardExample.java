package io.caravan.research.eval.qa;

import java.util.List;
import java.util.Objects;

/**
 * One CANARD example. {@code history} is the dialog so far, oldest first; its first two entries are
 * the Wikipedia article title and the section title, then alternating questions and answers.
 */
public record CanardExample(String dialogId, int questionNo, List<String> history, String question, String rewrite) {

  public CanardExample {
    Objects.requireNonNull(dialogId, "dialogId");
    history = List.copyOf(history);
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(rewrite, "rewrite");
  }

  /** Baseline rewrite: the question as asked, with no context resolved. */
  public String rawQuestion() {
    return question;
  }

  /** Baseline rewrite: the whole history and then the question, joined by single spaces. */
  public String historyAndQuestion() {
    return history.isEmpty() ? question : String.join(" ", history) + " " + question;
  }
}
