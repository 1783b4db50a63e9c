package io.caravan.research.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.caravan.runtime.Caravan;
import io.caravan.runtime.CaravanSettings;
import io.caravan.connectors.onnx.InProcessEncoder;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.core.document.Document;
import io.caravan.core.document.SentenceChunker;
import io.caravan.research.eval.BeirDataset;
import io.caravan.ingest.IngestReport;
import io.caravan.ingest.ProgressListener;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * End-to-end cost on the embedded default, all in one JVM and one run so the figures compare:
 * ingestion throughput through the real ingestion path (parse, chunk, encode, index, commit) beside
 * the encoder's own throughput on the same chunks, query latency through the {@code rag} process,
 * and the orchestration overhead (BPMN + Camel vs direct calls of the same steps).
 */
@Command(name = "latency", mixinStandardHelpOptions = true, description = "Ingestion throughput, encoder throughput, query latency and orchestration overhead on a BEIR corpus subset.")
public final class LatencyCommand implements Callable<Integer> {

  @Mixin CorpusSubsetOptions input;

  @Option(names = "--docs", defaultValue = "1000", description = "Corpus documents to ingest (default ${DEFAULT-VALUE}).")
  int docs;

  @Option(names = "--encoder", defaultValue = "fp32")
  String encoder;

  @Option(names = "--rounds", defaultValue = "3", description = "Measured passes over the queries for the overhead comparison.")
  int rounds;

  @Option(names = "--warmup-runs", defaultValue = "3000", description = "Queries run through both paths before measuring, so the JIT has compiled the engine (default ${DEFAULT-VALUE}).")
  int warmupRuns;

  @Option(names = "--work", defaultValue = "/tmp/caravan-latency", description = "Scratch folder (deleted and recreated).")
  Path work;

  @Option(names = "--out", defaultValue = "benchmarks/results", description = "Where latency.md and latency.json go.")
  Path out;

  @Override
  public Integer call() throws Exception {
    BeirDataset beir = input.beir();
    CorpusSubsetOptions.emptyFolder(work);
    List<Document> subset = CorpusSubsetOptions.firstDocuments(beir, docs);
    Path corpus = work.resolve("corpus.jsonl");
    ObjectMapper json = new ObjectMapper();
    try (BufferedWriter w = Files.newBufferedWriter(corpus, StandardCharsets.UTF_8)) {
      for (Document d : subset) {
        ObjectNode n = json.createObjectNode().put("_id", d.id()).put("title", d.title()).put("text", d.text());
        w.write(json.writeValueAsString(n));
        w.newLine();
      }
    }
    CaravanSettings settings = CaravanSettings.defaultsOnly().with("caravan.data", work.resolve("data").toString()).with("caravan.encoder", encoder);
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("machine", Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version"));
    results.put("date", LocalDate.now().toString());
    results.put("encoder", encoder);
    results.put("documents", subset.size());

    // 1. the encoder alone on exactly the texts ingestion will encode
    SentenceChunker chunker = new SentenceChunker(settings.chunkChars(), settings.chunkOverlap());
    List<String> texts = new ArrayList<>();
    for (Document d : subset) {
      for (Passage p : chunker.chunk(d)) {
        texts.add(p.title().isEmpty() ? p.text() : p.title() + "\n\n" + p.text());
      }
    }
    InProcessEncoder alone = new InProcessEncoder(settings.encoder());
    alone.load();
    long t0 = System.nanoTime();
    for (int i = 0; i < texts.size(); i += settings.ingestBatch()) {
      alone.encodeAll(texts.subList(i, Math.min(texts.size(), i + settings.ingestBatch())));
    }
    double encodeSecs = (System.nanoTime() - t0) / 1e9;
    results.put("encoderChunksPerSec", round(texts.size() / encodeSecs));

    try (Caravan caravan = Caravan.fromSettings(settings, Map.of())) {
      // 2. ingestion through the real path
      long i0 = System.nanoTime();
      IngestReport report = caravan.ingest(corpus, ProgressListener.NONE);
      double ingestSecs = (System.nanoTime() - i0) / 1e9;
      results.put("chunks", report.chunks());
      results.put("ingestDocsPerSec", round(report.written() / ingestSecs));
      results.put("ingestChunksPerSec", round(report.chunks() / ingestSecs));
      results.put("ingestVsEncoder", round((report.chunks() / ingestSecs) / (texts.size() / encodeSecs)));

      // 3. queries (the dataset's test queries) and 4. the orchestration overhead
      List<String> questions = new ArrayList<>(beir.queries("test").values());
      OrchestrationOverhead.Result r = new OrchestrationOverhead(caravan, "rag").run(questions, 10, warmupRuns, rounds);
      results.put("warmupRuns", warmupRuns);
      results.put("queries", r.queries());
      results.put("processP50Ms", round(r.processP50()));
      results.put("processP95Ms", round(r.processP95()));
      results.put("directP50Ms", round(r.directP50()));
      results.put("directP95Ms", round(r.directP95()));
      results.put("overheadRatio", round(r.ratio()));
      results.put("overheadMedianPairedDiffMs", round(r.pairedMedianDiff()));
      results.put("overheadShareOfP50", round(r.overheadShare()));
      results.put("stepP50Ms", stepMedians(caravan, questions));
    }
    Files.createDirectories(out);
    Files.writeString(out.resolve("latency.json"), new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(results));
    StringBuilder md = new StringBuilder("# Latency and throughput (embedded default)\n\n");
    md.append("Command: `benchmarks/run latency --dataset ").append(input.dataset).append(" --docs ").append(docs).append(" --encoder ").append(encoder)
        .append(" --rounds ").append(rounds).append(" --warmup-runs ").append(warmupRuns).append("`\n\n");
    md.append("| figure | value |\n| --- | --- |\n");
    results.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    Files.writeString(out.resolve("latency.md"), md.toString());
    System.out.print(md);
    return 0;
  }

  private static Map<String, Double> stepMedians(Caravan caravan, List<String> questions) {
    Map<String, List<Double>> byStep = new LinkedHashMap<>();
    for (String q : questions) {
      RagState s = caravan.ask(Query.of(q, 10), "rag");
      for (TraceEvent e : s.trace().events()) {
        byStep.computeIfAbsent(e.step(), x -> new ArrayList<>()).add(e.duration().toNanos() / 1e6);
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    byStep.forEach((k, v) -> out.put(k, round(OrchestrationOverhead.percentile(v.stream().mapToDouble(Double::doubleValue).toArray(), 50))));
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
