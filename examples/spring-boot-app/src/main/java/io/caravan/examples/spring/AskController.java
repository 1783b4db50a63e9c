package io.caravan.examples.spring;

import io.caravan.core.Answer;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.runtime.Caravan;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code GET /ask?q=...}: the question through the default process ({@code caravan.process.default}). */
@RestController
public class AskController {

  /** Longer questions are refused, as Caravan's own HTTP API does past {@code caravan.http.max-query-chars}. */
  static final int MAX_QUESTION_CHARS = 2000;

  private final Caravan caravan;

  public AskController(Caravan caravan) {
    this.caravan = caravan;
  }

  /** A cited document: its id and title. */
  public record Source(String docId, String title) {}

  /**
   * The reply: the answer, what it cites, the steps the query passed and how many passages the
   * application's step dropped. {@code confidence} is null where the generator gives none.
   */
  public record Reply(String question, String process, String answer, Double confidence, List<Source> sources, List<String> steps, int droppedPassages) {}

  @GetMapping("/ask")
  public Reply ask(@RequestParam("q") String question) {
    if (question.isBlank() || question.length() > MAX_QUESTION_CHARS) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "q must be a question of 1 to " + MAX_QUESTION_CHARS + " characters");
    }
    RagState s = caravan.ask(Query.of(question.strip()));
    Answer a = s.answer();
    return new Reply(
        question.strip(),
        caravan.settings().defaultProcess(),
        a == null ? "" : a.text(),
        a == null || Double.isNaN(a.confidence()) ? null : a.confidence(),
        a == null ? List.of() : a.citations().stream().map(c -> new Source(c.docId(), c.title())).distinct().toList(),
        s.trace().events().stream().map(TraceEvent::step).toList(),
        s.get(OneChunkPerDocument.DROPPED).orElse(0));
  }
}
