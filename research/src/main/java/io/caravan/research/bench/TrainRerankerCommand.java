package io.caravan.research.bench;

import io.caravan.research.bench.PairwiseLogisticRegression.Group;
import io.caravan.connectors.lucene.HybridRetriever;
import io.caravan.connectors.lucene.LuceneIndex;
import io.caravan.connectors.lucene.rerank.FusionFeatures;
import io.caravan.connectors.lucene.rerank.FusionWeights;
import io.caravan.connectors.onnx.InProcessEncoder;
import io.caravan.core.Candidate;
import io.caravan.core.Query;
import io.caravan.research.eval.BeirDataset;
import io.caravan.research.eval.Qrels;
import io.caravan.research.eval.RetrievalMetrics.Scored;
import io.caravan.research.eval.harness.DocumentRanking;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
 * Trains the learned-fusion reranker on a training split: runs the hybrid first stage for every
 * judged query, computes {@link FusionFeatures} for its candidates (label: the candidate's document
 * is judged relevant), standardises, picks the L2 strength by 5-fold cross-validated nDCG@10 on the
 * same split (queries assigned to folds by position, so the run is reproducible), fits on all of it
 * and writes the weights with their provenance. Never reads the test split.
 */
@Command(name = "beir-train-reranker", mixinStandardHelpOptions = true,
    description = "Fit the learned-fusion reranker's weights on a BEIR training split.")
public final class TrainRerankerCommand implements Callable<Integer> {

  private static final double[] LAMBDAS = {0.01, 0.1, 1, 10, 100};
  private static final int FOLDS = 5;

  @Mixin DatasetOptions options;

  @Option(names = "--split", defaultValue = "train", description = "training split (default ${DEFAULT-VALUE})")
  String split;

  @Option(names = "--depth", defaultValue = "100", description = "hybrid: chunks per list before fusion (default ${DEFAULT-VALUE})")
  int depth;

  @Option(names = "--features", split = ",", description = "train only these features (others get weight 0); default all of " + "bm25_rel,bm25_log,cosine,cosine_gap,bm25_rank_log,cosine_rank_log,body_coverage,title_coverage,input_rank_log")
  List<String> only;

  @Option(names = "--weights-out", required = true, description = "where to write the weights JSON")
  Path weightsOut;

  @Override
  public Integer call() throws Exception {
    if ("test".equals(split)) {
      throw new IllegalArgumentException("refusing to train on the test split");
    }
    BeirDataset beir = options.beir();
    Qrels qrels = beir.qrels(split);
    Map<String, String> queries = beir.queries(split);
    InProcessEncoder encoder = options.newEncoder();
    encoder.load();
    List<String> names = FusionFeatures.NAMES;
    boolean[] mask = new boolean[names.size()];
    for (int f = 0; f < mask.length; f++) {
      mask[f] = only == null || only.contains(names.get(f));
    }
    if (only != null && !names.containsAll(only)) {
      throw new IllegalArgumentException("unknown feature in --features " + only + "; known: " + names);
    }
    try (LuceneIndex index = options.openIndex(beir, encoder)) {
      HybridRetriever first = HybridRetriever.bm25AndDense(index, encoder, new io.caravan.core.fusion.ReciprocalRankFusion(), depth);
      FusionFeatures features = new FusionFeatures(index, encoder);
      List<String> ids = new ArrayList<>();
      List<List<Candidate>> lists = new ArrayList<>();
      List<Group> groups = new ArrayList<>();
      long t0 = System.nanoTime();
      for (Map.Entry<String, String> q : queries.entrySet()) {
        List<Candidate> cands = first.retrieve(Query.of(q.getValue(), 2 * depth));
        List<double[]> rows = features.extract(Query.of(q.getValue()), cands);
        boolean[] rel = new boolean[cands.size()];
        Map<String, Integer> judged = qrels.of(q.getKey());
        for (int i = 0; i < rel.length; i++) {
          rel[i] = judged.getOrDefault(cands.get(i).docId(), 0) > 0;
        }
        ids.add(q.getKey());
        lists.add(cands);
        groups.add(new Group(rows, rel));
        if (ids.size() % 100 == 0) {
          System.out.printf(Locale.ROOT, "train: features for %d / %d queries, %.0f s%n", ids.size(), queries.size(), (System.nanoTime() - t0) / 1e9);
        }
      }
      double[] mean = new double[names.size()];
      double[] scale = new double[names.size()];
      standardisation(groups, mean, scale);
      List<Group> z = standardised(groups, mean, scale);

      double rrf = ndcg(ids, lists, null, null, qrels);
      System.out.printf(Locale.ROOT, "train: hybrid-rrf nDCG@10 on %s = %.4f%n", split, rrf);
      double bestLambda = LAMBDAS[0];
      double bestCv = -1;
      Map<String, Double> cvByLambda = new LinkedHashMap<>();
      for (double lambda : LAMBDAS) {
        double cv = crossValidated(ids, lists, z, qrels, lambda, mask);
        cvByLambda.put(Double.toString(lambda), round(cv));
        System.out.printf(Locale.ROOT, "train: lambda %-6s 5-fold CV nDCG@10 %.4f%n", lambda, cv);
        if (cv > bestCv) {
          bestCv = cv;
          bestLambda = lambda;
        }
      }
      double[] w = new PairwiseLogisticRegression(bestLambda, mask).fit(z);
      double fitted = ndcg(ids, lists, z, w, qrels);
      System.out.printf(Locale.ROOT, "train: lambda %s, fitted on all %s queries: in-sample nDCG@10 %.4f (RRF %.4f)%n", bestLambda, split, fitted, rrf);

      Map<String, Object> provenance = new LinkedHashMap<>();
      provenance.put("model", "pairwise logistic regression (linear RankNet) over standardised FusionFeatures");
      provenance.put("data", options.datasetName() + " " + split + " split: " + ids.size() + " judged queries, candidates = hybrid RRF union of BM25 and dense, " + depth + " chunks per list");
      provenance.put("index", options.indexKey(beir, encoder));
      provenance.put("date", LocalDate.now(ZoneOffset.UTC).toString());
      provenance.put("command", String.format(Locale.ROOT,
          "benchmarks/run beir-train-reranker --dataset %s --split %s --encoder %s --chunk-chars %d --chunk-overlap %d --depth %d%s --weights-out %s",
          options.dataset, split, options.encoder, options.chunkChars, options.overlap, depth,
          only == null ? "" : " --features " + String.join(",", only), weightsOut));
      provenance.put("lambda", bestLambda);
      provenance.put("cvNdcg10ByLambda", cvByLambda);
      provenance.put("trainNdcg10HybridRrf", round(rrf));
      provenance.put("trainNdcg10Cv", round(bestCv));
      provenance.put("trainNdcg10InSample", round(fitted));
      new FusionWeights(names, mean, scale, w, 0.0, provenance).write(weightsOut);
      System.out.println("train: weights written to " + weightsOut);
      for (int f = 0; f < w.length; f++) {
        System.out.printf(Locale.ROOT, "  %-16s %+.4f%n", names.get(f), w[f]);
      }
    }
    return 0;
  }

