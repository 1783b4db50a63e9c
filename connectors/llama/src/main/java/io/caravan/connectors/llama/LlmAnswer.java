package io.caravan.connectors.llama;

import io.caravan.connectors.generation.AnswerSupport;
import io.caravan.connectors.generation.GroundedPrompt;
import io.caravan.core.Answer;
import io.caravan.core.AnswerSignals;
import io.caravan.core.Candidate;
import io.caravan.core.Query;
import java.util.List;
import java.util.Objects;

/**
 * What a generator running Caravan's GGUF model does before and after the model, wherever the model
 * runs (in-process: {@link LlamaGenerator}; on a Triton server: the triton connector's generator):
 * the ChatML prompt, and the answer built from the completion. Shared so that both backends give the
 * same answer (text, citations, grounding, token signals) for the same completion.
 */
public final class LlmAnswer {

  private LlmAnswer() {}

  /** The grounded prompt for the question over {@code context}, in ChatML, as the model is given it. */
  public static String prompt(Query query, List<Candidate> context, String instruction) {
    Objects.requireNonNull(instruction, "instruction");
    return ChatMlPrompt.of(GroundedPrompt.messages(query, context, context.isEmpty() ? GroundedPrompt.NO_CONTEXT_INSTRUCTION : instruction));
  }

  /**
   * The answer from a completion of {@link #prompt} over {@code context}: markers naming no passage
   * removed and counted; an answer that cites nothing attributed to the passages that support it (a
   * 0.5B model often leaves markers out); the share of its content words found in what it cites as
   * its support; the mean token entropy and lowest token probability as its token signals; the
   * geometric mean of the tokens' probabilities as its confidence.
   *
   * @param generator the name the answer carries (which generator, which backend)
   * @param model the model, for the message of an empty answer
   */
  public static Answer of(String generator, String model, Completion c, List<Candidate> context, AnswerSupport support) {
    Objects.requireNonNull(generator, "generator");
    Objects.requireNonNull(support, "support");
    if (c.text().isBlank()) {
      return Answer.noAnswer(generator, "The model " + model + " gave an empty answer.");
    }
    return support.ground(c.text(), context, confidence(c), generator, AnswerSignals.ofTokens(c.tokens(), c.meanEntropy(), c.minProbability()));
  }

  private static double confidence(Completion c) {
    if (c.steps().isEmpty()) {
      return Double.NaN;
    }
    double sum = 0;
    for (TokenProbabilities p : c.steps()) {
      sum += Math.log(Math.max(p.chosen(), 1e-12));
    }
    return Math.exp(sum / c.steps().size());
  }
}
