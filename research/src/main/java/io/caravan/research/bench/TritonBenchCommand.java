package io.caravan.research.bench;

import io.caravan.research.eval.stats.Percentiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.connectors.lucene.HybridRetriever;
import io.caravan.connectors.lucene.LuceneIndex;
import io.caravan.connectors.lucene.rerank.FusionFeatures;
import io.caravan.connectors.lucene.rerank.FusionWeights;
import io.caravan.connectors.lucene.rerank.LearnedFusionReranker;
import io.caravan.connectors.onnx.EncoderVariant;
import io.caravan.connectors.onnx.InProcessEncoder;
import io.caravan.connectors.triton.ClientTokenizer;
import io.caravan.connectors.triton.GuardedModel;
import io.caravan.connectors.triton.InputTensor;
import io.caravan.connectors.triton.LocalTritonServer;
import io.caravan.connectors.triton.ModelMetrics;
import io.caravan.connectors.triton.TritonClient;
import io.caravan.connectors.triton.TritonEncoder;
import io.caravan.connectors.triton.TritonFusionScorer;
import io.caravan.connectors.triton.TritonOptions;
import io.caravan.core.Candidate;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.core.document.Document;
import io.caravan.core.document.EncodedChunk;
import io.caravan.core.document.SentenceChunker;
import io.caravan.core.spi.CachingEncoder;
import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.Reranker;
import io.caravan.research.eval.BeirDataset;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * In-process vs Triton-hosted encoding and reranking, in one JVM and one run: ingestion throughput
 * (encode + index), query latency (sequential) and concurrent query throughput, with client-side
 * batching on and off and Triton's dynamic batching on and off (the server is restarted between),
 * the batch sizes the client sent and the server executed (Triton's own statistics), and the
 * client's overhead per call (client-observed call time minus the server's own time per request).
 */
@Command(name = "triton", mixinStandardHelpOptions = true, description = "In-process vs Triton: ingestion throughput, query latency, batching effects, client overhead.")
public final class TritonBenchCommand implements Callable<Integer> {

  @Mixin CorpusSubsetOptions input;

  @Option(names = "--docs", defaultValue = "300", description = "Corpus documents to ingest (default ${DEFAULT-VALUE}).")
  int docs;

  @Option(names = "--queries", defaultValue = "100", description = "Test queries (default ${DEFAULT-VALUE}).")
  int queryCount;

  @Option(names = "--threads", defaultValue = "8", description = "Concurrent query threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--triton-home", defaultValue = ".caravan/triton", description = "What scripts/triton-env.sh prepared (default ${DEFAULT-VALUE}).")
  Path home;

  @Option(names = "--work", defaultValue = "/tmp/caravan-triton-bench", description = "Scratch folder (deleted and recreated).")
  Path work;

  @Option(names = "--out", defaultValue = "benchmarks/results/triton", description = "Where triton.md and triton.json go.")
  Path out;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, Object> results = new LinkedHashMap<>();
  private final List<String> rows = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    BeirDataset beir = input.beir();
    CorpusSubsetOptions.emptyFolder(work);
    List<Document> subset = CorpusSubsetOptions.firstDocuments(beir, docs);
    SentenceChunker chunker = SentenceChunker.defaults();
    List<List<Passage>> byDoc = new ArrayList<>();
    int chunks = 0;
    for (Document d : subset) {
      List<Passage> ps = chunker.chunk(d);
      byDoc.add(ps);
      chunks += ps.size();
    }
    List<String> queries = new ArrayList<>(beir.queries("test").values()).subList(0, queryCount);
    results.put("machine", Runtime.getRuntime().availableProcessors() + " cores (shared), Java " + System.getProperty("java.version"));
    results.put("date", LocalDate.now().toString());
    results.put("documents", subset.size());
    results.put("chunks", chunks);
    results.put("queries", queries.size());
    results.put("threads", threads);

