package io.caravan.research.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.caravan.connectors.onnx.InProcessEncoder;
import io.caravan.core.Access;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.processes.RunEnd;
import io.caravan.runtime.RunMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.Optional;
import io.caravan.core.document.Document;
import io.caravan.ingest.IngestReport;
import io.caravan.ingest.ProgressListener;
import io.caravan.research.eval.BeirDataset;
import io.caravan.research.eval.stats.Percentiles;
import io.caravan.runtime.Caravan;
import io.caravan.runtime.CaravanSettings;
import io.caravan.server.CaravanServer;
import io.caravan.server.HttpServerLimits;
import io.caravan.server.HttpSettings;
import io.caravan.server.auth.ApiKeys;
import io.caravan.server.auth.Principal;
import io.caravan.server.auth.Scope;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The hosted endpoint under load, all in one JVM and one run so the figures compare: {@code POST
 * /v1/query} throughput and latency with 1, 4, 16 and 64 closed-loop clients beside the encoder's
 * own queries per second (encoding the query is the largest cost), an open-loop overload at twice
 * the measured capacity (share of 429s, p99 of the accepted queries, RSS before and after), the
 * per-query cost of API keys, the tenant filter and metrics (paired against an open local server
 * over a copy of the same index), and the time to the first streamed event and answer token.
 *
 * <p>Client and server share the JVM and its cores, so absolute rates are a floor; the ratios are
 * what transfers.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Throughput, overload, security overhead and streaming latency of the hosted endpoint.")
public final class ServeBenchCommand implements Callable<Integer> {

  @Mixin CorpusSubsetOptions input;

  @Option(names = "--docs", defaultValue = "1000", description = "Corpus documents to ingest (default ${DEFAULT-VALUE}).")
  int docs;

  @Option(names = "--encoder", defaultValue = "fp32", description = "The encoder (default ${DEFAULT-VALUE}, the embedded default).")
  String encoder;

  @Option(names = "--level-seconds", defaultValue = "20", description = "Seconds per concurrency level (default ${DEFAULT-VALUE}).")
  int levelSeconds;

  @Option(names = "--overload-seconds", defaultValue = "120", description = "Seconds of overload at twice the capacity (default ${DEFAULT-VALUE}).")
  int overloadSeconds;

  @Option(names = "--pairs", defaultValue = "400", description = "Paired queries for the overhead of keys, tenant filter and metrics (default ${DEFAULT-VALUE}).")
  int pairs;

  @Option(names = "--llm-model-file", description = "A GGUF model: also measure the time to the first token of the in-process model.")
  Path llmModel;

  @Option(names = "--work", defaultValue = "/tmp/caravan-serve-bench", description = "Scratch folder (deleted and recreated).")
  Path work;

  @Option(names = "--out", defaultValue = "benchmarks/results/serve", description = "Where serve.md and serve.json go.")
  Path out;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
      .executor(Executors.newFixedThreadPool(8)).build();

