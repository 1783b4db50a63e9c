package io.caravan.connectors.llama;

import io.caravan.connectors.generation.AnswerSupport;
import io.caravan.connectors.generation.GroundedPrompt;
import io.caravan.core.Answer;
import io.caravan.core.AnswerSignals;
import io.caravan.core.Candidate;
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
 * <p>Grounding and confidence: {@link LlmAnswer#of}, shared with the generator on Triton.
 *
 * <p>Passages that do not fit the model's context are left out, last first, and the trace's
 * {@code context} count says how many were used. Streams: {@link #generate(Query, List, Consumer)}
 * hands on each piece as the model writes it.
 */
public final class LlamaGenerator implements Generator {

  public static final String NAME = "llm";
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
    return LlmAnswer.of(NAME, engine.toString(), c, fitted, support);
  }

  private String prompt(Query query, List<Candidate> context) {
    return LlmAnswer.prompt(query, context, instruction);
  }

  @Override
  public String toString() {
    return "LlamaGenerator(" + engine + ")";
  }
}
