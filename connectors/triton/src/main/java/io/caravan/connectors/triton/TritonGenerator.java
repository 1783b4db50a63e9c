package io.caravan.connectors.triton;

import io.caravan.connectors.generation.AnswerSupport;
import io.caravan.connectors.llama.Completion;
import io.caravan.connectors.llama.LlamaGenerator;
import io.caravan.connectors.llama.LlamaSettings;
import io.caravan.connectors.llama.LlmAnswer;
import io.caravan.connectors.llama.TokenProbabilities;
import io.caravan.core.Answer;
import io.caravan.core.Candidate;
import io.caravan.core.Query;
import io.caravan.core.spi.Fallback;
import io.caravan.core.spi.Generator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The in-process generator's model ({@link LlamaGenerator}: the same GGUF file, greedy decoding)
 * served by Triton ({@code triton/models/llm_generator.py}): the prompt is written here exactly as
 * in-process ({@link LlmAnswer#prompt}), the server generates, and the answer is built here from the
 * completion with the in-process generator's code ({@link LlmAnswer#of}), its token signals from the
 * top probabilities the server reports with the same definitions ({@link TokenProbabilities#of}).
 * So both backends answer alike; answers from here carry the generator name {@value #NAME}.
 *
 * <p>Passages that do not fit the model's context are left out, last first, as in-process: the
 * server says how many tokens the prompt is and how large its context is, so a prompt too long costs
 * one more call per passage dropped, not a tokenizer here.
 *
 * <p>Streaming: the server answers whole, so {@link #generate(Query, List, Consumer)} hands on the
 * pieces (one per generated token) once the answer is complete. Which is what lets a fallback
 * ({@link #fallback()}, to the in-process generator) take over a failed call cleanly.
 *
 * <p>The model's contract, checked by {@link #start()}: inputs {@code prompt} BYTES [1], {@code
 * max_tokens} and {@code top_probabilities} INT32 [1]; outputs {@code pieces} BYTES [-1], {@code
 * probabilities} FP32 [-1, -1] (per step, the top probabilities, most likely first), {@code steps}
 * (how many of those rows are generated tokens: PyTriton sends no empty tensor, so an answer of no
 * tokens comes as one unused row), {@code prompt_tokens} and {@code context_size} INT32 [1].
 */
public final class TritonGenerator implements Generator {

  /** The generator name answers from Triton carry (the in-process one's is {@value LlamaGenerator#NAME}). */
  public static final String NAME = "llm-triton";
  /** The Triton model name {@code triton/server.py --llm-model} serves the GGUF under. */
  public static final String MODEL = "llm_generator";

  static final String PROMPT = "prompt";
  static final String MAX_TOKENS = "max_tokens";
  static final String TOP = "top_probabilities";
  static final String PIECES = "pieces";
  static final String PROBABILITIES = "probabilities";
  static final String STEPS = "steps";
  static final String PROMPT_TOKENS = "prompt_tokens";
  static final String CONTEXT_SIZE = "context_size";

  private final GuardedModel model;
  private final int maxTokens;
  private final int topProbabilities;
  private final AnswerSupport support;
  private final String instruction;

  /**
   * @param maxTokens the most tokens one answer may have
   * @param topProbabilities how many of the most likely next tokens each step reports (the entropy's)
   */
  public TritonGenerator(GuardedModel model, int maxTokens, int topProbabilities, AnswerSupport support, String instruction) {
    this.model = Objects.requireNonNull(model, "model");
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
    }
    if (topProbabilities < 1 || topProbabilities > 100) {
      throw new IllegalArgumentException("topProbabilities must be between 1 and 100, was " + topProbabilities);
    }
    this.maxTokens = maxTokens;
    this.topProbabilities = topProbabilities;
    this.support = Objects.requireNonNull(support, "support");
    this.instruction = Objects.requireNonNull(instruction, "instruction");
  }

  /**
   * The generator the in-process one with {@code settings} would be (answer length, reported top
   * probabilities, instruction), on Triton. The context size is the server's ({@code --llm-context}).
   */
  public static TritonGenerator like(GuardedModel model, LlamaSettings settings) {
    return new TritonGenerator(model, settings.maxTokens(), settings.topProbabilities(), new AnswerSupport(), LlamaGenerator.INSTRUCTION);
  }

  /**
   * Checks the server and the model's signature.
   *
   * @throws TritonException when the server is down, the model not ready (a server started without
   *     {@code --llm-model}), or its tensors differ
   */
  public ModelSignature start() {
    try {
      return model.verify(
          List.of(new TensorSpec(PROMPT, "BYTES", List.of(1L)), new TensorSpec(MAX_TOKENS, "INT32", List.of(1L)), new TensorSpec(TOP, "INT32", List.of(1L))),
          List.of(
              new TensorSpec(PIECES, "BYTES", List.of(-1L)),
              new TensorSpec(PROBABILITIES, "FP32", List.of(-1L, -1L)),
              new TensorSpec(STEPS, "INT32", List.of(1L)),
              new TensorSpec(PROMPT_TOKENS, "INT32", List.of(1L)),
              new TensorSpec(CONTEXT_SIZE, "INT32", List.of(1L))));
    } catch (TritonException e) {
      if (e.kind() == TritonException.Kind.MODEL_NOT_READY) {
        throw new TritonException(e.kind(), e.getMessage() + "; the generator model is served only when triton/server.py is given --llm-model GGUF", e);
      }
      throw e;
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  public ModelMetrics.Snapshot metrics() {
    return model.metrics().snapshot();
  }

  public CircuitBreaker.State breakerState() {
    return model.breakerState();
  }

  /** Falling back from this model to the in-process generator: on a {@link TritonException}, counted in {@link #metrics()} and logged. */
  public Fallback fallback() {
    return model.fallback("answers generated in-process");
  }

  @Override
  public Answer generate(Query query, List<Candidate> context) {
    return generate(query, context, piece -> {});
  }

  @Override
  public Answer generate(Query query, List<Candidate> context, Consumer<String> tokens) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(tokens, "tokens");
    List<Candidate> fitted = List.copyOf(context);
    while (true) {
      Result r = call(LlmAnswer.prompt(query, fitted, instruction));
      if (r.promptTokens + maxTokens <= r.contextSize) {
        r.pieces.stream().filter(p -> !p.isEmpty()).forEach(tokens);
        return LlmAnswer.of(NAME, model.model() + " on Triton", r.completion, fitted, support);
      }
      if (fitted.isEmpty()) {
        throw new IllegalArgumentException(
            "the prompt is " + r.promptTokens + " tokens; with " + maxTokens + " to generate it does not fit the context of " + r.contextSize
                + " tokens of Triton model '" + model.model() + "'");
      }
      fitted = fitted.subList(0, fitted.size() - 1);
    }
  }

  private record Result(List<String> pieces, Completion completion, int promptTokens, int contextSize) {}

  private Result call(String prompt) {
    long start = System.nanoTime();
    List<OutputTensor> out =
        model.infer(
            List.of(
                InputTensor.strings(PROMPT, new long[] {1}, List.of(prompt)),
                InputTensor.int32(MAX_TOKENS, new long[] {1}, new int[] {maxTokens}),
                InputTensor.int32(TOP, new long[] {1}, new int[] {topProbabilities})),
            List.of(PIECES, PROBABILITIES, STEPS, PROMPT_TOKENS, CONTEXT_SIZE),
            1);
    long total = System.nanoTime() - start;
    List<String> rows = out.get(0).strings();
    float[] probabilities = out.get(1).floats();
    int n = single(out.get(2));
    int promptTokens = single(out.get(3));
    int contextSize = single(out.get(4));
    long[] shape = out.get(1).shape();
    if (n < 0 || rows.size() != Math.max(n, 1) || shape.length != 2 || shape[0] != rows.size() || shape[1] != topProbabilities) {
      throw new TritonException(
          TritonException.Kind.MODEL_MISMATCH,
          "Triton model '" + model.model() + "' returned " + n + " steps in " + rows.size() + " pieces with probabilities of shape "
              + Arrays.toString(shape) + ", expected " + Math.max(n, 1) + " pieces and [" + Math.max(n, 1) + ", " + topProbabilities + "]");
    }
    List<String> pieces = rows.subList(0, n);
    List<TokenProbabilities> steps = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      List<Float> top = new ArrayList<>(topProbabilities);
      for (int j = 0; j < topProbabilities; j++) {
        top.add(probabilities[i * topProbabilities + j]);
      }
      steps.add(TokenProbabilities.of(top));
    }
    // no streaming: the first token arrives with the last
    return new Result(pieces, new Completion(String.join("", pieces), steps, promptTokens, total, total), promptTokens, contextSize);
  }

  private int single(OutputTensor t) {
    int[] v = t.ints();
    if (v.length != 1) {
      throw new TritonException(TritonException.Kind.MODEL_MISMATCH, "Triton model '" + model.model() + "' returned " + v.length + " values for '" + t.name() + "'");
    }
    return v[0];
  }

  @Override
  public String toString() {
    return "TritonGenerator(" + model + ")";
  }
}
