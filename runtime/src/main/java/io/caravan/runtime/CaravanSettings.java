package io.caravan.runtime;

import io.caravan.agents.ToolSettings;
import io.caravan.agents.mcp.RemoteMcpServer;
import io.caravan.connectors.onnx.EncoderVariant;
import io.caravan.core.fusion.RankFusion;
import io.caravan.core.fusion.ReciprocalRankFusion;
import io.caravan.core.fusion.ScoreInterpolation;
import io.caravan.policies.depth.DepthThresholds;
import io.caravan.policies.iteration.IterationLimits;
import io.caravan.policies.iteration.NextQueryStep;
import io.caravan.policies.tools.ToolRewritePolicy;
import io.caravan.processes.BpmnLimits;
import io.caravan.processes.HistoryMode;
import io.caravan.processes.ProcessSettings;
import io.caravan.processes.RunTimeouts;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every setting of a Caravan instance, with its default. Sources, later ones winning: the defaults
 * below, a properties file, environment variables ({@code caravan.http.port} is {@code
 * CARAVAN_HTTP_PORT}), then command-line options. An unknown key in a file is an error, not a
 * silent no-op, and every bad value names its key.
 */
public final class CaravanSettings {

  static final Map<String, String> DEFAULTS = defaults();
  /** Keys that once existed, with why they are gone, so an old settings file fails with a reason. */
  private static final Map<String, String> REMOVED = Map.of(
      "caravan.bpmn.allow-scripts", "BPMN files never run scripts; write a step (a Camel route) instead");

