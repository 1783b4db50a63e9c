package io.caravan.connectors.llama;

import io.caravan.connectors.generation.AnswerSupport;
import io.caravan.connectors.generation.CitedText;
import io.caravan.connectors.generation.GroundedPrompt;
import io.caravan.core.Answer;
import io.caravan.core.AnswerSignals;
import io.caravan.core.Candidate;
import io.caravan.core.Citation;
import io.caravan.core.Query;
import io.caravan.core.spi.Generator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Answers with a GGUF model running in-process ({@link LlamaEngine}): the grounded prompt every chat
 * generator sends ({@link GroundedPrompt}: cite the numbered passages as [n]), greedy decoding, and
 * the answer's token-level uncertainty in its {@link AnswerSignals} (mean token entropy, lowest
 * token probability), which the adaptive-depth policy reads as L-RAG does.
 *
 * <p>Grounding: markers naming no passage are removed and counted; an answer that cites nothing is
 * attributed to the passages that support it (a 0.5B model often leaves markers out); and the
 * share of its content words found in what it cites is its support ({@link AnswerSupport}).
 * Confidence is the geometric mean of the generated tokens' probabilities.
 *
 * <p>Passages that do not fit the model's context are left out, last first, and the trace's
 * {@code context} count says how many were used. Streams: {@link #generate(Query, List, Consumer)}
 * hands on each piece as the model writes it.
 */
public final class LlamaGenerator implements Generator {

  public static final String NAME = "llm";
  /** An answer that cites nothing is attributed to at most this many supporting passages. */
  static final int MAX_ATTRIBUTED = 2;

  /**
   * The system instruction for a small model. {@link GroundedPrompt#INSTRUCTION}, written for large
   * models, made Qwen2.5 0.5B copy the passages back; this one gets one-sentence answers.
   */
  public static final String INSTRUCTION =
      "Answer the question from the numbered passages in one short sentence, and cite the passage you used like [1].";

  /** For benchmarks scored by exact match: a few words, no sentence. */
  public static final String SHORT_ANSWER_INSTRUCTION =
      "Answer the question from the numbered passages with only the answer: a few words, no sentence.";

  private final LlamaEngine engine;
  private final AnswerSupport support;
  private final String instruction;

  public LlamaGenerator(LlamaEngine engine, AnswerSupport support, String instruction) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.support = Objects.requireNonNull(support, "support");
    this.instruction = Objects.requireNonNull(instruction, "instruction");
  }

  public LlamaGenerator(LlamaEngine engine) {
    this(engine, new AnswerSupport(), INSTRUCTION);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Answer generate(Query query, List<Candidate> context) {
    return generate(query, context, piece -> {});
  }

  @Override
  public Answer generate(Query query, List<Candidate> context, Consumer<String> tokens) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(tokens, "tokens");
    int maxTokens = engine.settings().maxTokens();
    List<Candidate> fitted = List.copyOf(context);
    String prompt = prompt(query, fitted);
    while (!fitted.isEmpty() && engine.tokens(prompt) + maxTokens > engine.settings().contextSize()) {
      fitted = fitted.subList(0, fitted.size() - 1);
      prompt = prompt(query, fitted);
    }
    Completion c = engine.complete(prompt, maxTokens, null, tokens);
    if (c.text().isBlank()) {
      return Answer.noAnswer(NAME, "The model " + engine + " gave an empty answer.");
    }
    CitedText cited = CitedText.parse(c.text().strip(), fitted);
    List<Citation> citations = cited.citations();
    int attributed = 0;
    if (citations.isEmpty() && !fitted.isEmpty()) {
      citations = support.attribute(cited.text(), fitted, MAX_ATTRIBUTED);
      attributed = citations.size();
    }
    double supported = fitted.isEmpty() ? Double.NaN : support.support(cited.text(), citations);
    AnswerSignals signals =
        AnswerSignals.ofTokens(c.tokens(), c.meanEntropy(), c.minProbability()).withGrounding(cited.dropped(), attributed, supported);
    return new Answer(cited.text(), citations, confidence(c), NAME, signals);
  }

  private String prompt(Query query, List<Candidate> context) {
    return engine.prompt(GroundedPrompt.messages(query, context, context.isEmpty() ? GroundedPrompt.NO_CONTEXT_INSTRUCTION : instruction));
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

  @Override
  public String toString() {
    return "LlamaGenerator(" + engine + ")";
  }
}
