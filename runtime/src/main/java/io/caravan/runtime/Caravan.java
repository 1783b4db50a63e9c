package io.caravan.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.ChatModel;
import io.caravan.agents.ToolCatalogReader;
import io.caravan.agents.ToolSettings;
import io.caravan.agents.Tools;
import io.caravan.connectors.generation.ChatModelGenerator;
import io.caravan.connectors.generation.ChatModelSettings;
import io.caravan.connectors.generation.ExtractiveGenerator;
import io.caravan.connectors.llama.LlamaChatModel;
import io.caravan.connectors.llama.LlamaEngine;
import io.caravan.connectors.llama.LlamaGenerator;
import io.caravan.connectors.lucene.LuceneIndex;
import io.caravan.connectors.lucene.RetrieverKind;
import io.caravan.connectors.lucene.rerank.FusionFeatures;
import io.caravan.connectors.lucene.rerank.FusionScorer;
import io.caravan.connectors.lucene.rerank.FusionWeights;
import io.caravan.connectors.lucene.rerank.LearnedFusionReranker;
import io.caravan.connectors.onnx.InProcessEncoder;
import io.caravan.connectors.triton.camel.TritonComponent;
import io.caravan.core.Access;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.document.Document;
import io.caravan.core.document.SentenceChunker;
import io.caravan.core.spi.CachingEncoder;
import io.caravan.core.spi.DocumentIndex;
import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.GenerationListener;
import io.caravan.core.spi.Generator;
import io.caravan.core.spi.Reranker;
import io.caravan.core.spi.Retriever;
import io.caravan.core.spi.Step;
import io.caravan.core.step.GenerateStep;
import io.caravan.core.step.PolicyStep;
import io.caravan.core.step.QueryFeaturesStep;
import io.caravan.core.step.RerankStep;
import io.caravan.core.step.RetrieveStep;
import io.caravan.ingest.DeadLetterLog;
import io.caravan.ingest.DocumentFileReader;
import io.caravan.ingest.DocumentIngestor;
import io.caravan.ingest.IngestReport;
import io.caravan.ingest.ProgressListener;
import io.caravan.ingest.SourceIngestor;
import io.caravan.policies.depth.AdaptiveDepthPolicy;
import io.caravan.policies.depth.ComplexityClassifier;
import io.caravan.policies.iteration.IterationPolicy;
import io.caravan.policies.iteration.NextQueryStep;
import io.caravan.policies.iteration.NotesStep;
import io.caravan.policies.iteration.UseNotesStep;
import io.caravan.processes.DeployedProcess;
import io.caravan.processes.ProcessRunner;
import io.caravan.processes.ProcessStore;
import io.caravan.routes.ingest.IngestionRoutes;
import io.caravan.routes.steps.StepRoutes;
import io.caravan.routes.yaml.YamlRouteFolder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * One Caravan instance: an index, the steps as Camel routes, BPMN processes on an embedded Flowable
 * engine and the ingestion pipeline. Built by {@link #builder()}, where every part is optional and
 * the embedded default fills what is not given: a Lucene index under the data folder, the in-process
 * all-MiniLM-L6-v2 encoder, hybrid BM25 + dense retrieval, the learned-fusion second stage and the
 * extractive answerer.
 *
 * <pre>{@code
 * try (Caravan caravan = Caravan.builder()
 *         .dataDir(Path.of("data"))
 *         .generator(myGenerator)                       // any Generator
 *         .step("shout", s -> s.withQuery(...))         // a Java step BPMN files can name
 *         .process(Path.of("my.bpmn20.xml"))            // validated and deployed
 *         .build()) {
 *   caravan.ingest(Path.of("docs"), ProgressListener.NONE);
 *   Answer a = caravan.ask(Query.of("...")).answer();
 * }
 * }</pre>
 *
 * <p>The CLI and the HTTP server are thin clients of this class ({@link #fromSettings} is the
 * adapter they use). Parts handed to the builder (an index, an encoder, a chat model) stay the
 * caller's to close; what the instance opened itself it closes.
 *
 * <p>Start-up cost on the embedded default: Camel ~0.3 s, Flowable schema on in-memory H2 ~1 s,
 * encoder model load ~1.3 s (fp32). {@link #ready()} is true once {@code build()} returns.
 */
public final class Caravan implements AutoCloseable {

  /** Iter-RetGen's next query: the question plus the last answer's quotes, bounded like an HTTP question. */
  private static final int NEXT_QUERY_CHARS = 2000;

  private final CaravanSettings settings;
  /** The in-process encoder when this instance made it (the default); null when the caller gave one. */
  private final InProcessEncoder inProcess;
  /** Encoder and reranker on Triton when the settings say so; null when all runs in-process. */
  private final TritonBackend triton;
  /** The in-process model when caravan.generator=llm made one; null otherwise. */
  private final LlamaEngine llm;
  /** The chat model the rewriter, splitter, agent and /llm/v1 use: configured, or over {@link #llm}. */
  private final Optional<ChatModel> chatModel;
  /** The encoder query-time stages share: each query is encoded once however many stages need it. */
  private final Encoder queryEncoder;
  private final DocumentIndex index;
  /** The same index when it is Lucene (the default): BM25, vectors, term statistics, feedback. */
  private final LuceneIndex lucene;
  private final boolean ownsIndex;
  private final SourceIngestor ingestor;
  private final CamelContext camel;
  private final ProcessRunner processes;
  /** Processes deployed at run time (through the HTTP API), kept in the data folder across restarts. */
  private final ProcessStore processStore;
  private final String generatorDescription;
  private final List<Step> ragSteps;
  private final Tools tools;
  private final InstanceMeters meters;
  private final AtomicBoolean ready = new AtomicBoolean();

  private Caravan(Builder b) throws Exception {
    this.settings = b.settings;
    Optional<NamedChatModel> configured = b.chatModel != null
        ? Optional.of(new NamedChatModel(b.chatModel, "chat model"))
        : ChatModelSettings.fromEnvironment(b.environment).map(c -> new NamedChatModel(c.buildChatModel(), c.describe()));

    GeneratorKind kind = settings.generator();
    if (b.generator == null && kind == GeneratorKind.CHAT && configured.isEmpty()) {
      throw new IllegalArgumentException(
          "caravan.generator=chat needs a chat model: set " + ChatModelSettings.ENV_BASE_URL + " and " + ChatModelSettings.ENV_MODEL
              + " (an OpenAI-compatible server), or give the builder a chatModel(...)");
    }
    this.llm = b.generator == null && kind == GeneratorKind.LLM ? InProcessLlm.open(settings) : null;
    // the in-process model also serves every path that takes a chat model (LLM rewriter and
    // splitter, tool agent, /llm/v1), unless a chat model was configured: that one is asked for
    Optional<NamedChatModel> chat = configured.isPresent() || llm == null
        ? configured
        : Optional.of(new NamedChatModel(new LlamaChatModel(llm), llm.toString()));
    this.chatModel = chat.map(NamedChatModel::model);
    this.inProcess = b.encoder == null ? new InProcessEncoder(settings.encoder()) : null;
    this.triton = TritonBackend.open(settings, inProcess);
    if (triton != null && triton.generates() && b.generator != null) {
      triton.close();
      if (llm != null) {
        llm.close();
      }
      throw CaravanSettings.invalid("caravan.generator.backend", "triton serves the in-process GGUF model; it cannot stand in for a generator given to Caravan.builder()");
    }
    Encoder baseEncoder = b.encoder != null ? b.encoder : inProcess;
    Encoder activeEncoder = triton == null ? baseEncoder : triton.encoder(baseEncoder);
    this.queryEncoder = new CachingEncoder(activeEncoder, 1024);
    this.meters = new InstanceMeters(b.meterRegistry != null ? b.meterRegistry : new SimpleMeterRegistry());

    boolean started = false;
    DocumentIndex openedIndex = null;
    CamelContext ctx = null;
    ProcessRunner runner = null;
    Tools toolsMade = null;
    try {
      if (b.index != null) {
        this.index = b.index;
        this.ownsIndex = false;
      } else {
        Path data = settings.dataDir();
        try {
          Files.createDirectories(data);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot create data folder " + data.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        openedIndex = LuceneIndex.open(data.resolve("index"), baseEncoder.info());
        this.index = openedIndex;
        this.ownsIndex = true;
      }
      this.lucene = index instanceof LuceneIndex l ? l : null;
      if (b.retriever == null && lucene == null) {
        throw new IllegalArgumentException(
            "the index given to Caravan.builder() is a " + index.getClass().getSimpleName()
                + ", not a LuceneIndex, so Caravan cannot search it by itself: give the builder a retriever(...) too");
      }
      this.ingestor =
          new SourceIngestor(
              DocumentFileReader.defaults(),
              new DocumentIngestor(activeEncoder, index, new SentenceChunker(settings.chunkChars(), settings.chunkOverlap()), settings.ingestBatch()),
              DeadLetterLog.inDirectory(settings.dataDir()),
              Clock.systemUTC(),
              meters);

      Generator generator = b.generator != null ? b.generator : switch (kind) {
        case LLM -> triton == null ? new LlamaGenerator(llm) : triton.generator(new LlamaGenerator(llm), llm.settings());
        case EXTRACTIVE -> new ExtractiveGenerator();
        case CHAT, AUTO -> chat.<Generator>map(c -> new ChatModelGenerator(c.model(), c.name())).orElseGet(ExtractiveGenerator::new);
      };
      this.generatorDescription = generator.toString();
      Retriever retriever = b.retriever != null ? b.retriever : defaultRetriever();
      Reranker reranker = b.reranker != null ? b.reranker : defaultReranker();

      ctx = new DefaultCamelContext();
      ctx.getShutdownStrategy().setTimeout(5);
      this.ragSteps = List.of(
          new RetrieveStep(retriever, settings.retrieveDepth()),
          new RerankStep(reranker),
          new GenerateStep(generator, settings.generateContext()));
      if (triton != null) {
        // triton:rerank is the learned-fusion reranker whose scores come from Triton, when that is the one built here
        Reranker servedOnTriton = b.reranker == null && triton.reranks() && reranker instanceof LearnedFusionReranker ? reranker : null;
        ctx.addComponent(TritonComponent.SCHEME, new TritonComponent(queryEncoder, servedOnTriton));
      }
      toolsMade = tools(ctx, chat.map(NamedChatModel::model));
      this.tools = toolsMade;

      // built-in steps first; a step the caller gives under the same name replaces the built-in one
      Map<String, Step> steps = new LinkedHashMap<>();
      List<Step> builtIn = new ArrayList<>(ragSteps);
      builtIn.addAll(depthAndIterationSteps());
      if (lucene != null) {
        builtIn.addAll(RewriteSteps.build(settings, lucene, queryEncoder, retriever, chat.map(NamedChatModel::model), chat.map(NamedChatModel::name)));
      } else {
        // the bundled conversational-rag still deploys; its query-rewriting steps read term statistics
        // and stored vectors only a LuceneIndex has, so they say so when a run reaches them
        for (String name : RewriteSteps.NAMES) {
          builtIn.add(Step.of(name, state -> {
            throw new UnsupportedOperationException(
                "step '" + name + "' needs a LuceneIndex (term statistics, stored vectors); this Caravan was built on a "
                    + index.getClass().getSimpleName() + ": give the builder a step(\"" + name + "\", ...) of your own");
          }));
        }
      }
      builtIn.addAll(tools.steps());
      builtIn.forEach(s -> steps.put(s.name(), s));
      b.steps.forEach(s -> steps.put(s.name(), s));
      ctx.addRoutes(new StepRoutes(List.copyOf(steps.values())));
      ctx.addRoutes(new IngestionRoutes(ingestor));
      runner = new ProcessRunner(ctx, settings.processSettings(), new RunMetrics(meters.registry()).andThen(new RunSpans(b.openTelemetry)));
      for (RoutesBuilder routes : b.routes) {
        ctx.addRoutes(routes);
      }
      // after Caravan's own routes, so a clash names the user's file; before the processes, which may use its steps
      Optional<Path> routesDir = settings.routesDir();
      if (routesDir.isPresent()) {
        new YamlRouteFolder(routesDir.get()).loadInto(ctx);
      }
      ctx.start();
      runner.deployBundled();
      Optional<Path> dir = settings.processDir();
      if (dir.isPresent()) {
        runner.deployFolder(dir.get());
      }
      for (Path file : b.processFiles) {
        runner.deploy(file.getFileName().toString(), readProcess(file));
      }
      this.processStore = new ProcessStore(settings.dataDir().resolve("processes"));
      // last, so that what the API deployed (replacements included) wins as it did before the restart
      processStore.restore(runner);
      this.camel = ctx;
      this.processes = runner;
      if (inProcess != null && (triton == null || triton.needsInProcessEncoder())) {
        inProcess.load();
      }
      meters.index(index, lucene);
      if (triton != null) {
        meters.triton(triton.models());
      }
      ready.set(true);
      started = true;
    } finally {
      if (!started) {
        meters.close();
        closeAll(runner, ctx, toolsMade, openedIndex);
      }
    }
  }

  /** A builder with the embedded default for every part. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * An instance from settings alone, as the CLI and the server make it: the chat model, if any, comes
   * from {@code environment} ({@code CARAVAN_LLM_*}).
   */
  public static Caravan fromSettings(CaravanSettings settings, Map<String, String> environment) throws Exception {
    return builder().settings(settings).environment(environment).build();
  }

  private Retriever defaultRetriever() {
    return RetrieverKind.parse(settings.retriever()).create(lucene, queryEncoder, settings.fusion(), settings.retrieveDepth());
  }

  private Reranker defaultReranker() {
    return switch (settings.reranker()) {
      case "none" -> Reranker.keepOrder();
      // learned fusion recomputes BM25 and cosine from the index: on another index the first stage's order stays
      case LearnedFusionReranker.NAME -> {
        if (lucene == null) {
          yield Reranker.keepOrder();
        }
        FusionFeatures features = new FusionFeatures(lucene, queryEncoder);
        FusionScorer local = settings.rerankerWeights().map(FusionWeights::load).orElseGet(FusionWeights::bundled);
        yield new LearnedFusionReranker(features, triton == null ? local : triton.scorer(local));
      }
      default -> throw new IllegalArgumentException(
          "setting caravan.reranker: unknown reranker '" + settings.reranker() + "'; known: none, " + LearnedFusionReranker.NAME);
    };
  }

  /** The tool registry and index, the catalogue folder's tools and those of the MCP servers registered. */
  private Tools tools(CamelContext ctx, Optional<ChatModel> chat) throws Exception {
    ToolSettings ts = settings.tools();
    ObjectMapper json = new ObjectMapper();
    Tools t = new Tools(queryEncoder, ctx, ts, settings.fusion(), chat, json);
    try {
      if (ts.catalogueDir().isPresent()) {
        t.registry().registerAll(new ToolCatalogReader(json, t.schemas()).readFolder(ts.catalogueDir().get()));
      }
      // after the catalogue, so that a catalogued tool keeps its name and a remote one that clashes is left out
      t.connectMcp(settings.mcpServers(), settings.mcpTimeout());
      return t;
    } catch (Exception e) {
      t.close();
      throw e;
    }
  }

  /** The steps of adaptive-rag and iterative-rag: query features, the two policies, the loop's bookkeeping. */
  private List<Step> depthAndIterationSteps() {
    ComplexityClassifier classifier = settings.depthClassifierWeights().map(ComplexityClassifiers::load).orElseGet(ComplexityClassifier::bundled);
    return List.of(
        new QueryFeaturesStep(queryEncoder),
        new PolicyStep(new AdaptiveDepthPolicy(classifier, settings.depthThresholds())),
        new PolicyStep(new IterationPolicy(settings.iterationLimits())),
        new NotesStep(settings.iterationLimits().evidenceDepth()),
        new NextQueryStep(NEXT_QUERY_CHARS, settings.iterationExpansion()),
        new UseNotesStep());
  }

  private static byte[] readProcess(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read process file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The three steps of the bundled {@code rag} process, in its order; the same objects the step
   * routes call, so running them directly measures what orchestration costs.
   */
  public List<Step> steps() {
    return ragSteps;
  }

  /** Tools agents may be handed: register or remove them here and the tool index follows. */
  public Tools tools() {
    return tools;
  }

  public boolean ready() {
    return ready.get();
  }

  /** Answers a question through the default process ({@code caravan.process.default}, {@code rag}). */
  public RagState ask(Query query) {
    return ask(query, null);
  }

  /** Answers a question through a process ({@code null}: the default process). */
  public RagState ask(Query query, String process) {
    return processes.run(process == null ? settings.defaultProcess() : process, RagState.start(query));
  }

  /**
   * Answers a question through a process ({@code null}: the default process), handing the answer's
   * pieces to {@code listener} while it is generated (every generation of the run, each announced by
   * {@link GenerationListener#started}). Generators that answer at once hand over one piece.
   */
  public RagState ask(Query query, String process, GenerationListener listener) {
    Objects.requireNonNull(listener, "listener");
    RagState start = RagState.start(query).with(GenerateStep.LISTENER, listener);
    return processes.run(process == null ? settings.defaultProcess() : process, start);
  }

  public IngestReport ingest(Path fileOrDir, ProgressListener progress) {
    return ingestor.ingestPath(fileOrDir, progress);
  }

  /** Ingests documents already parsed (an evaluation corpus); durable and searchable when this returns. */
  public IngestReport ingestDocuments(List<Document> documents, ProgressListener progress) {
    return ingestor.ingestDocuments(documents, progress);
  }

  public boolean delete(String docId) {
    return ingestor.delete(docId);
  }

  /**
   * Ingests {@code documents} into {@code access}'s tenant: what a hosted caller writes, with the
   * tenant from its key. Queries see them only with the same tenant ({@link Query#withAccess}).
   */
  public IngestReport ingestDocuments(List<Document> documents, Access access, ProgressListener progress) {
    return ingestor.ingestDocuments(documents, access, progress);
  }

  /** Deletes {@code access}'s tenant's document {@code docId}; the same id in another tenant stays. */
  public boolean delete(String docId, Access access) {
    return ingestor.delete(docId, access);
  }

  public List<DeployedProcess> processes() {
    return processes.processes();
  }

  public ProcessRunner processRunner() {
    return processes;
  }

  /** Where processes deployed at run time are kept; the HTTP API deploys through it. */
  public ProcessStore processStore() {
    return processStore;
  }

  /** The Camel context the steps, ingestion routes and processes run on; add routes to it to extend Caravan. */
  public CamelContext camel() {
    return camel;
  }

  /** The ingestion pipeline every source ends in (files, HTTP bodies, Camel routes). */
  public SourceIngestor ingestor() {
    return ingestor;
  }

  public long documentCount() {
    return index.documentCount();
  }

  public CaravanSettings settings() {
    return settings;
  }

  /**
   * Where this instance's meters are (runs, steps, decisions, ingestion, index size, Triton calls):
   * a composite over the registry the builder was given. A registry {@linkplain
   * CompositeMeterRegistry#add added} to it receives every meter, those made before included (the
   * HTTP server adds its Prometheus registry so); the meters leave it when this instance closes.
   */
  public CompositeMeterRegistry meterRegistry() {
    return meters.registry();
  }

  /**
   * The chat model of this instance: the builder's, the {@code CARAVAN_LLM_*} server's, or else the
   * in-process model's when {@code caravan.generator=llm}; empty when there is none.
   */
  public Optional<ChatModel> chatModel() {
    return chatModel;
  }

  public String describeGenerator() {
    return generatorDescription;
  }

  /** How long loading the in-process encoder took (zero when the caller gave the encoder). */
  public Duration encoderLoad() {
    return inProcess == null ? Duration.ZERO : inProcess.load();
  }

  @Override
  public void close() {
    ready.set(false);
    meters.close();
    closeAll(processes, camel, tools, ownsIndex ? index : null);
  }

  private void closeAll(ProcessRunner runner, CamelContext ctx, Tools toolsMade, DocumentIndex ownIndex) {
    try {
      if (runner != null) {
        runner.close();
      }
    } finally {
      try {
        if (ctx != null) {
          ctx.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException("Camel did not stop cleanly: " + e.getMessage(), e);
      } finally {
        try {
          if (toolsMade != null) {
            toolsMade.close();
          }
        } finally {
          try {
            if (ownIndex != null) {
              ownIndex.close();
            }
          } finally {
            try {
              if (triton != null) {
                triton.close();
              }
            } finally {
              if (llm != null) {
                llm.close();
              }
            }
          }
        }
      }
    }
  }

  /** A chat model and how messages name it (never a secret). */
  private record NamedChatModel(ChatModel model, String name) {}

  /**
   * Assembles a {@link Caravan}. Every part is optional: what is not given comes from the settings
   * ({@link CaravanSettings#defaultsOnly()} unless {@link #settings} says otherwise).
   */
  public static final class Builder {

    private CaravanSettings settings = CaravanSettings.defaultsOnly();
    private Map<String, String> environment = Map.of();
    private DocumentIndex index;
    private Encoder encoder;
    private Retriever retriever;
    private Reranker reranker;
    private Generator generator;
    private ChatModel chatModel;
    private MeterRegistry meterRegistry;
    private OpenTelemetry openTelemetry = OpenTelemetry.noop();
    private final List<Step> steps = new ArrayList<>();
    private final List<Path> processFiles = new ArrayList<>();
    private final List<RoutesBuilder> routes = new ArrayList<>();

    private Builder() {}

    /** The settings every part not given explicitly is made from (data folder, retriever, depths, ...). */
    public Builder settings(CaravanSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** The data folder (index, dead letters); shorthand for the setting {@code caravan.data}. */
    public Builder dataDir(Path dir) {
      this.settings = settings.with("caravan.data", Objects.requireNonNull(dir, "dir").toString());
      return this;
    }

    /**
     * Where {@code CARAVAN_LLM_*} are read from when no {@link #chatModel} is given; empty by default,
     * so a library user's process environment configures nothing by surprise.
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
      return this;
    }

    /**
     * The index documents are written to. A {@link LuceneIndex} gets every default (BM25, dense and
     * hybrid retrieval, learned fusion, feedback, term statistics); any other index needs a
     * {@link #retriever} too, keeps the first stage's order unless a {@link #reranker} is given, and
     * has no query-rewriting steps unless given as {@link #step}s. The caller closes it.
     */
    public Builder index(DocumentIndex index) {
      this.index = Objects.requireNonNull(index, "index");
      return this;
    }

    /** The encoder for documents and queries, instead of the in-process all-MiniLM-L6-v2. */
    public Builder encoder(Encoder encoder) {
      this.encoder = Objects.requireNonNull(encoder, "encoder");
      return this;
    }

    /** The first stage of the {@code retrieve} step (and of decomposed retrieval). */
    public Builder retriever(Retriever retriever) {
      this.retriever = Objects.requireNonNull(retriever, "retriever");
      return this;
    }

    /** The second stage of the {@code rerank} step. */
    public Builder reranker(Reranker reranker) {
      this.reranker = Objects.requireNonNull(reranker, "reranker");
      return this;
    }

    /** The answerer of the {@code generate} step, instead of the extractive one (or the chat model). */
    public Builder generator(Generator generator) {
      this.generator = Objects.requireNonNull(generator, "generator");
      return this;
    }

    /**
     * The LangChain4j chat model for generation (unless a {@link #generator} is given), the tool agent
     * and the LLM rewriter and splitter.
     */
    public Builder chatModel(ChatModel chatModel) {
      this.chatModel = Objects.requireNonNull(chatModel, "chatModel");
      return this;
    }

    /**
     * Where the instance's metrics go (see {@link Caravan#meterRegistry()}). Default: a {@link
     * SimpleMeterRegistry}, which records in memory for the application to read; give the
     * application's registry (Prometheus, OTLP, ...) to publish them. The caller closes it.
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Where the spans of process runs go: one per run with a child per step ({@link RunSpans}).
     * Default: {@link OpenTelemetry#noop()}, no spans. The caller closes its SDK.
     */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      return this;
    }

    /** A Java step BPMN processes can name; it replaces a built-in step of the same name. */
    public Builder step(Step step) {
      this.steps.add(Objects.requireNonNull(step, "step"));
      return this;
    }

    /** A Java step from a function of the query state. */
    public Builder step(String name, UnaryOperator<RagState> step) {
      return step(Step.of(name, step));
    }

    /** A BPMN file deployed at start, after the bundled processes and validated like them. */
    public Builder process(Path bpmnFile) {
      this.processFiles.add(Objects.requireNonNull(bpmnFile, "bpmnFile"));
      return this;
    }

    /** Camel routes added before the processes are deployed, so their steps can be used by them. */
    public Builder routes(RoutesBuilder routes) {
      this.routes.add(Objects.requireNonNull(routes, "routes"));
      return this;
    }

    /** Opens the index, loads the encoder, starts Camel and Flowable and deploys the processes. */
    public Caravan build() throws Exception {
      return new Caravan(this);
    }
  }
}