  /** An hour: no query is worth holding a worker longer, whatever the settings say. */
  private static final int MAX_TIMEOUT_MS = 3_600_000;

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("caravan.data", ".caravan");
    d.put("caravan.encoder", "fp32");
    d.put("caravan.chunk.chars", "1000");
    d.put("caravan.chunk.overlap", "1");
    d.put("caravan.ingest.batch", "64");
    d.put("caravan.retriever", "hybrid");
    d.put("caravan.fusion", "rrf");
    d.put("caravan.fusion.weights", "bm25:1,dense:1");
    d.put("caravan.retrieve.depth", "100");
    d.put("caravan.reranker", "learned-fusion");
    d.put("caravan.reranker.weights", "");
    d.put("caravan.generate.context", "5");
    // the answerer: auto (a chat model when CARAVAN_LLM_* configure one, else extractive),
    // extractive, llm (the in-process GGUF model, caravan.llm.*) or chat (CARAVAN_LLM_* required)
    d.put("caravan.generator", "auto");
    d.put("caravan.llm.model-file", "");
    d.put("caravan.llm.threads", "0");
    d.put("caravan.llm.max-tokens", "96");
    d.put("caravan.llm.context", "4096");
    d.put("caravan.process.default", "rag");
    d.put("caravan.process.dir", "");
    d.put("caravan.routes.dir", "");
    d.put("caravan.history", "fast");
    d.put("caravan.bpmn.max-elements", Integer.toString(BpmnLimits.DEFAULT_MAX_ELEMENTS));
    d.put("caravan.bpmn.max-depth", Integer.toString(BpmnLimits.DEFAULT_MAX_DEPTH));
    d.put("caravan.bpmn.max-flow-elements", Integer.toString(BpmnLimits.DEFAULT_MAX_FLOW_ELEMENTS));
    d.put("caravan.http.host", "127.0.0.1");
    d.put("caravan.http.port", "8080");
    d.put("caravan.http.max-body-bytes", Long.toString(10L << 20));
    d.put("caravan.http.max-query-chars", "4096");
    d.put("caravan.admin.key", "");
    // who may call the hosted endpoint: keys (every /v1 call needs an API key) or open (one local
    // user without keys; only on a loopback address); keys come from a file of hashed entries and/or
    // CARAVAN_HTTP_API_KEYS (same entries, separated by ';')
    d.put("caravan.http.auth", "keys");
    d.put("caravan.http.api-keys-file", "");
    d.put("caravan.http.api-keys", "");
    // load shedding: queries running at once (auto: the number of processors), queries waiting for a
    // slot (auto: 4 per running one); beyond both, 429
    d.put("caravan.http.max-in-flight", "auto");
    d.put("caravan.http.max-queued", "auto");
    // per-key rate limit (queries per second, with a burst of as many); 0 is no limit
    d.put("caravan.http.rate-limit", "0");
    d.put("caravan.query.timeout-ms", "30000");
    d.put("caravan.query.max-timeout-ms", "120000");
    // what one client may hold of the HTTP server; see HttpServerLimits
    d.put("caravan.http.idle-timeout-ms", "180000");
    d.put("caravan.http.read-timeout-ms", "30000");
    d.put("caravan.http.max-connections", "512");
    // adaptive retrieval depth: the best measured configuration, DepthThresholds.defaults() (the
    // classifier alone; the uncertainty thresholds are those calibrate-depth fitted on the training
    // splits, benchmarks/results/depth/thresholds.properties)
    d.put("caravan.depth.classifier", "on");
    d.put("caravan.depth.classifier.weights", "");
    d.put("caravan.depth.uncertainty", "off");
    d.put("caravan.depth.generator-confidence", "off");
    d.put("caravan.depth.no-retrieval-threshold", "0.9");
    d.put("caravan.depth.multi-step-threshold", "0.5");
    d.put("caravan.depth.min-gap", "0.0552");
    d.put("caravan.depth.max-entropy", "0.6311");
    d.put("caravan.depth.min-nqc", "0.2518");
    d.put("caravan.depth.uncertain-votes", "2");
    d.put("caravan.depth.min-answer-confidence", "0.3587");
    // L-RAG: the generator's token-level uncertainty (only generators that report it, the in-process LLM);
    // lazy-rag's answer-first check and adaptive-rag's post-step check read it; thresholds from
    // calibrate-tokens (benchmarks/results/generation/lrag/thresholds.properties)
    d.put("caravan.depth.generator-uncertainty", "on");
    d.put("caravan.depth.max-token-entropy", "0.3236");
    d.put("caravan.depth.min-token-probability", "0.3453");
    d.put("caravan.iteration.max-rounds", "3");
    d.put("caravan.iteration.min-gain", "0.2");
    d.put("caravan.iteration.max-stability", "0.9");
    d.put("caravan.iteration.budget-ms", "5000");
    d.put("caravan.iteration.expansion", "entities");
    // query rewriting nodes (RewriteSteps)
    d.put("caravan.rewrite.rewriter", "embedded");
    d.put("caravan.rewrite.window", "8");
    d.put("caravan.rewrite.decay", "0.5");
    d.put("caravan.rewrite.short-question", "10");
    d.put("caravan.prf.mode", "uncertain");
    d.put("caravan.prf.fb-docs", "10");
    d.put("caravan.prf.fb-terms", "10");
    d.put("caravan.prf.original-weight", "0.5");
    d.put("caravan.prf.rocchio-beta", "0.5");
    d.put("caravan.prf.max-gap", "0.05");
    d.put("caravan.prf.min-entropy", "0");
    d.put("caravan.decompose.mode", "rules");
    d.put("caravan.decompose.splitter", "rules");
    d.put("caravan.decompose.fusion", "rrf");
    d.put("caravan.decompose.keep-original", "true");
    d.put("caravan.tools.dir", "");
    d.put("caravan.tools.retriever", "hybrid");
    d.put("caravan.tools.depth", "30");
    d.put("caravan.tools.rewrite", "auto");
    d.put("caravan.tools.rewrite.min-unknown", "0.34");
    d.put("caravan.tools.k.min", "1");
    d.put("caravan.tools.k.budget", "10");
    d.put("caravan.tools.k.min-gap", "0.3");
    // remote MCP servers whose tools join the tool index: name=url,name=url (Streamable HTTP endpoints);
    // each exchange with them, start-up included, is bounded by the timeout
    d.put("caravan.mcp.servers", "");
    d.put("caravan.mcp.timeout-ms", "10000");
    // Triton: which stages run there (in-process|triton) and how it is reached (connectors/triton)
    d.put("caravan.encoder.backend", "in-process");
    d.put("caravan.reranker.backend", "in-process");
    // with caravan.generator=llm: the same GGUF model on Triton (server.py --llm-model), in-process fallback
    d.put("caravan.generator.backend", "in-process");
    d.put("caravan.triton.grpc", "127.0.0.1:8001");
    d.put("caravan.triton.encoder-model", "all_minilm_l6_v2");
    d.put("caravan.triton.reranker-model", "fusion_reranker");
    d.put("caravan.triton.generator-model", "llm_generator");
    // one call is a whole answer: seconds on a small CPU machine, not the encoder's milliseconds
    d.put("caravan.triton.generator-timeout-ms", "120000");
    d.put("caravan.triton.timeout-ms", "10000");
    d.put("caravan.triton.attempts", "3");
    d.put("caravan.triton.fallback", "in-process");
    d.put("caravan.triton.batch.window-ms", "2");
    d.put("caravan.triton.batch.max", "32");
    d.put("caravan.triton.concurrency", "2");
    // spans of process runs (TelemetrySettings); metrics need no setting: the registry always records
    d.put("caravan.otel.exporter", "none");
    d.put("caravan.otel.endpoint", "http://localhost:4318/v1/traces");
    d.put("caravan.otel.service-name", "caravan");
    return d;
  }

  private final Map<String, String> values;

  private CaravanSettings(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** Every known key, in order. */
  public static java.util.Set<String> keys() {
    return DEFAULTS.keySet();
  }

  public static CaravanSettings defaultsOnly() {
    return new CaravanSettings(DEFAULTS);
  }

  /** Defaults, then {@code file} if given, then the environment. */
  public static CaravanSettings load(Optional<Path> file, Map<String, String> env) {
    Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
    if (file.isPresent()) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read settings file " + file.get() + ": " + e.getMessage(), e);
      }
      for (String key : p.stringPropertyNames()) {
        v.put(checkKey(key, file.get().toString()), p.getProperty(key).trim());
      }
    }
    for (String key : DEFAULTS.keySet()) {
      String value = env.get(envName(key));
      if (value != null) {
        v.put(key, value.trim());
      }
    }
    return new CaravanSettings(v);
  }

  static String envName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static String checkKey(String key, String where) {
    if (REMOVED.containsKey(key)) {
      throw new IllegalArgumentException("setting '" + key + "' in " + where + " no longer exists: " + REMOVED.get(key));
    }
    if (!DEFAULTS.containsKey(key)) {
      throw new IllegalArgumentException("unknown setting '" + key + "' in " + where + "; known: " + DEFAULTS.keySet());
    }
    return key;
  }

  /** This settings object with {@code key} set (command-line options). */
  public CaravanSettings with(String key, String value) {
    checkKey(key, "an option");
    Map<String, String> v = new LinkedHashMap<>(values);
    v.put(key, value);
    return new CaravanSettings(v);
  }

  public String get(String key) {
    String v = values.get(checkKey(key, "code"));
    return v == null ? "" : v;
  }

  public Path dataDir() {
    return Path.of(get("caravan.data"));
  }

  public EncoderVariant encoder() {
    try {
      return EncoderVariant.parse(get("caravan.encoder"));
    } catch (IllegalArgumentException e) {
      throw invalid("caravan.encoder", e.getMessage());
    }
  }

  public int chunkChars() {
    return intValue("caravan.chunk.chars", 50, 100_000);
  }

  public int chunkOverlap() {
    return intValue("caravan.chunk.overlap", 0, 10);
  }

  public int ingestBatch() {
    return intValue("caravan.ingest.batch", 1, 10_000);
  }

  public String retriever() {
    return oneOf("caravan.retriever", Set.of("hybrid", "bm25", "dense"));
  }

  public RankFusion fusion() {
    Map<String, Double> weights = new TreeMap<>();
    String raw = get("caravan.fusion.weights");
    for (String part : raw.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      String[] kv = part.split(":");
      try {
        if (kv.length != 2) {
          throw new NumberFormatException();
        }
        weights.put(kv[0].trim(), Double.parseDouble(kv[1].trim()));
      } catch (NumberFormatException e) {
        throw invalid("caravan.fusion.weights", "expected list:weight pairs such as 'bm25:0.3,dense:0.7', got '" + raw + "'");
      }
    }
    String kind = oneOf("caravan.fusion", Set.of("rrf", "interpolated"));
    try {
      return kind.equals("rrf")
          ? new ReciprocalRankFusion(ReciprocalRankFusion.DEFAULT_RANK_CONSTANT, weights)
          : new ScoreInterpolation(weights);
    } catch (IllegalArgumentException e) {
      throw invalid("caravan.fusion.weights", e.getMessage());
    }
  }

  public int retrieveDepth() {
    return intValue("caravan.retrieve.depth", 1, 1000);
  }

  public String reranker() {
    return get("caravan.reranker");
  }

  /** A weights file for the learned-fusion reranker (train one with benchmarks/run beir-train-reranker). */
  public Optional<Path> rerankerWeights() {
    String w = get("caravan.reranker.weights");
    return w.isBlank() ? Optional.empty() : Optional.of(Path.of(w));
  }

  public int generateContext() {
    return intValue("caravan.generate.context", 0, 100);
  }

  /** Which answerer the generate step uses (caravan.generator). */
  public GeneratorKind generator() {
    return GeneratorKind.valueOf(oneOf("caravan.generator", Set.of("auto", "extractive", "llm", "chat")).toUpperCase(Locale.ROOT));
  }

  /**
   * The in-process model's file: caravan.llm.model-file, or else the default model's file under
   * .caravan/models, where scripts/llm-model.sh puts it.
   */
  public Path llmModel() {
    String m = get("caravan.llm.model-file");
    return m.isBlank() ? Path.of(".caravan", "models", InProcessLlm.DEFAULT_FILE) : Path.of(m);
  }

  /** Threads for the in-process model; 0 (the default) means as many as cores, at most 4. */
  public int llmThreads() {
    return intValue("caravan.llm.threads", 0, 256);
  }

  public int llmMaxTokens() {
    return intValue("caravan.llm.max-tokens", 1, 4096);
  }

  public int llmContext() {
    return intValue("caravan.llm.context", 512, 131072);
  }

  public String defaultProcess() {
    return get("caravan.process.default");
  }

  public Optional<Path> processDir() {
    String d = get("caravan.process.dir");
    return d.isBlank() ? Optional.empty() : Optional.of(Path.of(d));
  }

  /** A folder of Camel routes in YAML DSL loaded at start, or empty for none. */
  public Optional<Path> routesDir() {
    String d = get("caravan.routes.dir");
    return d.isBlank() ? Optional.empty() : Optional.of(Path.of(d));
  }

  public ProcessSettings processSettings() {
    HistoryMode mode = oneOf("caravan.history", Set.of("fast", "audit")).equals("audit") ? HistoryMode.AUDIT : HistoryMode.FAST;
    BpmnLimits limits = new BpmnLimits(
        intValue("caravan.bpmn.max-elements", 1, 1_000_000),
        // deeper than this and Flowable's recursive parser nears the end of a thread's stack
        intValue("caravan.bpmn.max-depth", 1, 256),
        intValue("caravan.bpmn.max-flow-elements", 1, 100_000));
    return ProcessSettings.defaults().withHistory(mode).withLimits(limits).withTimeouts(runTimeouts());
  }

  /** A query's deadline when it names none, and the longest one a request may ask for ({@code caravan.query.*}). */
  public RunTimeouts runTimeouts() {
    int standard = intValue("caravan.query.timeout-ms", 1, MAX_TIMEOUT_MS);
    int maximum = intValue("caravan.query.max-timeout-ms", 1, MAX_TIMEOUT_MS);
    if (maximum < standard) {
      throw invalid("caravan.query.max-timeout-ms", "must be at least caravan.query.timeout-ms (" + standard + "), was " + maximum);
    }
    return new RunTimeouts(Duration.ofMillis(standard), Duration.ofMillis(maximum));
  }

  /** The adaptive-depth policy's switches and thresholds ({@code caravan.depth.*}). */
  public DepthThresholds depthThresholds() {
    try {
      return new DepthThresholds(
          onOff("caravan.depth.classifier"),
          onOff("caravan.depth.uncertainty"),
          onOff("caravan.depth.generator-confidence"),
          doubleValue("caravan.depth.no-retrieval-threshold"),
          doubleValue("caravan.depth.multi-step-threshold"),
          doubleValue("caravan.depth.min-gap"),
          doubleValue("caravan.depth.max-entropy"),
          doubleValue("caravan.depth.min-nqc"),
          intValue("caravan.depth.uncertain-votes", 1, 3),
          doubleValue("caravan.depth.min-answer-confidence"),
          DepthThresholds.defaults().topK(),
          DepthThresholds.defaults().temperature(),
          onOff("caravan.depth.generator-uncertainty"),
          doubleValue("caravan.depth.max-token-entropy", 0, Double.MAX_VALUE),
          doubleValue("caravan.depth.min-token-probability", 0, 1));
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith("setting ") ? e : invalid("caravan.depth", e.getMessage());
    }
  }

  /** A classifier file from {@code caravan policy train-depth}, or empty for the bundled weights. */
  public Optional<Path> depthClassifierWeights() {
    String w = get("caravan.depth.classifier.weights");
    return w.isBlank() ? Optional.empty() : Optional.of(Path.of(w));
  }

  /** Where the iteration policy stops a loop ({@code caravan.iteration.*}). */
  public IterationLimits iterationLimits() {
    long budget;
    try {
      budget = Long.parseLong(get("caravan.iteration.budget-ms").trim());
    } catch (NumberFormatException e) {
      throw invalid("caravan.iteration.budget-ms", "not an integer: '" + get("caravan.iteration.budget-ms") + "'");
    }
    try {
      return new IterationLimits(
          intValue("caravan.iteration.max-rounds", 1, IterationLimits.MAX_ROUNDS),
          doubleValue("caravan.iteration.min-gain"),
          doubleValue("caravan.iteration.max-stability"),
          budget,
          IterationLimits.defaults().evidenceDepth());
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith("setting ") ? e : invalid("caravan.iteration", e.getMessage());
    }
  }

  /** What the next round's query adds to the question: the last answer's sentences or only its new names. */
  public NextQueryStep.Expansion iterationExpansion() {
    return NextQueryStep.Expansion.valueOf(oneOf("caravan.iteration.expansion", Set.of("sentences", "entities", "answer")).toUpperCase(Locale.ROOT));
  }

  /** Where the spans of process runs go ({@code caravan.otel.*}); the endpoint is checked only for {@code otlp}. */
  public TelemetrySettings telemetry() {
    TelemetrySettings.Exporter exporter =
        TelemetrySettings.Exporter.valueOf(oneOf("caravan.otel.exporter", Set.of("none", "logging", "otlp")).toUpperCase(Locale.ROOT));
    String raw = get("caravan.otel.endpoint").strip();
    URI endpoint;
    try {
      endpoint = new URI(raw);
    } catch (URISyntaxException e) {
      throw invalid("caravan.otel.endpoint", "not a URI: '" + raw + "'");
    }
    if (exporter == TelemetrySettings.Exporter.OTLP
        && (endpoint.getHost() == null || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())))) {
      throw invalid("caravan.otel.endpoint", "expected an http or https URL such as http://localhost:4318/v1/traces, was '" + raw + "'");
    }
    String service = get("caravan.otel.service-name").strip();
    if (service.isEmpty()) {
      throw invalid("caravan.otel.service-name", "must not be blank");
    }
    return new TelemetrySettings(exporter, endpoint, service);
  }

  private boolean onOff(String key) {
    return oneOf(key, Set.of("on", "off")).equals("on");
  }

  private double doubleValue(String key) {
    String raw = get(key);
    try {
      double v = Double.parseDouble(raw.trim());
      if (!Double.isFinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw invalid(key, "not a number: '" + raw + "'");
    }
  }

  /** Tool retrieval and the agent ({@code caravan.tools.*}). */
  public ToolSettings tools() {
    String dir = get("caravan.tools.dir");
    int min = intValue("caravan.tools.k.min", 1, 100);
    int budget = intValue("caravan.tools.k.budget", 1, 100);
    if (budget < min) {
      throw invalid("caravan.tools.k.budget", "must be at least caravan.tools.k.min (" + min + "), was " + budget);
    }
    try {
      return new ToolSettings(
          dir.isBlank() ? Optional.empty() : Optional.of(Path.of(dir)),
          oneOf("caravan.tools.retriever", Set.of("bm25", "dense", "hybrid")),
          intValue("caravan.tools.depth", 1, 1000),
          ToolRewritePolicy.Mode.parse(get("caravan.tools.rewrite")),
          fraction("caravan.tools.rewrite.min-unknown"),
          min,
          budget,
          fraction("caravan.tools.k.min-gap"));
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith("setting ") ? e : invalid("caravan.tools.rewrite", e.getMessage());
    }
  }

  /** The remote MCP servers whose tools are registered at start ({@code caravan.mcp.servers}). */
  public List<RemoteMcpServer> mcpServers() {
    try {
      return RemoteMcpServer.parseList(get("caravan.mcp.servers"));
    } catch (IllegalArgumentException e) {
      throw invalid("caravan.mcp.servers", e.getMessage());
    }
  }

  /** The bound on every exchange with a remote MCP server: connecting, listing, each call. */
  public Duration mcpTimeout() {
    return Duration.ofMillis(intValue("caravan.mcp.timeout-ms", 100, MAX_TIMEOUT_MS));
  }

  private double fraction(String key) {
    try {
      double v = Double.parseDouble(get(key));
      if (v >= 0 && v <= 1) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below with the key
    }
    throw invalid(key, "must be a number between 0 and 1, was '" + get(key) + "'");
  }

  public double doubleValue(String key, double min, double max) {
    String raw = get(key);
    double v;
    try {
      v = Double.parseDouble(raw.trim());
    } catch (NumberFormatException e) {
      throw invalid(key, "not a number: '" + raw + "'");
    }
    if (!(v >= min && v <= max)) {
      throw invalid(key, "must be between " + min + " and " + max + ", was " + v);
    }
    return v;
  }

  public int intValue(String key, int min, int max) {
    String raw = get(key);
    try {
      int v = Integer.parseInt(raw.trim());
      if (v < min || v > max) {
        throw invalid(key, "must be between " + min + " and " + max + ", was " + v);
      }
      return v;
    } catch (NumberFormatException e) {
      throw invalid(key, "not an integer: '" + raw + "'");
    }
  }

  public String oneOf(String key, Set<String> allowed) {
    String v = get(key).toLowerCase(Locale.ROOT);
    if (!allowed.contains(v)) {
      throw invalid(key, "must be one of " + new java.util.TreeSet<>(allowed) + ", was '" + get(key) + "'");
    }
    return v;
  }

  /** A whole number of at least {@code min}, for sizes in bytes. */
  public long longValue(String key, long min) {
    String raw = get(key);
    try {
      long v = Long.parseLong(raw.trim());
      if (v < min) {
        throw invalid(key, "must be at least " + min + ", was " + v);
      }
      return v;
    } catch (NumberFormatException e) {
      throw invalid(key, "not a number: '" + raw + "'");
    }
  }

  /** The error every module reports a bad setting with: it names the key. */
  public static IllegalArgumentException invalid(String key, String why) {
    return new IllegalArgumentException("setting " + key + ": " + why);
  }

  /** The settings as a person reads them, the admin key and key entries masked. */
  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>(values);
    for (String secret : new String[] {"caravan.admin.key", "caravan.http.api-keys"}) {
      if (!shown.getOrDefault(secret, "").isEmpty()) {
        shown.put(secret, "(set)");
      }
    }
    return shown.toString();
  }
}
