package io.caravan.connectors.llama;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import dev.langchain4j.data.message.ChatMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A GGUF model loaded in-process through llama.cpp: the part every in-process LLM path shares (the
 * generator, the LangChain4j chat model). Generation is greedy (the most likely token each step, so
 * an answer is reproducible) and reports, per token, the probabilities of the top candidates, from
 * which {@link Completion} derives the answer's entropy and lowest token probability.
 *
 * <p>One generation runs at a time: llama.cpp serves one sequence per context here, and a second
 * caller waits. Cost (measured, README "Generation"): load under a second from a warm page cache;
 * prompt processing and generation in tens of tokens per second for a 0.5B model on two cores.
 * Close it to free the model's memory.
 */
public final class LlamaEngine implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(LlamaEngine.class.getName());

  private final LlamaSettings settings;
  private final GgufFile file;
  private final LlamaModel model;
  private final long loadNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile boolean closed;

  private LlamaEngine(LlamaSettings settings, GgufFile file, LlamaModel model, long loadNanos) {
    this.settings = settings;
    this.file = file;
    this.model = model;
    this.loadNanos = loadNanos;
  }

  /**
   * Checks the file (GGUF, a ChatML chat template) and loads it.
   *
   * @throws IOException naming the file, when it is missing, not GGUF, truncated, or a model
   *     without a chat template Caravan can write (a base model that only continues text)
   */
  public static LlamaEngine load(LlamaSettings settings) throws IOException {
    Objects.requireNonNull(settings, "settings");
    GgufFile file = GgufFile.read(settings.model());
    if (!file.chatMl()) {
      throw new IOException(
          settings.model() + " (" + (file.name().isEmpty() ? file.architecture() : file.name()) + ") has "
              + (file.chatTemplate().isEmpty() ? "no chat template: it is a base model, which continues text instead of answering"
                  : "a chat template other than ChatML, the one Caravan writes")
              + "; use an instruct model with a ChatML template (Qwen2.5, SmolLM2), or serve it behind an"
              + " OpenAI-compatible server (CARAVAN_LLM_BASE_URL)");
    }
    LlamaNatives.prepare();
    // llama.cpp logs every slot event; its messages go to the JDK logger at debug level
    LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> LOG.log(System.Logger.Level.DEBUG, message::strip));
    long start = System.nanoTime();
    LlamaModel model;
    try {
      model = new LlamaModel(new ModelParameters()
          .setModelFilePath(settings.model().toAbsolutePath().toString())
          .setNCtx(settings.contextSize())
          .setNThreads(settings.threads())
          .setNThreadsBatch(settings.threads()));
    } catch (RuntimeException e) {
      throw new IOException("llama.cpp could not load " + settings.model() + ": " + e.getMessage(), e);
    }
    return new LlamaEngine(settings, file, model, System.nanoTime() - start);
  }

  public LlamaSettings settings() {
    return settings;
  }

  public GgufFile file() {
    return file;
  }

  /** How long loading the model took. */
  public long loadNanos() {
    return loadNanos;
  }

  /** How many tokens {@code text} is for this model. */
  public int tokens(String text) {
    checkOpen();
    return model.encode(text).length;
  }

  /** The prompt for these messages, in the model's chat format. */
  public String prompt(List<ChatMessage> messages) {
    return ChatMlPrompt.of(messages);
  }

  /**
   * Generates from {@code prompt} (already in the chat format: {@link #prompt}).
   *
   * @param maxTokens the most tokens to generate
   * @param grammar a GBNF grammar the output must follow, or null
   * @param pieces receives each piece of text as it is generated; an exception it throws cancels
   *     the generation and propagates
   * @throws IllegalArgumentException when the prompt and {@code maxTokens} do not fit the context
   */
  public Completion complete(String prompt, int maxTokens, String grammar, Consumer<String> pieces) {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(pieces, "pieces");
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be positive, was " + maxTokens);
    }
    lock.lock();
    try {
      checkOpen();
      int promptTokens = model.encode(prompt).length;
      if (promptTokens + maxTokens > settings.contextSize()) {
        throw new IllegalArgumentException(
            "the prompt is " + promptTokens + " tokens; with " + maxTokens + " to generate it does not fit the model's context of "
                + settings.contextSize() + " tokens");
      }
      InferenceParameters params = new InferenceParameters(prompt)
          .setNPredict(maxTokens)
          // a negative temperature is llama.cpp's greedy decoding that still computes the softmax,
          // so the probabilities are the model's, not the 1/0 of plain greedy decoding
          .setTemperature(-1f)
          .setNProbs(settings.topProbabilities())
          .setCachePrompt(true)
          .setStopStrings(ChatMlPrompt.END, "<|endoftext|>");
      if (grammar != null) {
        params.setGrammar(grammar);
      }
      long start = System.nanoTime();
      long first = -1;
      StringBuilder text = new StringBuilder();
      List<TokenProbabilities> steps = new ArrayList<>();
      LlamaIterator it = model.generate(params).iterator();
      try {
        while (it.hasNext()) {
          LlamaOutput out = it.next();
          if (out.text.isEmpty()) {
            continue; // the closing output repeats every step's probabilities under no text
          }
          if (first < 0) {
            first = System.nanoTime() - start;
          }
          TokenProbabilities p = TokenProbabilities.of(out.probabilities.values());
          if (p != null) {
            steps.add(p);
          }
          text.append(out.text);
          pieces.accept(out.text);
        }
      } catch (RuntimeException | Error e) {
        it.cancel();
        throw e;
      }
      long total = System.nanoTime() - start;
      return new Completion(text.toString(), steps, promptTokens, first < 0 ? total : first, total);
    } finally {
      lock.unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the model " + settings.model() + " was closed");
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        model.close();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "llama.cpp " + (file.name().isEmpty() ? settings.model().getFileName() : file.name());
  }
}
