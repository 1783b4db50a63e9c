package io.caravan.research.bench;

import io.caravan.research.bench.Pipelines.Pipeline;
import io.caravan.connectors.lucene.LuceneIndex;
import io.caravan.connectors.lucene.rerank.FusionFeatures;
import io.caravan.connectors.lucene.rerank.FusionWeights;
import io.caravan.connectors.lucene.rerank.LearnedFusionReranker;
import io.caravan.connectors.onnx.InProcessEncoder;
import io.caravan.core.Candidate;
import io.caravan.research.eval.BeirDataset;
import io.caravan.research.eval.Qrels;
import io.caravan.research.eval.RetrievalMetrics.Scored;
import io.caravan.research.eval.harness.DocumentRanking;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Evaluates BM25, dense, hybrid (RRF) and hybrid + second stage on one split of a BEIR dataset and
 * records the metrics in {@code --out}. Every configuration runs over every judged query on one
 * thread after an untimed warm-up of {@value #WARM_UP} queries, so the latencies compare.
 */
@Command(name = "beir", mixinStandardHelpOptions = true, description = "Evaluate retrieval configurations on a BEIR dataset.")
public final class BeirCommand implements Callable<Integer> {

  static final int WARM_UP = 20;

  @Mixin DatasetOptions options;

  @Option(names = "--split", defaultValue = "test", description = "qrels split (default ${DEFAULT-VALUE})")
  String split;

  @Option(names = "--out", defaultValue = "benchmarks/results", description = "results folder (default ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--depth", defaultValue = "100", description = "hybrid: chunks per list before fusion (default ${DEFAULT-VALUE})")
  int depth;

  @Option(names = "--rerank-weights", description = "fusion weights JSON for the second stage (default: the weights bundled with the Lucene connector)")
  Path weights;

  @Option(names = "--limit", defaultValue = "0", description = "evaluate only the first N judged queries (0 = all); not recorded in --out")
  int limit;

  @Override
  public Integer call() throws Exception {
    BeirDataset beir = options.beir();
    Qrels qrels = beir.qrels(split);
    Map<String, String> queries = beir.queries(split);
    if (limit > 0) {
      Map<String, String> some = new LinkedHashMap<>();
      queries.entrySet().stream().limit(limit).forEach(e -> some.put(e.getKey(), e.getValue()));
      queries = some;
    }
    InProcessEncoder encoder = options.newEncoder();
    System.out.println("encoder: loaded in " + encoder.load().toMillis() + " ms");
    FusionWeights fusion = weights == null ? FusionWeights.bundled() : FusionWeights.load(weights);
    try (LuceneIndex index = options.openIndex(beir, encoder)) {
      Pipelines p = new Pipelines(index, encoder, depth);
      List<Pipeline> pipelines = new ArrayList<>();
      pipelines.add(p.bm25());
      pipelines.add(p.dense());
      pipelines.add(p.hybrid());
      pipelines.add(p.hybridThen(new LearnedFusionReranker(new FusionFeatures(index, encoder), fusion)));

      Map<String, MetricSet> results = new LinkedHashMap<>();
      for (Pipeline pipeline : pipelines) {
        MetricSet m = evaluate(pipeline, queries, qrels);
        results.put(pipeline.name(), m);
        System.out.printf(Locale.ROOT, "%-28s nDCG@10 %.4f  R@100 %.4f  MRR@10 %.4f  %.1f ms/query (%d queries)%n",
            pipeline.name(), m.ndcg10(), m.recall100(), m.mrr10(), m.meanMillis(), m.queries());
      }
      if (limit > 0) {
        System.out.println("--limit given: results not recorded");
        return 0;
      }
      Map<String, Object> settings = new LinkedHashMap<>();
      settings.put("split", split);
      settings.put("encoder", encoder.info().modelId());
      settings.put("chunkChars", options.chunkChars);
      settings.put("overlapSentences", options.overlap);
      settings.put("depth", depth);
      Map<String, Object> context = new LinkedHashMap<>();
      context.put("date", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
      context.put("machine", machine());
      context.put("documents", index.documentCount());
      context.put("chunks", index.chunkCount());
      context.put("queries", queries.size());
      context.put("secondStage", fusion.toString());
      context.put("command", String.format(Locale.ROOT,
          "benchmarks/run beir --dataset %s --split %s --encoder %s --chunk-chars %d --chunk-overlap %d --depth %d",
          options.dataset, split, options.encoder, options.chunkChars, options.overlap, depth));
      new ResultsReport(out, options.datasetName()).record(settings, context, results);
      System.out.println("results: " + out.resolve(options.datasetName() + ".md"));
    }
    return 0;
  }

  static MetricSet evaluate(Pipeline pipeline, Map<String, String> queries, Qrels qrels) {
    queries.values().stream().limit(WARM_UP).forEach(pipeline::run);
    Map<String, List<Scored>> runs = new LinkedHashMap<>();
    long total = 0;
    for (Map.Entry<String, String> q : queries.entrySet()) {
      long t0 = System.nanoTime();
      List<Candidate> ranked = pipeline.run(q.getValue());
      total += System.nanoTime() - t0;
      runs.put(q.getKey(), DocumentRanking.maxPassageScores(ranked, 100));
    }
    return MetricSet.of(runs, qrels, total / 1e6 / Math.max(1, queries.size()));
  }

  static String machine() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "unknown host";
    }
    return String.format(Locale.ROOT, "%s, %d cores, Java %s, %s", host, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), System.getProperty("os.arch"));
  }
}
