package io.caravan.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.agents.ToolCatalogReader;
import io.caravan.agents.ToolSettings;
import io.caravan.agents.Tools;
import io.caravan.connectors.generation.ChatModelGenerator;
import io.caravan.connectors.generation.ChatModelSettings;
import io.caravan.connectors.generation.ExtractiveGenerator;
import io.caravan.connectors.lucene.Bm25Retriever;
import io.caravan.connectors.lucene.HybridRetriever;
import io.caravan.connectors.lucene.LuceneIndex;
import io.caravan.connectors.lucene.VectorRetriever;
import io.caravan.connectors.lucene.rerank.FusionFeatures;
import io.caravan.connectors.lucene.rerank.FusionWeights;
import io.caravan.connectors.lucene.rerank.LearnedFusionReranker;
import io.caravan.connectors.onnx.InProcessEncoder;
import io.caravan.connectors.triton.camel.TritonComponent;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.document.Document;
import io.caravan.core.document.SentenceChunker;
import io.caravan.core.spi.CachingEncoder;
import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.Generator;
import io.caravan.core.spi.Reranker;
import io.caravan.core.spi.Retriever;
import io.caravan.core.spi.Step;
import io.caravan.core.step.GenerateStep;
import io.caravan.core.step.PolicyStep;
import io.caravan.core.step.RerankStep;
import io.caravan.core.step.RetrieveStep;
import io.caravan.policies.depth.AdaptiveDepthPolicy;
import io.caravan.policies.depth.ComplexityClassifier;
import io.caravan.policies.depth.QueryFeaturesStep;
import io.caravan.policies.iteration.IterationPolicy;
import io.caravan.policies.iteration.NextQueryStep;
import io.caravan.policies.iteration.NotesStep;
import io.caravan.policies.iteration.UseNotesStep;
import io.caravan.processes.DeployedProcess;
import io.caravan.processes.ProcessRunner;
import io.caravan.routes.http.ApiHttpServer;
import io.caravan.routes.http.ApiJson;
import io.caravan.routes.http.HttpApiRoutes;
import io.caravan.routes.http.HttpSettings;
import io.caravan.routes.ingest.DeadLetterLog;
import io.caravan.routes.ingest.DocumentFileReader;
import io.caravan.routes.ingest.DocumentIngestor;
import io.caravan.routes.ingest.IngestReport;
import io.caravan.routes.ingest.IngestionRoutes;
import io.caravan.routes.ingest.ProgressListener;
import io.caravan.routes.ingest.SourceIngestor;
import io.caravan.routes.steps.StepRoutes;
import io.caravan.routes.yaml.YamlRouteFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * One Caravan instance on the embedded default: the Lucene index under the data folder, the
 * in-process encoder, the steps as Camel routes, BPMN processes on an embedded Flowable engine,
 * ingestion routes and, when asked, the HTTP endpoint. Everything is wired here by constructor and
 * nothing else in Caravan knows how the parts fit together.
 *
 * <p>Start-up cost: Camel ~0.3 s, Flowable schema on in-memory H2 ~1 s, encoder model load ~1.3 s
 * (fp32). {@link #ready()} turns true once all three are done, which is what {@code /health/ready}
 * reports.
 */
public final class Caravan implements AutoCloseable {

  private final CaravanSettings settings;
  private final InProcessEncoder encoder;
  /** Encoder and reranker on Triton when the settings say so; null when all runs in-process. */
  private final TritonBackend triton;
  /** The encoder query-time stages share: each query is encoded once however many stages need it. */
  private final Encoder queryEncoder;
  private final LuceneIndex index;
  private final SourceIngestor ingestor;
  private final CamelContext camel;
  private final ProcessRunner processes;
  private final String generatorDescription;
  private final List<Step> steps;
  private final Tools tools;
  private final VertxPlatformHttpServer http;
  private final AtomicBoolean ready = new AtomicBoolean();
  /** Iter-RetGen's next query: the question plus the last answer's quotes, bounded like an HTTP question. */
  private static final int NEXT_QUERY_CHARS = 2000;

  private Caravan(CaravanSettings settings, Map<String, String> env, boolean serveHttp) throws Exception {
    this.settings = settings;
    Path data = settings.dataDir();
    try {
      Files.createDirectories(data);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data folder " + data.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    this.encoder = new InProcessEncoder(settings.encoder());
    this.triton = TritonBackend.open(settings, encoder);
    Encoder activeEncoder = triton == null ? encoder : triton.encoder(encoder);
    this.queryEncoder = new CachingEncoder(activeEncoder, 1024);
    this.index = LuceneIndex.open(data.resolve("index"), encoder.info());
    boolean started = false;
    CamelContext ctx = null;
    ProcessRunner runner = null;
    Tools toolsMade = null;
    try {
      this.ingestor =
          new SourceIngestor(
              DocumentFileReader.defaults(),
              new DocumentIngestor(activeEncoder, index, new SentenceChunker(settings.chunkChars(), settings.chunkOverlap()), settings.ingestBatch()),
              DeadLetterLog.inDirectory(data));
      Generator generator = generator(env);
      this.generatorDescription = generator.toString();
      ctx = new DefaultCamelContext();
      ctx.getShutdownStrategy().setTimeout(5);
      if (serveHttp) {
        HttpSettings hs = settings.http();
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindHost(hs.host());
        conf.setBindPort(hs.port());
        // Vert.x's own limit sits above ours so that our JSON 413 answers first
        conf.setMaxBodySize(hs.maxBodyBytes() + (1 << 20));
        VertxPlatformHttpServer server = new ApiHttpServer(conf, settings.httpLimits(), new ApiJson(new ObjectMapper()));
        this.http = server;
        ctx.addService(server, true, true);
        if (hs.port() == 0) {
          // Camel names the router after the configured port (0) while its consumers look it up under
          // the port the server actually bound; give the router that name too, before routes start
          ctx.addStartupListener(
              (context, alreadyStarted) ->
                  context.getRegistry()
                      .bind(
                          VertxPlatformHttpRouter.getRouterNameFromPort(server.getServer().actualPort()),
                          VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(0))));
        }
      } else {
        this.http = null;
      }
      this.steps = steps(generator);
      if (triton != null) {
        ctx.addComponent(TritonComponent.SCHEME, new TritonComponent(queryEncoder, null));
      }
      toolsMade = tools(ctx, env);
      this.tools = toolsMade;
      List<Step> allSteps = new ArrayList<>(steps);
      allSteps.addAll(depthAndIterationSteps());
      allSteps.addAll(RewriteSteps.build(settings, index, queryEncoder, retriever(), ChatModelSettings.fromEnvironment(env)));
      allSteps.addAll(tools.steps());
      ctx.addRoutes(new StepRoutes(allSteps));
      ctx.addRoutes(new IngestionRoutes(ingestor));
      runner = new ProcessRunner(ctx, settings.processSettings());
      if (serveHttp) {
        ctx.addRoutes(new HttpApiRoutes(runner, ingestor, ready::get, settings.http(), new ApiJson(new ObjectMapper())));
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
      this.camel = ctx;
      this.processes = runner;
      started = true;
    } finally {
      if (!started) {
        if (runner != null) {
          runner.close();
        }
        if (ctx != null) {
          ctx.close();
        }
        if (toolsMade != null) {
          toolsMade.close();
        }
        index.close();
        if (triton != null) {
          triton.close();
        }
      }
    }
  }

  /** Opens an instance without the HTTP endpoint (CLI {@code ask} and {@code ingest}). */
  public static Caravan open(CaravanSettings settings, Map<String, String> env) throws Exception {
    Caravan c = new Caravan(settings, env, false);
    c.warmUp();
    return c;
  }

  /**
   * Opens an instance with the HTTP endpoint listening; it answers {@code /health/live} at once and
   * turns ready after the encoder has loaded.
   */
  public static Caravan serve(CaravanSettings settings, Map<String, String> env) throws Exception {
    Caravan c = new Caravan(settings, env, true);
    c.warmUp();
    return c;
  }

  private void warmUp() {
    if (triton == null || triton.needsInProcessEncoder()) {
      encoder.load();
    }
    ready.set(true);
  }

  private Generator generator(Map<String, String> env) {
    Optional<ChatModelSettings> chat = ChatModelSettings.fromEnvironment(env);
    return chat.<Generator>map(ChatModelGenerator::of).orElseGet(ExtractiveGenerator::new);
  }

  /** The tool registry and index, the catalogue folder's tools registered; chat model from the same environment as generation. */
  private Tools tools(CamelContext ctx, Map<String, String> env) throws IOException {
    ToolSettings ts = settings.tools();
    ObjectMapper json = new ObjectMapper();
    Tools t = new Tools(queryEncoder, ctx, ts, settings.fusion(), ChatModelSettings.fromEnvironment(env).map(ChatModelSettings::buildChatModel), json);
    try {
      if (ts.catalogueDir().isPresent()) {
        t.registry().registerAll(new ToolCatalogReader(json, t.schemas()).readFolder(ts.catalogueDir().get()));
      }
      return t;
    } catch (IOException | RuntimeException e) {
      t.close();
      throw e;
    }
  }

  private List<Step> steps(Generator generator) {
    List<Step> steps = new ArrayList<>();
    steps.add(new RetrieveStep(retriever(), settings.retrieveDepth()));
    steps.add(new RerankStep(reranker()));
    steps.add(new GenerateStep(generator, settings.generateContext()));
    return steps;
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

  private Retriever retriever() {
    return switch (settings.retriever()) {
      case "bm25" -> new Bm25Retriever(index);
      case "dense" -> new VectorRetriever(index, queryEncoder);
      default -> HybridRetriever.bm25AndDense(index, queryEncoder, settings.fusion(), settings.retrieveDepth());
    };
  }

  private Reranker reranker() {
    return switch (settings.reranker()) {
      case "none" -> Reranker.keepOrder();
      case LearnedFusionReranker.NAME -> {
        FusionFeatures features = new FusionFeatures(index, queryEncoder);
        Reranker local = new LearnedFusionReranker(features, settings.rerankerWeights().map(FusionWeights::load).orElseGet(FusionWeights::bundled));
        yield triton == null ? local : triton.reranker(features, local);
      }
      default -> throw new IllegalArgumentException(
          "setting caravan.reranker: unknown reranker '" + settings.reranker() + "'; known: none, " + LearnedFusionReranker.NAME);
    };
  }


  /**
   * The built-in steps, in the order the bundled {@code rag} process runs them; the same objects
   * the step routes call, so running them directly measures what orchestration costs.
   */
  public List<Step> steps() {
    return steps;
  }

  /** Tools agents may be handed: register or remove them here and the tool index follows. */
  public Tools tools() {
    return tools;
  }

  public boolean ready() {
    return ready.get();
  }

  /** Runs a question through a process ({@code null}: the default process). */
  public RagState ask(Query query, String process) {
    return processes.run(process == null ? settings.defaultProcess() : process, RagState.start(query));
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

  public List<DeployedProcess> processes() {
    return processes.processes();
  }

  public ProcessRunner processRunner() {
    return processes;
  }

  public long documentCount() {
    return index.documentCount();
  }

  public CaravanSettings settings() {
    return settings;
  }

  public String describeGenerator() {
    return generatorDescription;
  }

  /** The port the HTTP endpoint listens on (useful with port 0), or -1 without one. */
  public int httpPort() {
    return http == null ? -1 : http.getServer().actualPort();
  }

  public Duration encoderLoad() {
    return encoder.load();
  }

  @Override
  public void close() {
    ready.set(false);
    try {
      processes.close();
    } finally {
      try {
        camel.close();
      } catch (Exception e) {
        throw new IllegalStateException("Camel did not stop cleanly: " + e.getMessage(), e);
      } finally {
        try {
          tools.close();
        } finally {
          index.close();
          if (triton != null) {
            triton.close();
          }
        }
      }
    }
  }
}
