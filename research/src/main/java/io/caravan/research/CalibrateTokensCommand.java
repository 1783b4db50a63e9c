package io.caravan.research;

import io.caravan.cli.CommonOptions;
import io.caravan.core.AnswerSignals;
import io.caravan.core.RagState;
import io.caravan.research.eval.harness.EvalQuery;
import io.caravan.research.eval.harness.HashSplit;
import io.caravan.research.eval.harness.HotpotTask;
import io.caravan.research.eval.qa.AnswerMetrics;
import io.caravan.research.eval.qa.HotpotQaDataset;
import io.caravan.research.eval.qa.HotpotQuestion;
import io.caravan.runtime.Caravan;
import io.caravan.runtime.CaravanSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code caravan policy calibrate-tokens}: fits the adaptive-depth policy's generator-uncertainty
 * thresholds ({@code caravan.depth.max-token-entropy}, {@code caravan.depth.min-token-probability})
 * on the hash-train half of HotpotQA. Each training question is answered twice with the configured
 * generator (set {@code caravan.generator=llm}): once without retrieval (lazy-rag stopped after its
 * first answer) and once after one retrieve-rerank-generate step ({@code rag}). An answer "failed"
 * when it does not contain a gold answer (normalised as SQuAD does; containment rather than exact
 * match because the generator answers in a sentence), which is when retrieving, or another step,
 * could be worth its cost. Each signal's threshold is the one that best separates failed from
 * correct answers over both phases together (Youden's J, the signal's direction fixed), as {@code
 * calibrate-depth} does for the ranking signals. The index must exist: run {@code caravan eval} on
 * the same file with the same {@code --data} first.
 */