  private static double crossValidated(List<String> ids, List<List<Candidate>> lists, List<Group> z, Qrels qrels, double lambda, boolean[] mask) {
    double sum = 0;
    int n = 0;
    for (int fold = 0; fold < FOLDS; fold++) {
      List<Group> train = new ArrayList<>();
      for (int i = 0; i < z.size(); i++) {
        if (i % FOLDS != fold) {
          train.add(z.get(i));
        }
      }
      double[] w = new PairwiseLogisticRegression(lambda, mask).fit(train);
      List<String> heldIds = new ArrayList<>();
      List<List<Candidate>> heldLists = new ArrayList<>();
      List<Group> heldZ = new ArrayList<>();
      for (int i = fold; i < z.size(); i += FOLDS) {
        heldIds.add(ids.get(i));
        heldLists.add(lists.get(i));
        heldZ.add(z.get(i));
      }
      int judged = countJudged(heldIds, qrels);
      sum += ndcg(heldIds, heldLists, heldZ, w, qrels) * judged;
      n += judged;
    }
    return sum / n;
  }

  private static int countJudged(List<String> ids, Qrels qrels) {
    int n = 0;
    for (String id : ids) {
      if (io.caravan.research.eval.RetrievalMetrics.hasRelevant(qrels.of(id))) {
        n++;
      }
    }
    return n;
  }

  /** Mean nDCG@10 of the lists as given ({@code w == null}) or re-ordered by the linear score. */
  private static double ndcg(List<String> ids, List<List<Candidate>> lists, List<Group> z, double[] w, Qrels qrels) {
    Map<String, List<Scored>> runs = new LinkedHashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      List<Candidate> ranked = new ArrayList<>(lists.get(i));
      if (w != null) {
        List<double[]> rows = z.get(i).rows();
        List<Candidate> scored = new ArrayList<>();
        for (int c = 0; c < ranked.size(); c++) {
          double s = 0;
          for (int f = 0; f < w.length; f++) {
            s += w[f] * rows.get(c)[f];
          }
          scored.add(ranked.get(c).withScore("trained", s));
        }
        scored.sort(Candidate.RANKING);
        ranked = scored;
      }
      runs.put(ids.get(i), DocumentRanking.maxPassageScores(ranked, 100));
    }
    return MetricSet.of(runs, qrels, 0).ndcg10();
  }

  private static void standardisation(List<Group> groups, double[] mean, double[] scale) {
    long n = 0;
    for (Group g : groups) {
      for (double[] r : g.rows()) {
        for (int f = 0; f < mean.length; f++) {
          mean[f] += r[f];
        }
        n++;
      }
    }
    for (int f = 0; f < mean.length; f++) {
      mean[f] /= Math.max(1, n);
    }
    for (Group g : groups) {
      for (double[] r : g.rows()) {
        for (int f = 0; f < mean.length; f++) {
          scale[f] += (r[f] - mean[f]) * (r[f] - mean[f]);
        }
      }
    }
    for (int f = 0; f < scale.length; f++) {
      double sd = Math.sqrt(scale[f] / Math.max(1, n - 1));
      scale[f] = sd > 1e-12 ? sd : 1; // a constant feature stays as it is
    }
  }

  private static List<Group> standardised(List<Group> groups, double[] mean, double[] scale) {
    List<Group> out = new ArrayList<>(groups.size());
    for (Group g : groups) {
      List<double[]> rows = new ArrayList<>(g.rows().size());
      for (double[] r : g.rows()) {
        double[] s = new double[r.length];
        for (int f = 0; f < r.length; f++) {
          s[f] = (r[f] - mean[f]) / scale[f];
        }
        rows.add(s);
      }
      out.add(new Group(rows, g.relevant()));
    }
    return out;
  }

  private static double round(double x) {
    return Math.round(x * 10000) / 10000.0;
  }
}
