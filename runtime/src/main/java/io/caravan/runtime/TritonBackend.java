package io.caravan.runtime;

import io.caravan.connectors.lucene.rerank.FallbackScorer;
import io.caravan.connectors.lucene.rerank.FusionScorer;
import io.caravan.connectors.onnx.EncoderVariant;
import io.caravan.connectors.onnx.InProcessEncoder;
import io.caravan.connectors.llama.LlamaGenerator;
import io.caravan.connectors.llama.LlamaSettings;
import io.caravan.connectors.triton.GuardedModel;
import io.caravan.connectors.triton.ModelMetrics;
import io.caravan.connectors.triton.TritonClient;
import io.caravan.connectors.triton.TritonEncoder;
import io.caravan.connectors.triton.TritonException;
import io.caravan.connectors.triton.TritonFusionScorer;
import io.caravan.connectors.triton.TritonGenerator;
import io.caravan.connectors.triton.TritonOptions;
import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.FallbackEncoder;
import io.caravan.core.spi.FallbackGenerator;
import io.caravan.core.spi.Generator;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Triton side of an instance, built from settings when {@code caravan.encoder.backend}, {@code
 * caravan.reranker.backend} or {@code caravan.generator.backend} is {@code triton}; {@code null} from
 * {@link #open} otherwise, and nothing changes. Processes are the same either way: only which object encodes and scores does.
 *
 * <p>Start: the server and models are checked at once. A model that does not match what Caravan
 * sends is an error whatever the fallback; an unreachable server is an error only without fallback
 * (with {@code caravan.triton.fallback=in-process} the instance starts and falls back until Triton
 * answers).
 *
 * <p>Fallback: with {@code caravan.triton.fallback=in-process} each Triton model is wrapped in a
 * fallback decorator over its in-process twin ({@link FallbackEncoder}, {@link FallbackScorer},
 * {@link FallbackGenerator}).
 */
final class TritonBackend implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(TritonBackend.class.getName());

  private final TritonClient client;
  private final TritonOptions options;
  private final TritonEncoder encoder;
  private final Encoder served; // the encoder, behind its fallback when there is one
  private final boolean reranks;
  private final boolean generates;
  private final boolean fallback;
  private final String rerankerModel;
  private final String generatorModel;
  private final TritonOptions generatorOptions;
  private TritonFusionScorer reranker;
  private TritonGenerator generator;
  /** Every model this backend calls, for the metrics registry; filled as the models are made. */
  private final List<ModelMetrics> models = new CopyOnWriteArrayList<>();

  private TritonBackend(CaravanSettings s, InProcessEncoder inProcess, boolean encodes, boolean reranks, boolean generates) {
    this.options = options(s);
    this.generates = generates;
    this.generatorModel = s.get("caravan.triton.generator-model");
    this.generatorOptions = options.withTimeout(Duration.ofMillis(s.intValue("caravan.triton.generator-timeout-ms", 1, Integer.MAX_VALUE)));
    this.fallback = switch (s.get("caravan.triton.fallback").strip().toLowerCase(Locale.ROOT)) {
      case "in-process" -> true;
      case "none" -> false;
      default -> throw CaravanSettings.invalid("caravan.triton.fallback", "expected in-process or none, was '" + s.get("caravan.triton.fallback") + "'");
    };
    this.rerankerModel = s.get("caravan.triton.reranker-model");
    this.reranks = reranks;
    this.client = new TritonClient(options.grpcTarget());
    if (encodes) {
      if (inProcess == null) {
        client.close();
        throw CaravanSettings.invalid("caravan.encoder.backend", "triton serves the bundled all-MiniLM-L6-v2; it cannot stand in for an encoder given to Caravan.builder()");
      }
      if (!inProcess.info().modelId().equals(EncoderVariant.FP32.modelId())) {
        client.close();
        throw CaravanSettings.invalid("caravan.encoder", "the Triton model serves the fp32 weights; set caravan.encoder=fp32 with caravan.encoder.backend=triton");
      }
      this.encoder = TritonEncoder.miniLm(client, s.get("caravan.triton.encoder-model"), options);
      models.add(encoder.liveMetrics());
      this.served = fallback ? new FallbackEncoder(encoder, inProcess, encoder.fallback()) : encoder;
      try {
        check(encoder::start);
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    } else {
      this.encoder = null;
      this.served = null;
    }
  }

  /**
   * The Triton backend these settings ask for, or {@code null} when everything runs in-process;
   * {@code inProcess} is null when the caller gave Caravan its own encoder.
   */
  static TritonBackend open(CaravanSettings s, InProcessEncoder inProcess) {
    boolean encodes = backend(s, "caravan.encoder.backend");
    boolean reranks = backend(s, "caravan.reranker.backend");
    boolean generates = backend(s, "caravan.generator.backend");
    if (generates && s.generator() != GeneratorKind.LLM) {
      throw CaravanSettings.invalid(
          "caravan.generator.backend", "triton serves the in-process GGUF model, so it needs caravan.generator=llm, was '" + s.get("caravan.generator") + "'");
    }
    return encodes || reranks || generates ? new TritonBackend(s, inProcess, encodes, reranks, generates) : null;
  }

  /** Whether answers come from Triton ({@code caravan.generator.backend=triton}). */
  boolean generates() {
    return generates;
  }

  /**
   * The generator to use: the model on Triton like {@code local} ({@code settings}: answer length,
   * reported top probabilities), behind its fallback to {@code local} when there is one; {@code
   * local} when answers stay in-process.
   */
  Generator generator(LlamaGenerator local, LlamaSettings settings) {
    if (!generates) {
      return local;
    }
    GuardedModel model = new GuardedModel(client, generatorModel, generatorOptions);
    models.add(model.metrics());
    TritonGenerator g = TritonGenerator.like(model, settings);
    check(g::start);
    this.generator = g;
    return fallback ? new FallbackGenerator(g, local, g.fallback()) : g;
  }

  /** True when the in-process encoder is needed: as the encoder, or as the fallback. */
  boolean needsInProcessEncoder() {
    return encoder == null || fallback;
  }

  /** The encoder to use: Triton's, or {@code inProcess} when only the reranker is on Triton. */
  Encoder encoder(Encoder inProcess) {
    return served == null ? inProcess : served;
  }

  /** The learned-fusion scorer on Triton, or {@code local} when reranking stays in-process. */
  FusionScorer scorer(FusionScorer local) {
    if (!reranks) {
      return local;
    }
    GuardedModel model = new GuardedModel(client, rerankerModel, options);
    models.add(model.metrics());
    TritonFusionScorer r = new TritonFusionScorer(model);
    check(r::start);
    this.reranker = r;
    return fallback ? new FallbackScorer(r, local, r.fallback(), TritonFusionScorer.FALLBACK_MARK) : r;
  }

  /** The call counters of every Triton model this backend made so far. */
  List<ModelMetrics> models() {
    return List.copyOf(models);
  }

  /** Whether the learned-fusion scores come from Triton ({@code caravan.reranker.backend=triton}). */
  boolean reranks() {
    return reranks;
  }

  private void check(Runnable start) {
    try {
      start.run();
    } catch (TritonException e) {
      if (fallback && e.isTransient()) {
        LOG.log(Level.WARNING, "Triton is not available yet ({0}); falling back to in-process until it is", e.getMessage());
      } else {
        throw new IllegalStateException("Triton backend (" + options.grpcTarget() + "): " + e.getMessage(), e);
      }
    }
  }

  private static boolean backend(CaravanSettings s, String key) {
    return switch (s.get(key).strip().toLowerCase(Locale.ROOT)) {
      case "in-process" -> false;
      case "triton" -> true;
      default -> throw CaravanSettings.invalid(key, "expected in-process or triton, was '" + s.get(key) + "'");
    };
  }

  static TritonOptions options(CaravanSettings s) {
    String target = s.get("caravan.triton.grpc").strip();
    if (!target.matches("[^:\\s]+:\\d+")) {
      throw CaravanSettings.invalid("caravan.triton.grpc", "expected host:port, was '" + target + "'");
    }
    int timeoutMs = s.intValue("caravan.triton.timeout-ms", 1, Integer.MAX_VALUE);
    int attempts = s.intValue("caravan.triton.attempts", 1, 100);
    int windowMs = s.intValue("caravan.triton.batch.window-ms", 0, 60_000);
    int batchMax = s.intValue("caravan.triton.batch.max", 1, 100_000);
    int concurrency = s.intValue("caravan.triton.concurrency", 1, 1_000);
    try {
      return TritonOptions.defaults(target)
          .withTimeout(Duration.ofMillis(timeoutMs))
          .withRetries(attempts, Duration.ofMillis(50))
          .withBatching(Duration.ofMillis(windowMs), batchMax, concurrency);
    } catch (IllegalArgumentException e) {
      throw CaravanSettings.invalid("caravan.triton.*", e.getMessage());
    }
  }

  /** Per-model call metrics (calls, batch sizes, failures, retries, fallbacks, latency), logged at close. */
  @Override
  public void close() {
    if (encoder != null) {
      LOG.info(() -> "Triton " + encoder.metrics());
      encoder.close();
    }
    if (reranker != null) {
      LOG.info(() -> "Triton " + reranker.metrics());
    }
    if (generator != null) {
      LOG.info(() -> "Triton " + generator.metrics());
    }
    client.close();
  }
}