    InProcessEncoder inProcess = new InProcessEncoder(EncoderVariant.FP32);
    inProcess.load();
    encodeAll(inProcess, queries.subList(0, 10)); // warm-up
    ingest("in-process", inProcess, byDoc, work.resolve("in-process"), null);
    queries("in-process", inProcess, queries, null, null);
    try (LuceneIndex index = LuceneIndex.open(work.resolve("in-process"), inProcess.info())) {
      Encoder cached = new CachingEncoder(inProcess, 1024);
      pipeline("in-process", index, cached, new LearnedFusionReranker(new FusionFeatures(index, cached), FusionWeights.bundled()), queries);
    }

    Path root = LocalTritonServer.repositoryRoot();
    for (boolean dynamic : new boolean[] {true, false}) {
      List<String> args = dynamic ? List.of("--max-queue-delay-us", "500") : List.of("--no-dynamic-batching");
      String server = dynamic ? "dyn-batching on" : "dyn-batching off";
      try (LocalTritonServer triton = new LocalTritonServer(root, home.toAbsolutePath(), args)) {
        triton.start(Duration.ofSeconds(120));
        try (TritonClient client = new TritonClient(triton.grpcTarget())) {
          TritonOptions base = TritonOptions.defaults(triton.grpcTarget()).withTimeout(Duration.ofSeconds(30));
          TritonOptions batched = base.withBatching(Duration.ofMillis(2), 32, 2);
          TritonOptions single = base.withBatching(Duration.ofNanos(1), 1, threads);
          for (Map.Entry<String, TritonOptions> c : Map.of("client batch<=32", batched, "client batch 1", single).entrySet()) {
            try (TritonEncoder e = TritonEncoder.miniLm(client, TritonEncoder.MINILM_MODEL, c.getValue())) {
              e.start();
              encodeAll(e, queries.subList(0, 10));
              String label = "triton, " + c.getKey() + ", " + server;
              ingest(label, e, byDoc, work.resolve("t" + rows.size()), triton);
              queries(label, e, queries, triton, e);
            }
          }
          if (dynamic) {
            try (TritonEncoder e = TritonEncoder.miniLm(client, TritonEncoder.MINILM_MODEL, batched);
                LuceneIndex index = LuceneIndex.open(work.resolve("in-process"), inProcess.info())) {
              e.start();
              Encoder cached = new CachingEncoder(e, 1024);
              TritonFusionScorer scorer = new TritonFusionScorer(new GuardedModel(client, TritonFusionScorer.MODEL, batched));
              scorer.start();
              pipeline("triton (encoder + reranker)", index, cached, new LearnedFusionReranker(new FusionFeatures(index, cached), scorer), queries);
              overhead(e, client, triton, queries);
            }
          }
        }
      }
    }
    Files.createDirectories(out);
    Files.writeString(out.resolve("triton.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(results));
    StringBuilder md = new StringBuilder("# In-process vs Triton (all-MiniLM-L6-v2 fp32, learned-fusion reranker)\n\n");
    md.append("Command: `benchmarks/run triton --dataset ").append(input.dataset).append(" --docs ").append(docs).append(" --queries ").append(queryCount)
        .append(" --threads ").append(threads).append("`. Machine: ").append(results.get("machine")).append(". Server: PyTriton 0.7 / tritonserver 2.51, ")
        .append("Python backend running onnxruntime on the same CPU cores as the client.\n\n");
    md.append("| configuration | ingest chunks/s | ingest calls (mean client batch / server batch) | query p50 ms | query p95 ms | ")
        .append(threads).append("-thread qps | ").append(threads).append("-thread p50 / p95 ms | concurrent: calls (mean client batch / server batch) |\n");
    md.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    rows.forEach(md::append);
    md.append("\n");
    results.entrySet().stream().filter(e -> e.getKey().startsWith("pipeline") || e.getKey().startsWith("overhead"))
        .forEach(e -> md.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append("\n"));
    Files.writeString(out.resolve("triton.md"), md.toString());
    System.out.print(md);
    return 0;
  }

  private final Map<String, String> pending = new LinkedHashMap<>();

  /** Ingestion: encode each batch of up to 64 chunks (the default ingest batch) and index it; then commit. */
  private void ingest(String label, Encoder encoder, List<List<Passage>> byDoc, Path indexDir, LocalTritonServer server) throws Exception {
    long[] s0 = stats(server);
    long t0 = System.nanoTime();
    int n = 0;
    try (LuceneIndex index = LuceneIndex.open(indexDir, encoder.info())) {
      List<Passage> batch = new ArrayList<>();
      for (int d = 0; d < byDoc.size(); d++) {
        batch.addAll(byDoc.get(d));
        if (batch.size() >= 64 || d == byDoc.size() - 1) {
          List<float[]> v = encoder.encodeAll(batch.stream().map(p -> p.title().isEmpty() ? p.text() : p.title() + "\n\n" + p.text()).toList());
          Map<String, List<EncodedChunk>> perDoc = new LinkedHashMap<>();
          for (int i = 0; i < batch.size(); i++) {
            perDoc.computeIfAbsent(batch.get(i).docId(), k -> new ArrayList<>()).add(new EncodedChunk(batch.get(i), v.get(i)));
          }
          perDoc.forEach((id, cs) -> index.upsert(id, id, cs));
          n += batch.size();
          batch.clear();
        }
      }
      index.commit();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    String calls = "-";
    if (encoder instanceof TritonEncoder t) {
      long[] s1 = stats(server);
      ModelMetrics.Snapshot m = t.metrics();
      calls = String.format(Locale.ROOT, "%d (%.1f / %.1f)", m.calls(), m.meanBatch(), serverBatch(s0, s1));
    }
    results.put("ingestChunksPerSec[" + label + "]", round(n / secs));
    pending.put(label, "| " + label + " | " + round(n / secs) + " | " + calls + " | ");
  }

  /** Query encoding: sequential latency, then {@code threads} threads at once. */
  private void queries(String label, Encoder encoder, List<String> queries, LocalTritonServer server, TritonEncoder metrics) throws Exception {
    double[] lat = new double[queries.size()];
    for (int i = 0; i < queries.size(); i++) {
      long t0 = System.nanoTime();
      encoder.encodeQuery(queries.get(i));
      lat[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(lat);
    long calls0 = metrics == null ? 0 : metrics.metrics().calls();
    long items0 = metrics == null ? 0 : metrics.metrics().items();
    long[] s0 = stats(server);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    double[] conc = new double[queries.size() * 2];
    long t0 = System.nanoTime();
    try {
      List<Future<Double>> fs = new ArrayList<>();
      for (int i = 0; i < conc.length; i++) {
        String q = queries.get(i % queries.size());
        fs.add(pool.submit(() -> {
          long a = System.nanoTime();
          encoder.encodeQuery(q);
          return (System.nanoTime() - a) / 1e6;
        }));
      }
      for (int i = 0; i < conc.length; i++) {
        conc[i] = fs.get(i).get();
      }
    } finally {
      pool.shutdown();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    Arrays.sort(conc);
    String batches = "-";
    if (metrics != null) {
      long[] s1 = stats(server);
      long calls = metrics.metrics().calls() - calls0;
      long items = metrics.metrics().items() - items0;
      batches = String.format(Locale.ROOT, "%d (%.1f / %.1f)", calls, (double) items / calls, serverBatch(s0, s1));
    }
    results.put("queryP50Ms[" + label + "]", round(pct(lat, 0.5)));
    results.put("queryP95Ms[" + label + "]", round(pct(lat, 0.95)));
    results.put("concurrentQps[" + label + "]", round(conc.length / secs));
    rows.add(pending.remove(label) + round(pct(lat, 0.5)) + " | " + round(pct(lat, 0.95)) + " | " + round(conc.length / secs) + " | "
        + round(pct(conc, 0.5)) + " / " + round(pct(conc, 0.95)) + " | " + batches + " |\n");
  }

  /**
   * The retrieval path one query takes in the bundled process: hybrid top 100, then rerank to 10,
   * the query encoded once for both stages (a cache, as the app has).
   */
  private void pipeline(String label, LuceneIndex index, Encoder queryEncoder, Reranker reranker, List<String> queries) {
    HybridRetriever first = HybridRetriever.bm25AndDense(index, queryEncoder);
    double[] lat = new double[queries.size()];
    for (int i = 0; i < queries.size(); i++) {
      long t0 = System.nanoTime();
      Query q = Query.of(queries.get(i), 10);
      List<Candidate> c = first.retrieve(q.withK(100));
      reranker.rerank(q, c, 10);
      lat[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(lat);
    results.put("pipeline hybrid+rerank p50/p95 ms [" + label + "]", round(pct(lat, 0.5)) + " / " + round(pct(lat, 0.95)));
  }

  /**
   * Client overhead per call: sequential single-query calls, the client's own measure of each call
   * minus Triton's measure of the same requests (request received to response sent); plus the
   * client's CPU per text before any I/O (tokenisation and tensor building).
   */
  private void overhead(TritonEncoder e, TritonClient client, LocalTritonServer server, List<String> queries) throws Exception {
    ModelMetrics.Snapshot m0 = e.metrics();
    long[] s0 = stats(server);
    double clientMs = 0;
    for (String q : queries) {
      long t0 = System.nanoTime();
      e.encodeQuery(q);
      clientMs += (System.nanoTime() - t0) / 1e6;
    }
    long[] s1 = stats(server);
    long calls = e.metrics().calls() - m0.calls();
    double serverMs = (s1[2] - s0[2]) / 1e3 / Math.max(1, s1[3] - s0[3]);
    double perCall = clientMs / calls;
    ClientTokenizer tok = ClientTokenizer.miniLm();
    long t0 = System.nanoTime();
    int reps = 0;
    for (int r = 0; r < 5; r++) {
      for (String q : queries) {
        ClientTokenizer.Piece p = tok.pieces(q).get(0);
        long[] shape = {1, p.ids().length};
        InputTensor.int64("input_ids", shape, p.ids());
        InputTensor.int64("attention_mask", shape, p.ids());
        InputTensor.int64("token_type_ids", shape, p.typeIds());
        reps++;
      }
    }
    double prepMs = (System.nanoTime() - t0) / 1e6 / reps;
    tok.close();
    results.put("overhead: encodeQuery end to end, mean ms", round(perCall));
    results.put("overhead: Triton's own time per request (queue + compute), mean ms", round(serverMs));
    results.put("overhead: client + transport per call (difference), mean ms", round(perCall - serverMs));
    results.put("overhead: client CPU per text before I/O (tokenise + tensors), ms", round(prepMs));
  }

  /**
   * Triton's own counters for the encoder, from its Prometheus metrics: inferences (rows), executions
   * (model runs; rows / runs is the batch the server ran), cumulative request time in microseconds,
   * successful requests.
   */
  private long[] stats(LocalTritonServer server) throws Exception {
    if (server == null) {
      return new long[4];
    }
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.metricsUrl())).build(), HttpResponse.BodyHandlers.ofString());
    long[] out = new long[4];
    String model = "{model=\"" + TritonEncoder.MINILM_MODEL + "\"";
    for (String line : r.body().split("\n")) {
      if (!line.contains(model)) {
        continue;
      }
      long v = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      if (line.startsWith("nv_inference_count{")) {
        out[0] = v;
      } else if (line.startsWith("nv_inference_exec_count{")) {
        out[1] = v;
      } else if (line.startsWith("nv_inference_request_duration_us{")) {
        out[2] = v;
      } else if (line.startsWith("nv_inference_request_success{")) {
        out[3] = v;
      }
    }
    return out;
  }

  private static double serverBatch(long[] a, long[] b) {
    long exec = b[1] - a[1];
    return exec == 0 ? 0 : (double) (b[0] - a[0]) / exec;
  }

  private static void encodeAll(Encoder e, List<String> texts) {
    e.encodeAll(texts);
  }

  /** Percentile {@code p} in [0, 1], by the one definition all of Caravan's reports use. */
  private static double pct(double[] values, double p) {
    return new Percentiles(values).at(p * 100);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