  @Override
  public Integer call() throws Exception {
    BeirDataset beir = input.beir();
    CorpusSubsetOptions.emptyFolder(work);
    List<Document> subset = CorpusSubsetOptions.firstDocuments(beir, docs);
    List<String> questions = new ArrayList<>(beir.queries("test").values());
    Collections.shuffle(questions, new java.util.Random(7));
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("machine", Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version"));
    results.put("date", LocalDate.now().toString());
    results.put("encoder", encoder);

    String key = ApiKeys.newKey(new SecureRandom());
    Path guardedData = work.resolve("guarded");
    Path openData = work.resolve("open");
    // the guarded server's key is of tenant "bench" with group "staff"; half its documents are
    // behind an access list naming "staff", so both the tenant and the access-list clauses run
    Access bench = Access.tenant("bench", Set.of("staff"));
    CaravanSettings guardedSettings = CaravanSettings.defaultsOnly()
        .with("caravan.data", guardedData.toString())
        .with("caravan.encoder", encoder)
        .with("caravan.http.port", "0")
        .with("caravan.http.api-keys", ApiKeys.entryLine(key, new Principal("bench", bench.tenant(), Set.of(Scope.QUERY, Scope.INGEST), bench.groups())))
        .with("caravan.query.max-timeout-ms", "600000");
    CaravanSettings openSettings = guardedSettings.with("caravan.data", openData.toString()).with("caravan.http.auth", "open").with("caravan.http.api-keys", "");

    // the encoder alone on the questions: the bound of the endpoint's throughput
    InProcessEncoder alone = new InProcessEncoder(guardedSettings.encoder());
    alone.load();
    results.put("encoderQueriesPerSec1Thread", round(encoderRate(alone, questions, 1)));
    results.put("encoderQueriesPerSecAllCores", round(encoderRate(alone, questions, Runtime.getRuntime().availableProcessors())));

    List<Document> guardedDocs = new ArrayList<>();
    for (int i = 0; i < subset.size(); i++) {
      guardedDocs.add(i % 2 == 0 ? subset.get(i).withAcl(Set.of("staff")) : subset.get(i));
    }
    try (Caravan guarded = Caravan.fromSettings(guardedSettings, Map.of()); Caravan open = Caravan.fromSettings(openSettings, Map.of())) {
      long t0 = System.nanoTime();
      IngestReport report = guarded.ingestDocuments(guardedDocs, bench, ProgressListener.NONE);
      results.put("documents", report.written());
      results.put("chunks", report.chunks());
      results.put("ingestChunksPerSec", round(report.chunks() / ((System.nanoTime() - t0) / 1e9)));
      open.ingestDocuments(subset, ProgressListener.NONE);
    }

    try (Caravan guarded = Caravan.fromSettings(guardedSettings, Map.of());
        Caravan open = Caravan.fromSettings(openSettings, Map.of())) {
      HttpServerLimits roomy = HttpServerLimits.from(guardedSettings).withQueries(Runtime.getRuntime().availableProcessors(), 64, 0);
      try (CaravanServer g = CaravanServer.start(guarded, HttpSettings.from(guardedSettings), roomy);
          CaravanServer o = CaravanServer.start(open, HttpSettings.from(openSettings), roomy)) {
        URI gq = URI.create("http://127.0.0.1:" + g.port() + "/v1/query");
        URI oq = URI.create("http://127.0.0.1:" + o.port() + "/v1/query");
        warmUp(gq, key, questions, 300);
        warmUp(oq, null, questions, 300);

        // closed-loop clients
        Map<String, Object> levels = new LinkedHashMap<>();
        double capacity = 0;
        for (int clients : new int[] {1, 4, 16, 64}) {
          Map<String, Object> level = closedLoop(gq, key, questions, clients, levelSeconds);
          levels.put(clients + " clients", level);
          capacity = Math.max(capacity, (double) level.get("queriesPerSec"));
          System.out.println("serve: " + clients + " clients " + level);
        }
        results.put("closedLoop (max-in-flight = cores, max-queued 64)", levels);
        results.put("capacityQueriesPerSec", round(capacity));
        results.put("capacityVsEncoderAllCores", round(capacity / (double) results.get("encoderQueriesPerSecAllCores")));

        // paired overhead: key check + tenant and access-list clauses, against the open server over the same documents
        results.put("overhead (key + tenant + access list, paired)", paired(gq, key, oq, questions, pairs));
        results.put("metricsRecordMicrosPerRun", round(metricsCost(guarded, questions)));
        results.put("keyCheckMicros (100 keys)", round(keyCheckCost()));
        System.out.println("serve: overhead " + results.get("overhead (key + tenant + access list, paired)"));

        // time to the first streamed event and to the first token (extractive: the whole answer at once)
        results.put("streamingExtractive", streaming(gq, key, questions, 50));
      }
    }
    Path overloadData = work.resolve("overload");
    CorpusSubsetOptions.emptyFolder(overloadData);
    copy(guardedData, overloadData);
    try (Caravan c = Caravan.fromSettings(guardedSettings.with("caravan.data", overloadData.toString()), Map.of());
        CaravanServer s = CaravanServer.start(c, HttpSettings.from(guardedSettings), HttpServerLimits.from(guardedSettings))) {
      URI q = URI.create("http://127.0.0.1:" + s.port() + "/v1/query");
      warmUp(q, key, questions, 100);
      double capacity = (double) results.get("capacityQueriesPerSec");
      Map<String, Object> overload = openLoop(q, key, questions, 2 * capacity, overloadSeconds);
      overload.put("limits", HttpServerLimits.from(guardedSettings).maxInFlight() + " in flight, " + HttpServerLimits.from(guardedSettings).maxQueued() + " queued (defaults)");
      results.put("overload at 2x capacity", overload);
      System.out.println("serve: overload " + overload);
    }
    if (llmModel != null) {
      Path llmData = work.resolve("llm");
      CorpusSubsetOptions.emptyFolder(llmData);
      copy(guardedData, llmData);
      CaravanSettings llm = guardedSettings.with("caravan.data", llmData.toString()).with("caravan.generator", "llm").with("caravan.llm.model-file", llmModel.toString());
      try (Caravan c = Caravan.fromSettings(llm, Map.of()); CaravanServer s = CaravanServer.start(c, HttpSettings.from(llm), HttpServerLimits.from(llm))) {
        URI q = URI.create("http://127.0.0.1:" + s.port() + "/v1/query");
        warmUp(q, key, questions, 3);
        results.put("streamingLlm", streaming(q, key, questions, 15));
      }
    }
    Files.createDirectories(out);
    Files.writeString(out.resolve("serve.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(results));
    StringBuilder md = new StringBuilder("# The hosted endpoint under load\n\n");
    md.append("Command: `benchmarks/run serve --dataset ").append(input.dataset).append(" --docs ").append(docs).append(" --encoder ").append(encoder)
        .append(" --level-seconds ").append(levelSeconds).append(" --overload-seconds ").append(overloadSeconds).append(" --pairs ").append(pairs)
        .append(llmModel == null ? "" : " --llm-model-file " + llmModel).append("`\n\n");
    md.append("Client and server share one JVM and its cores; queries are the dataset's test queries, shuffled.\n\n```json\n")
        .append(json.writerWithDefaultPrettyPrinter().writeValueAsString(results)).append("\n```\n");
    Files.writeString(out.resolve("serve.md"), md.toString());
    System.out.print(md);
    return 0;
  }

  private static double encoderRate(InProcessEncoder encoder, List<String> questions, int threads) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      encoder.encodeAll(List.of(questions.get(i % questions.size())));
    }
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long t0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int offset = t;
      pool.submit(() -> {
        int i = offset;
        while (System.nanoTime() < end) {
          encoder.encodeAll(List.of(questions.get(i++ % questions.size())));
          done.incrementAndGet();
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.MINUTES);
    return done.get() / ((System.nanoTime() - t0) / 1e9);
  }

  private HttpRequest request(URI uri, String key, String question, boolean stream) {
    ObjectNode body = json.createObjectNode().put("query", question).put("k", 10);
    if (stream) {
      body.put("stream", true);
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return b.build();
  }

  private void warmUp(URI uri, String key, List<String> questions, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      HttpResponse<String> r = http.send(request(uri, key, questions.get(i % questions.size()), false), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("warm-up query failed: " + r.statusCode() + " " + r.body());
      }
    }
  }

  private Map<String, Object> closedLoop(URI uri, String key, List<String> questions, int clients, int seconds) throws InterruptedException {
    ConcurrentLinkedQueue<Double> ok = new ConcurrentLinkedQueue<>();
    Map<Integer, AtomicInteger> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    CountDownLatch done = new CountDownLatch(clients);
    long t0 = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      pool.submit(() -> {
        try {
          while (System.nanoTime() < end) {
            long s = System.nanoTime();
            int status;
            try {
              status = http.send(request(uri, key, questions.get(next.getAndIncrement() % questions.size()), false), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
              status = 0;
            }
            statuses.computeIfAbsent(status, x -> new AtomicInteger()).incrementAndGet();
            if (status == 200) {
              ok.add((System.nanoTime() - s) / 1e6);
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          done.countDown();
        }
      });
    }
    done.await();
    pool.shutdown();
    double secs = (System.nanoTime() - t0) / 1e9;
    Percentiles p = new Percentiles(ok.stream().mapToDouble(Double::doubleValue).toArray());
    Map<String, Object> level = new LinkedHashMap<>();
    level.put("queriesPerSec", round(ok.size() / secs));
    level.put("p50Ms", round(p.p50()));
    level.put("p95Ms", round(p.p95()));
    level.put("p99Ms", round(p.p99()));
    level.put("statuses", new java.util.TreeMap<>(statuses));
    return level;
  }

  private Map<String, Object> openLoop(URI uri, String key, List<String> questions, double rate, int seconds) throws Exception {
    long rssBefore = rssKb();
    ConcurrentLinkedQueue<Double> ok = new ConcurrentLinkedQueue<>();
    Map<Integer, AtomicInteger> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    AtomicInteger sent = new AtomicInteger();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    long periodNanos = (long) (1e9 / rate);
    List<java.util.concurrent.CompletableFuture<?>> inFlight = new java.util.concurrent.CopyOnWriteArrayList<>();
    var task = timer.scheduleAtFixedRate(() -> {
      long s = System.nanoTime();
      String q = questions.get(sent.getAndIncrement() % questions.size());
      inFlight.add(http.sendAsync(request(uri, key, q, false), HttpResponse.BodyHandlers.discarding()).handle((r, e) -> {
        int status = e == null ? r.statusCode() : 0;
        statuses.computeIfAbsent(status, x -> new AtomicInteger()).incrementAndGet();
        if (status == 200) {
          ok.add((System.nanoTime() - s) / 1e6);
        }
        return null;
      }));
    }, 0, periodNanos, TimeUnit.NANOSECONDS);
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    task.cancel(false);
    timer.shutdown();
    for (var f : inFlight) {
      f.get(5, TimeUnit.MINUTES);
    }
    System.gc();
    long rssAfter = rssKb();
    int total = statuses.values().stream().mapToInt(AtomicInteger::get).sum();
    Percentiles p = new Percentiles(ok.stream().mapToDouble(Double::doubleValue).toArray());
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("offeredQueriesPerSec", round(rate));
    o.put("sent", total);
    o.put("statuses", new java.util.TreeMap<>(statuses));
    o.put("share429", round(statuses.getOrDefault(429, new AtomicInteger()).get() / (double) total));
    o.put("acceptedQueriesPerSec", round(ok.size() / (double) seconds));
    o.put("acceptedP50Ms", round(p.p50()));
    o.put("acceptedP99Ms", round(p.p99()));
    o.put("rssBeforeMiB", rssBefore / 1024);
    o.put("rssAfterMiB", rssAfter / 1024);
    return o;
  }

  /** Alternates the guarded and the open server on the same question, so drift hits both alike. */
  private Map<String, Object> paired(URI guarded, String key, URI open, List<String> questions, int n) throws Exception {
    double[] g = new double[n];
    double[] o = new double[n];
    double[] diff = new double[n];
    for (int i = 0; i < n; i++) {
      String q = questions.get(i % questions.size());
      boolean guardedFirst = i % 2 == 0;
      double a = timed(guardedFirst ? guarded : open, guardedFirst ? key : null, q);
      double b = timed(guardedFirst ? open : guarded, guardedFirst ? null : key, q);
      g[i] = guardedFirst ? a : b;
      o[i] = guardedFirst ? b : a;
      diff[i] = g[i] - o[i];
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pairs", n);
    m.put("guardedP50Ms", round(new Percentiles(g).p50()));
    m.put("openP50Ms", round(new Percentiles(o).p50()));
    m.put("medianPairedDiffMs", round(new Percentiles(diff).p50()));
    m.put("ratioOfMedians", round(new Percentiles(g).p50() / new Percentiles(o).p50()));
    return m;
  }

  private double timed(URI uri, String key, String q) throws Exception {
    long s = System.nanoTime();
    HttpResponse<String> r = http.send(request(uri, key, q, false), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("query failed: " + r.statusCode() + " " + r.body());
    }
    return (System.nanoTime() - s) / 1e6;
  }

  /** Time from sending to the first {@code step} event, to the first {@code token}, and to {@code done}. */
  private Map<String, Object> streaming(URI uri, String key, List<String> questions, int n) throws Exception {
    double[] firstEvent = new double[n];
    double[] firstToken = new double[n];
    double[] done = new double[n];
    for (int i = 0; i < n; i++) {
      long s = System.nanoTime();
      HttpResponse<InputStream> r = http.send(request(uri, key, questions.get(i % questions.size()), true), HttpResponse.BodyHandlers.ofInputStream());
      try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        String line;
        firstEvent[i] = -1;
        firstToken[i] = -1;
        while ((line = in.readLine()) != null) {
          double t = (System.nanoTime() - s) / 1e6;
          if (line.equals("event: step") && firstEvent[i] < 0) {
            firstEvent[i] = t;
          } else if (line.equals("event: token") && firstToken[i] < 0) {
            firstToken[i] = t;
          } else if (line.equals("event: done")) {
            done[i] = t;
          }
        }
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("queries", n);
    m.put("firstStepEventP50Ms", round(new Percentiles(firstEvent).p50()));
    m.put("firstTokenP50Ms", round(new Percentiles(firstToken).p50()));
    m.put("doneP50Ms", round(new Percentiles(done).p50()));
    return m;
  }

  /** Micros of recording one finished run's metrics (what every query pays once), over real traces. */
  private static double metricsCost(Caravan caravan, List<String> questions) {
    List<RagState> states = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      states.add(caravan.ask(Query.of(questions.get(i % questions.size()), 10), "rag"));
    }
    RunMetrics metrics = new RunMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    int n = 50_000;
    for (int i = 0; i < n; i++) {
      metrics.ended(new RunEnd("rag", RunEnd.Outcome.FINISHED, Instant.EPOCH, Duration.ofMillis(5), states.get(i % states.size()), Optional.empty()));
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      metrics.ended(new RunEnd("rag", RunEnd.Outcome.FINISHED, Instant.EPOCH, Duration.ofMillis(5), states.get(i % states.size()), Optional.empty()));
    }
    return (System.nanoTime() - t0) / 1e3 / n;
  }

  /** Micros of checking a key against a file of 100 (hash, then a constant-time pass over every entry). */
  private static double keyCheckCost() {
    SecureRandom random = new SecureRandom();
    List<String> lines = new ArrayList<>();
    String last = null;
    for (int i = 0; i < 100; i++) {
      last = ApiKeys.newKey(random);
      lines.add(ApiKeys.entryLine(last, new Principal("p" + i, "t", Set.of(Scope.QUERY), Set.of())));
    }
    ApiKeys keys = ApiKeys.parse(String.join("\n", lines), "bench");
    int n = 200_000;
    long found = 0;
    for (int i = 0; i < n; i++) {
      found += keys.authenticate(last).isPresent() ? 1 : 0;
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      found += keys.authenticate(last).isPresent() ? 1 : 0;
    }
    double micros = (System.nanoTime() - t0) / 1e3 / n;
    if (found != 2L * n) {
      throw new IllegalStateException("the key was not found");
    }
    return micros;
  }

  private static long rssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static void copy(Path from, Path to) throws IOException {
    try (var walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().equals("write.lock")) {
          Files.copy(p, target);
        }
      }
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