@Command(name = "calibrate-tokens", mixinStandardHelpOptions = true, description = "Calibrate the generator-uncertainty thresholds (L-RAG) on the HotpotQA hash-train half.")
final class CalibrateTokensCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  @Option(names = "--hotpot", required = true, paramLabel = "FILE", description = "HotpotQA IRCoT jsonl(.gz) (its hash-train half is used).")
  Path hotpot;

  @Option(names = "--limit", defaultValue = "40", description = "At most N training questions (default ${DEFAULT-VALUE}; 0: all).")
  int limit;

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "Settings file to write.")
  Path out;

  @Option(names = "--report", paramLabel = "FILE", required = true, description = "Report (Markdown).")
  Path report;

  @Option(names = "--raw", paramLabel = "FILE", description = "Every observation as TSV.")
  Path raw;

  /** One answer's token signals and whether it contained a gold answer. */
  record Observation(String id, String phase, AnswerSignals signals, boolean failed, double f1) {}

  @Override
  public Integer call() throws Exception {
    if (limit < 0) {
      throw new IllegalArgumentException("--limit must not be negative");
    }
    CaravanSettings settings = common.settings(System.getenv());
    PrintWriter err = spec.commandLine().getErr();
    HotpotTask task = new HotpotTask(hotpot);
    Map<String, HotpotQuestion> gold = new HashMap<>();
    for (HotpotQuestion q : HotpotQaDataset.read(hotpot).questions()) {
      gold.put(q.id(), q);
    }
    HashSplit half = new HashSplit(0.5);
    List<EvalQuery> qs = task.queries().stream().filter(q -> half.inPart(q.id(), HashSplit.TRAIN)).toList();
    if (limit > 0 && limit < qs.size()) {
      qs = qs.subList(0, limit);
    }
    IndexCache cache = IndexCache.inDataFolder(settings.dataDir());
    IndexCache.Key key = IndexCache.Key.of(task.format(), task.corpusFiles(), settings.encoder().modelId(), settings.chunkChars(), settings.chunkOverlap());
    if (!cache.isComplete(key)) {
      throw new IllegalArgumentException("no complete index for " + hotpot + " under " + cache.folder(key) + ": run caravan eval on it with the same --data first");
    }
    // lazy-rag with every first answer counted confident: it stops after answering without retrieval
    CaravanSettings forced = settings.with("caravan.data", cache.folder(key).toString())
        .with("caravan.depth.generator-uncertainty", "on").with("caravan.depth.max-token-entropy", "1000").with("caravan.depth.min-token-probability", "0");
    List<Observation> obs = new ArrayList<>();
    err.printf(Locale.ROOT, "calibrate-tokens: %d hash-train questions, each answered without and with retrieval%n", qs.size());
    err.flush();
    try (Caravan caravan = Caravan.fromSettings(forced, System.getenv())) {
      int n = 0;
      for (EvalQuery q : qs) {
        observe(q, "no-retrieval", caravan.ask(task.query(q), "lazy-rag"), gold, obs);
        observe(q, "one-step", caravan.ask(task.query(q), "rag"), gold, obs);
        err.printf(Locale.ROOT, "calibrate-tokens: %d/%d%n", ++n, qs.size());
        err.flush();
      }
    }
    if (obs.isEmpty()) {
      throw new IllegalArgumentException("no answer reported token uncertainty: set caravan.generator=llm");
    }
    ThresholdFit entropy = fit("caravan.depth.max-token-entropy", obs, o -> o.signals().meanTokenEntropy(), false);
    ThresholdFit probability = fit("caravan.depth.min-token-probability", obs, o -> o.signals().minTokenProbability(), true);
    ReportOutput.write(out, "# caravan policy calibrate-tokens: generator-uncertainty thresholds fitted (Youden's J) on the HotpotQA hash-train half ("
        + qs.size() + " questions, answered without and with one retrieval step)\n"
        + String.format(Locale.ROOT, "%s=%.4f%n%s=%.4f%n", entropy.setting(), entropy.threshold(), probability.setting(), probability.threshold()));
    if (raw != null) {
      StringBuilder tsv = new StringBuilder("id\tphase\ttokens\tmean_token_entropy\tmin_token_probability\tfailed\tanswer_f1\n");
      for (Observation o : obs) {
        tsv.append(String.format(Locale.ROOT, "%s\t%s\t%d\t%.4f\t%.4f\t%b\t%.4f%n",
            o.id(), o.phase(), o.signals().tokens(), o.signals().meanTokenEntropy(), o.signals().minTokenProbability(), o.failed(), o.f1()));
      }
      ReportOutput.write(raw, tsv.toString());
    }
    StringBuilder md = new StringBuilder("# Generator-uncertainty threshold calibration (L-RAG)\n\n");
    md.append(String.format(Locale.ROOT, "%d HotpotQA hash-train questions, each answered without retrieval and after one step (`rag`), generator `%s`: "
        + "%d answers with token signals, %d failed (no gold answer in the answer text).%n%n",
        qs.size(), settings.get("caravan.generator"), obs.size(), obs.stream().filter(Observation::failed).count()));
    md.append("| phase | answers | failed | mean token entropy (failed / correct) | min token probability (failed / correct) |\n| --- | ---: | ---: | ---: | ---: |\n");
    for (String phase : List.of("no-retrieval", "one-step")) {
      List<Observation> p = obs.stream().filter(o -> o.phase().equals(phase)).toList();
      md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f / %.3f | %.3f / %.3f |%n", phase, p.size(), p.stream().filter(Observation::failed).count(),
          mean(p, Observation::failed, o -> o.signals().meanTokenEntropy()), mean(p, o -> !o.failed(), o -> o.signals().meanTokenEntropy()),
          mean(p, Observation::failed, o -> o.signals().minTokenProbability()), mean(p, o -> !o.failed(), o -> o.signals().minTokenProbability())));
    }
    md.append("\n| setting | threshold | fires on failed (TPR) | fires on correct (FPR) | Youden's J |\n| --- | ---: | ---: | ---: | ---: |\n");
    for (ThresholdFit f : List.of(entropy, probability)) {
      md.append(f.markdownRow());
    }
    md.append("\nUse: `--config ").append(out).append("` (or copy the lines into caravan.properties).\n");
    ReportOutput.write(report, md.toString());
    ReportOutput.show(spec, md, out + " and " + report);
    return 0;
  }

  private static void observe(EvalQuery q, String phase, RagState s, Map<String, HotpotQuestion> gold, List<Observation> obs) {
    if (s.answer() == null || !s.answer().signals().hasTokenUncertainty()) {
      return;
    }
    List<String> answers = gold.get(q.id()).answers();
    boolean correct = AnswerMetrics.containsAnswer(s.answer().text(), answers) == 1;
    obs.add(new Observation(q.id(), phase, s.answer().signals(), !correct, AnswerMetrics.f1(s.answer().text(), answers)));
  }

  private static double mean(List<Observation> obs, Predicate<Observation> which, ToDoubleFunction<Observation> v) {
    return obs.stream().filter(which).mapToDouble(v).average().orElse(Double.NaN);
  }

  /** The threshold maximising Youden's J; {@code fireBelow}: the signal says "uncertain" below the threshold. */
  static ThresholdFit fit(String setting, List<Observation> obs, ToDoubleFunction<Observation> signal, boolean fireBelow) {
    return ThresholdFit.of(setting, obs, Observation::failed, signal, fireBelow, "failed and correct answers");
  }
}
