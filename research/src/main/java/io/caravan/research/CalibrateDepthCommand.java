package io.caravan.research;

import io.caravan.cli.CommonOptions;
import io.caravan.runtime.Caravan;
import io.caravan.runtime.CaravanSettings;

import io.caravan.core.RagState;
import io.caravan.research.eval.harness.BeirTask;
import io.caravan.research.eval.harness.EvalQuery;
import io.caravan.research.eval.harness.EvalTask;
import io.caravan.research.eval.harness.HashSplit;
import io.caravan.research.eval.harness.HotpotTask;
import io.caravan.policies.ScoreDistribution;
import io.caravan.policies.depth.DepthThresholds;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code caravan policy calibrate-depth}: fits the thresholds of the adaptive-depth policy's
 * post-retrieval signals on labelled data. Each training query (SciFact train claims; the
 * hash-train half of HotpotQA, the half the mixed-workload evaluation does not use) goes through
 * the single-step {@code rag} process on its evaluation index; the step "failed" when its primary
 * metric is 0 (nothing relevant in SciFact's top 10, not both HotpotQA paragraphs in the top 10),
 * which is when another step could be worth its cost. For each signal (gap, entropy, NQC, answer
 * confidence) the threshold that best separates failed from succeeded steps (Youden's J = true
 * positive rate minus false positive rate, the signal's direction fixed) is written as a settings
 * file to pass with {@code --config}. The indexes must exist: run {@code caravan eval} on the same
 * datasets with the same {@code --data} first.
 */
@Command(name = "calibrate-depth", mixinStandardHelpOptions = true, description = "Calibrate the adaptive-depth uncertainty thresholds on labelled data.")
final class CalibrateDepthCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  @Option(names = "--scifact", required = true, paramLabel = "DIR", description = "BEIR SciFact folder (its train split is used).")
  Path scifact;

  @Option(names = "--hotpot", required = true, paramLabel = "FILE", description = "HotpotQA IRCoT jsonl(.gz) (its hash-train half is used).")
  Path hotpot;

  @Option(names = "--limit", defaultValue = "0", description = "At most N queries per dataset (0: all).")
  int limit;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "benchmarks/results/depth/thresholds.properties", description = "Settings file to write (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--report", paramLabel = "FILE", defaultValue = "benchmarks/results/depth/calibration.md", description = "Report (Markdown).")
  Path report;

  /** One query's post-retrieval signals and whether its single step failed. */
  record Observation(String dataset, ScoreDistribution scores, double confidence, boolean failed) {}

  @Override
  public Integer call() throws Exception {
    if (limit < 0) {
      throw new IllegalArgumentException("--limit must not be negative");
    }
    CaravanSettings settings = common.settings(System.getenv());
    PrintWriter err = spec.commandLine().getErr();
    List<Observation> obs = new ArrayList<>();
    BeirTask sci = new BeirTask(scifact, "train");
    observe("scifact-train", sci, sci.queries(), "ndcg@10", settings, obs, err);
    HotpotTask hp = new HotpotTask(hotpot);
    HashSplit half = new HashSplit(0.5);
    List<EvalQuery> hq = hp.queries().stream().filter(q -> half.inPart(q.id(), HashSplit.TRAIN)).toList();
    observe("hotpotqa-train-half", hp, hq, "sp_both@10", settings, obs, err);

    DepthThresholds temperature = DepthThresholds.defaults();
    List<ThresholdFit> fits = List.of(
        fit("caravan.depth.min-gap", obs, o -> o.scores().gap(), true),
        fit("caravan.depth.max-entropy", obs, o -> o.scores().entropy(), false),
        fit("caravan.depth.min-nqc", obs, o -> o.scores().nqc(), true),
        fit("caravan.depth.min-answer-confidence", obs, Observation::confidence, true));
    StringBuilder props = new StringBuilder("# caravan policy calibrate-depth: thresholds fitted (Youden's J) on SciFact train + HotpotQA hash-train half\n");
    for (ThresholdFit f : fits) {
      props.append(f.setting()).append('=').append(String.format(Locale.ROOT, "%.4f", f.threshold())).append('\n');
    }
    ReportOutput.write(out, props.toString());
    long failed = obs.stream().filter(Observation::failed).count();
    StringBuilder md = new StringBuilder("# Adaptive-depth threshold calibration\n\n");
    md.append(String.format(Locale.ROOT, "%d single-step runs through `rag` (%s); %d failed (primary metric 0: SciFact nDCG@10, HotpotQA sp_both@10). ",
        obs.size(), counts(obs), failed));
    md.append(String.format(Locale.ROOT, "Signals over the top %d reranked scores, temperature %.1f.%n%n", temperature.topK(), temperature.temperature()));
    md.append("| setting | threshold | fires on failed (TPR) | fires on succeeded (FPR) | Youden's J |\n| --- | ---: | ---: | ---: | ---: |\n");
    for (ThresholdFit f : fits) {
      md.append(f.markdownRow());
    }
    md.append("\nUse: `--config ").append(out).append("` (or copy the lines into caravan.properties).\n");
    ReportOutput.write(report, md.toString());
    ReportOutput.show(spec, md, out + " and " + report);
    return 0;
  }

  private void observe(String name, EvalTask task, List<EvalQuery> queries, String metric, CaravanSettings settings, List<Observation> obs, PrintWriter err)
      throws Exception {
    IndexCache cache = IndexCache.inDataFolder(settings.dataDir());
    IndexCache.Key key = IndexCache.Key.of(task.format(), task.corpusFiles(), settings.encoder().modelId(), settings.chunkChars(), settings.chunkOverlap());
    if (!cache.isComplete(key)) {
      throw new IllegalArgumentException("no complete index for " + name + " under " + cache.folder(key) + ": run caravan eval on that dataset with the same --data first");
    }
    List<EvalQuery> qs = limit > 0 && limit < queries.size() ? queries.subList(0, limit) : queries;
    err.printf(Locale.ROOT, "calibrate-depth: %s, %d queries through rag%n", name, qs.size());
    err.flush();
    DepthThresholds d = DepthThresholds.defaults();
    try (Caravan caravan = Caravan.fromSettings(settings.with("caravan.data", cache.folder(key).toString()), System.getenv())) {
      for (EvalQuery q : qs) {
        RagState s = caravan.ask(task.query(q), "rag");
        Map<String, Double> m = task.score(q, s);
        double conf = s.answer() == null || Double.isNaN(s.answer().confidence()) ? 0 : s.answer().confidence();
        obs.add(new Observation(name, ScoreDistribution.of(s.candidates(), d.topK(), d.temperature()), conf, m.get(metric) == 0));
      }
    }
  }

  /** The threshold maximising Youden's J; {@code fireBelow}: the signal says "uncertain" below the threshold. */
  static ThresholdFit fit(String setting, List<Observation> obs, ToDoubleFunction<Observation> signal, boolean fireBelow) {
    return ThresholdFit.of(setting, obs, Observation::failed, signal, fireBelow, "failed and succeeded single steps");
  }

  private static String counts(List<Observation> obs) {
    Map<String, Long> m = new java.util.TreeMap<>();
    for (Observation o : obs) {
      m.merge(o.dataset(), 1L, Long::sum);
    }
    return m.toString();
  }}
