package io.caravan.research.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.caravan.connectors.generation.AnswerSupport;
import io.caravan.connectors.generation.ExtractiveGenerator;
import io.caravan.connectors.generation.GroundedPrompt;
import io.caravan.connectors.llama.GgufFile;
import io.caravan.connectors.llama.LlamaEngine;
import io.caravan.connectors.llama.LlamaGenerator;
import io.caravan.connectors.llama.LlamaSettings;
import io.caravan.core.Answer;
import io.caravan.core.AnswerSignals;
import io.caravan.core.Candidate;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.document.Document;
import io.caravan.ingest.IngestReport;
import io.caravan.ingest.ProgressListener;
import io.caravan.processes.DeployedProcess;
import io.caravan.research.IndexCache;
import io.caravan.research.eval.harness.EvalQuery;
import io.caravan.research.eval.harness.HotpotTask;
import io.caravan.research.eval.qa.AnswerMetrics;
import io.caravan.research.eval.qa.HotpotQaDataset;
import io.caravan.research.eval.qa.HotpotQuestion;
import io.caravan.runtime.Caravan;
import io.caravan.runtime.CaravanSettings;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Answer quality and cost of the answerers on HotpotQA: the extractive default and each in-process
 * GGUF model, given the question's gold supporting paragraphs (what the answerer makes of perfect
 * evidence) and given what a retrieval process put in front of the generate step (what it makes of
 * real evidence). Every answerer sees exactly the same contexts: each process runs once, with the
 * extractive answerer, and the top {@code caravan.generate.context} candidates it handed to the
 * generate step are kept and given to every model.
 *
 * <p>Per model it also records load time, resident memory of this JVM before and after loading
 * ({@code /proc/self/status}), time to the first token, generated and prompt tokens per second, the
 * faithfulness flag (support below {@link AnswerSupport#DEFAULT_MIN_SUPPORT}) against exact match,
 * and the citations dropped and attributed. Each answer is appended to {@code answers.tsv} as soon
 * as it is written, so a stopped run keeps what it measured.
 */
@Command(
    name = "generation",
    mixinStandardHelpOptions = true,
    description = "Answer EM/F1 and cost of the extractive answerer and in-process GGUF models on HotpotQA, from gold paragraphs and from retrieved context.")
public final class GenerationCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final String GOLD = "gold";

  @Option(names = "--dataset", required = true, description = "HotpotQA in the IRCoT format (.jsonl or .jsonl.gz).")
  Path dataset;

  @Option(names = "--limit", defaultValue = "60", description = "The first N questions of the file (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--sentence-limit", defaultValue = "0", description = "Run the one-sentence instruction on only the first N of them (0: all).")
  int sentenceLimit;

  @Option(names = "--model", paramLabel = "NAME=GGUF", description = "A model to measure, repeatable (e.g. qwen=.caravan/models/qwen.gguf).")
  List<String> models = new ArrayList<>();

  @Option(names = "--contexts", split = ",", defaultValue = "gold,rag", description = "gold and/or process keys whose retrieved context is used (default ${DEFAULT-VALUE}).")
  List<String> contexts;

  @Option(names = "--instructions", split = ",", defaultValue = "short,sentence", description = "short (LlamaGenerator.SHORT_ANSWER_INSTRUCTION) and/or sentence (LlamaGenerator.INSTRUCTION).")
  List<String> instructions;

  @Option(names = "--threads", defaultValue = "0", description = "llama.cpp threads (0: LlamaSettings' default).")
  int threads;

  @Option(names = "--data", defaultValue = ".caravan/bench-eval", description = "Data folder whose eval-cache holds the index (the one benchmarks/run-eval uses).")
  Path data;

  @Option(names = "--out", defaultValue = "benchmarks/results/generation", description = "Where answers.md, generation.json and answers.tsv go.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (limit < 1) {
      throw new IllegalArgumentException("--limit must be positive, was " + limit);
    }
    if (sentenceLimit < 0) {
      throw new IllegalArgumentException("--sentence-limit must not be negative, was " + sentenceLimit);
    }
    for (String i : instructions) {
      instruction(i); // refuses an unknown name before anything runs
    }
    Map<String, Path> modelFiles = new LinkedHashMap<>();
    for (String m : models) {
      int eq = m.indexOf('=');
      if (eq <= 0 || eq == m.length() - 1) {
        throw new IllegalArgumentException("--model takes NAME=GGUF, was '" + m + "'");
      }
      Path file = Path.of(m.substring(eq + 1));
      GgufFile.read(file); // a missing or broken file fails now, not after the retrieval runs
      modelFiles.put(m.substring(0, eq), file);
    }
    PrintStream log = System.err;
    HotpotQaDataset ds = HotpotQaDataset.read(dataset);
    List<HotpotQuestion> questions = ds.questions().subList(0, Math.min(limit, ds.questions().size()));
    Map<String, Document> docs = new HashMap<>();
    for (Document d : ds.corpus()) {
      docs.put(d.id(), d);
    }

    Map<String, Object> run = new LinkedHashMap<>();
    run.put("dataset", dataset.toString());
    run.put("questions", questions.size());
    run.put("sentenceQuestions", sentenceCount(questions.size()));
    run.put("started", Instant.now().toString());
    run.put("machine", Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version") + ", " + System.getProperty("os.arch"));
    run.put("loadAverageAtStart", loadAverage());
    run.put("instructions", Map.of("short", LlamaGenerator.SHORT_ANSWER_INSTRUCTION, "sentence", LlamaGenerator.INSTRUCTION));
    run.put("faithfulnessThreshold", AnswerSupport.DEFAULT_MIN_SUPPORT);

    // 1. the contexts every answerer gets
    Map<String, Map<String, List<Candidate>>> byContext = new LinkedHashMap<>();
    Map<String, Object> contextInfo = new LinkedHashMap<>();
    for (String c : contexts) {
      if (c.equals(GOLD)) {
        byContext.put(GOLD, goldContexts(questions, docs));
        contextInfo.put(GOLD, "the question's supporting paragraphs (is_supporting), whole, in the file's order");
      } else {
        int size = retrievedContexts(c, questions, byContext, log);
        contextInfo.put(c, "the top " + size + " candidates (chunks) the '" + c + "' process handed to its generate step (caravan.generate.context)");
      }
    }
    run.put("contexts", contextInfo);
    Map<String, Double> allGold = new LinkedHashMap<>();
    byContext.forEach((c, m) -> allGold.put(c, round(questions.stream().filter(q -> hasAllGold(q, m.get(q.id()))).count() / (double) questions.size())));
    run.put("shareOfContextsHoldingAllSupportingParagraphs", allGold);

    Files.createDirectories(out);
    Path tsv = out.resolve("answers.tsv");
    List<GenerationRow> rows = new ArrayList<>();
    Map<String, Object> modelInfo = new LinkedHashMap<>();
    try (BufferedWriter w = Files.newBufferedWriter(tsv, StandardCharsets.UTF_8)) {
      w.write(GenerationRow.TSV_HEADER);
      w.newLine();
      // 2. the extractive answerer, the default
      ExtractiveGenerator extractive = new ExtractiveGenerator();
      for (var e : byContext.entrySet()) {
        for (HotpotQuestion q : questions) {
          List<Candidate> ctx = e.getValue().get(q.id());
          long t0 = System.nanoTime();
          Answer a = extractive.generate(query(q), ctx);
          double ms = (System.nanoTime() - t0) / 1e6;
          emit(w, rows, row(q, ExtractiveGenerator.NAME, e.getKey(), "-", a, ctx, 0, ms, ms, null));
        }
      }
      // 3. each model, loaded once
      for (var m : modelFiles.entrySet()) {
        modelInfo.put(m.getKey(), measureModel(m.getKey(), m.getValue(), questions, byContext, w, rows, log));
      }
    }
    run.put("loadAverageAtEnd", loadAverage());
    run.put("finished", Instant.now().toString());

    Map<String, Map<String, Map<String, GenerationSummary>>> summary = summarise(rows);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("run", run);
    result.put("models", modelInfo);
    result.put("summary", summary);
    Files.writeString(out.resolve("generation.json"), JSON.writeValueAsString(result));
    String md = markdown(run, modelInfo, summary, allGold);
    Files.writeString(out.resolve("answers.md"), md);
    System.out.print(md);
    return 0;
  }

  private int sentenceCount(int questions) {
    return sentenceLimit == 0 ? questions : Math.min(sentenceLimit, questions);
  }

  private Map<String, Object> measureModel(
      String name,
      Path file,
      List<HotpotQuestion> questions,
      Map<String, Map<String, List<Candidate>>> byContext,
      BufferedWriter w,
      List<GenerationRow> rows,
      PrintStream log)
      throws IOException {
    Map<String, Object> info = new LinkedHashMap<>();
    GgufFile gguf = GgufFile.read(file);
    info.put("file", file.getFileName().toString());
    info.put("bytes", Files.size(file));
    info.put("generalName", gguf.name());
    info.put("architecture", gguf.architecture());
    System.gc();
    memory(info, "BeforeLoad");
    LlamaSettings settings = LlamaSettings.of(file);
    if (threads > 0) {
      settings = settings.withThreads(threads);
    }
    info.put("threads", settings.threads());
    info.put("contextTokens", settings.contextSize());
    info.put("maxTokens", settings.maxTokens());
    try (LlamaEngine engine = LlamaEngine.load(settings)) {
      info.put("loadMs", round(engine.loadNanos() / 1e6));
      memory(info, "AfterLoad");
      log.printf(Locale.ROOT, "generation: %s loaded in %.0f ms%n", name, engine.loadNanos() / 1e6);
      AnswerSupport support = new AnswerSupport();
      for (String instr : instructions) {
        LlamaGenerator generator = new LlamaGenerator(engine, support, instruction(instr));
        int n = instr.equals("sentence") ? sentenceCount(questions.size()) : questions.size();
        for (var e : byContext.entrySet()) {
          long t0 = System.nanoTime();
          for (int i = 0; i < n; i++) {
            HotpotQuestion q = questions.get(i);
            List<Candidate> ctx = e.getValue().get(q.id());
            Query query = query(q);
            int promptTokens = engine.tokens(engine.prompt(GroundedPrompt.messages(query, ctx, instruction(instr))));
            long[] first = {-1};
            long start = System.nanoTime();
            Answer a = generator.generate(query, ctx, piece -> {
              if (first[0] < 0) {
                first[0] = System.nanoTime();
              }
            });
            long end = System.nanoTime();
            double firstMs = ((first[0] < 0 ? end : first[0]) - start) / 1e6;
            emit(w, rows, row(q, name, e.getKey(), instr, a, ctx, promptTokens, firstMs, (end - start) / 1e6, support));
            if ((i + 1) % 10 == 0 || i + 1 == n) {
              log.printf(Locale.ROOT, "generation: %s %s %s %d/%d (%.1f s per answer)%n", name, instr, e.getKey(), i + 1, n, (System.nanoTime() - t0) / 1e9 / (i + 1));
            }
          }
        }
      }
      memory(info, "AfterRun");
      info.put("peakRssMiB", procStatusMiB("VmHWM"));
    }
    return info;
  }

  private int retrievedContexts(String process, List<HotpotQuestion> questions, Map<String, Map<String, List<Candidate>>> byContext, PrintStream log)
      throws Exception {
    HotpotTask task = new HotpotTask(dataset);
    // extractive: the retrieval steps do not depend on the answerer, and "auto" would load a model
    CaravanSettings settings = CaravanSettings.defaultsOnly().with("caravan.data", data.toString()).with("caravan.generator", "extractive");
    IndexCache cache = new IndexCache(data.resolve("eval-cache"));
    IndexCache.Key key = IndexCache.Key.of(task.format(), task.corpusFiles(), settings.encoder().modelId(), settings.chunkChars(), settings.chunkOverlap());
    Path folder = cache.folder(key);
    try (Caravan caravan = Caravan.fromSettings(settings.with("caravan.data", folder.toString()), System.getenv())) {
      List<String> deployed = caravan.processes().stream().map(DeployedProcess::key).toList();
      if (!deployed.contains(process)) {
        throw new IllegalArgumentException("unknown context '" + process + "': neither gold nor a deployed process (" + String.join(", ", deployed) + ")");
      }
      if (cache.isComplete(key)) {
        log.println("generation: reusing the index in " + folder);
      } else {
        log.println("generation: indexing the corpus into " + folder);
        IngestReport r = caravan.ingestDocuments(task.corpus(), ProgressListener.NONE);
        cache.markComplete(key, r, caravan.documentCount());
      }
      int size = caravan.settings().generateContext();
      Map<String, List<Candidate>> m = new LinkedHashMap<>();
      for (HotpotQuestion q : questions) {
        RagState s = caravan.ask(task.query(EvalQuery.of(q.id(), q.text())), process);
        List<Candidate> all = s.candidates();
        m.put(q.id(), List.copyOf(all.subList(0, Math.min(size, all.size()))));
      }
      byContext.put(process, m);
      return size;
    }
  }

  static Map<String, List<Candidate>> goldContexts(List<HotpotQuestion> questions, Map<String, Document> docs) {
    Map<String, List<Candidate>> m = new LinkedHashMap<>();
    for (HotpotQuestion q : questions) {
      List<Candidate> ctx = new ArrayList<>();
      for (String id : q.supportingDocIds()) {
        Document d = docs.get(id);
        if (d == null) {
          throw new IllegalStateException("supporting paragraph " + id + " of question " + q.id() + " is not in the corpus");
        }
        Passage p = new Passage(id + "#gold", id, d.title(), d.text(), 0, d.text().length(), Map.of());
        ctx.add(Candidate.of(p, GOLD, 1.0));
      }
      m.put(q.id(), List.copyOf(ctx));
    }
    return m;
  }

  static boolean hasAllGold(HotpotQuestion q, List<Candidate> ctx) {
    HashSet<String> in = new HashSet<>();
    for (Candidate c : ctx) {
      in.add(c.docId());
    }
    return in.containsAll(q.supportingDocIds());
  }

  private static Query query(HotpotQuestion q) {
    return Query.of(q.text(), 5);
  }

  static String instruction(String name) {
    return switch (name) {
      case "short" -> LlamaGenerator.SHORT_ANSWER_INSTRUCTION;
      case "sentence" -> LlamaGenerator.INSTRUCTION;
      default -> throw new IllegalArgumentException("unknown instruction '" + name + "'; expected short or sentence");
    };
  }

  private static GenerationRow row(
      HotpotQuestion q, String system, String context, String instr, Answer a, List<Candidate> ctx, int promptTokens, double firstMs, double totalMs,
      AnswerSupport support) {
    AnswerSignals s = a.signals();
    boolean flagged = support != null && support.unsupported(s.support());
    return new GenerationRow(
        q.id(),
        system,
        context,
        instr,
        a.text(),
        AnswerMetrics.exactMatch(a.text(), q.answers()),
        AnswerMetrics.f1(a.text(), q.answers()),
        s.support(),
        flagged,
        hasAllGold(q, ctx),
        s.tokens(),
        promptTokens,
        firstMs,
        totalMs,
        a.citations().size(),
        s.droppedCitations(),
        s.attributedCitations());
  }

  private static void emit(BufferedWriter w, List<GenerationRow> rows, GenerationRow r) throws IOException {
    rows.add(r);
    w.write(r.tsv());
    w.newLine();
    w.flush();
  }

  /** instruction, then system, then context. */
  static Map<String, Map<String, Map<String, GenerationSummary>>> summarise(List<GenerationRow> rows) {
    Map<String, Map<String, Map<String, List<GenerationRow>>>> grouped = new LinkedHashMap<>();
    for (GenerationRow r : rows) {
      grouped.computeIfAbsent(r.instruction(), k -> new LinkedHashMap<>()).computeIfAbsent(r.system(), k -> new LinkedHashMap<>())
          .computeIfAbsent(r.context(), k -> new ArrayList<>()).add(r);
    }
    Map<String, Map<String, Map<String, GenerationSummary>>> out = new LinkedHashMap<>();
    grouped.forEach((i, bySystem) -> {
      Map<String, Map<String, GenerationSummary>> s = new LinkedHashMap<>();
      bySystem.forEach((sys, byCtx) -> {
        Map<String, GenerationSummary> c = new LinkedHashMap<>();
        byCtx.forEach((ctx, list) -> c.put(ctx, GenerationSummary.of(list)));
        s.put(sys, c);
      });
      out.put(i, s);
    });
    return out;
  }

  private String markdown(
      Map<String, Object> run, Map<String, Object> modelInfo, Map<String, Map<String, Map<String, GenerationSummary>>> summary, Map<String, Double> allGold) {
    StringBuilder md = new StringBuilder("# Generation: answer quality and cost on HotpotQA\n\n");
    md.append("Command: `benchmarks/run generation --dataset ").append(dataset).append(" --limit ").append(limit);
    if (sentenceLimit > 0) {
      md.append(" --sentence-limit ").append(sentenceLimit);
    }
    for (String m : models) {
      md.append(" --model ").append(m);
    }
    md.append(" --contexts ").append(String.join(",", contexts)).append(" --instructions ").append(String.join(",", instructions)).append("`\n\n");
    md.append("Questions: the first ").append(run.get("questions")).append(" of the file (the one-sentence instruction: the first ")
        .append(run.get("sentenceQuestions")).append("). Machine: ").append(run.get("machine")).append("; load average ")
        .append(run.get("loadAverageAtStart")).append(" at the start, ").append(run.get("loadAverageAtEnd")).append(" at the end. ")
        .append("Started ").append(run.get("started")).append(", finished ").append(run.get("finished")).append(".\n\n");
    md.append("Contexts:\n\n");
    @SuppressWarnings("unchecked")
    Map<String, String> ci = (Map<String, String>) run.get("contexts");
    ci.forEach((k, v) -> md.append("- `").append(k).append("`: ").append(v).append("; holds every supporting paragraph for ")
        .append(pct(allGold.get(k))).append(" of the questions\n"));
    md.append("\nInstructions: `short` = LlamaGenerator.SHORT_ANSWER_INSTRUCTION (\"").append(LlamaGenerator.SHORT_ANSWER_INSTRUCTION)
        .append("\"), the one for EM/F1; `sentence` = LlamaGenerator.INSTRUCTION (\"").append(LlamaGenerator.INSTRUCTION)
        .append("\"), the product's default. The extractive answerer takes no instruction (`-`).\n\n");
    md.append("Flagged: the faithfulness check (AnswerSupport) found less than ").append(AnswerSupport.DEFAULT_MIN_SUPPORT)
        .append(" of the answer's content words in the passages it cites (attributed ones included); answers without content words are not judged.\n\n");
    md.append("## Headline: answer EM / F1\n\n| answerer | instruction |");
    for (String c : byContextNames(summary)) {
      md.append(" ").append(c).append(" EM | ").append(c).append(" F1 | n |");
    }
    md.append("\n| --- | --- |");
    for (int i = 0; i < byContextNames(summary).size(); i++) {
      md.append(" ---: | ---: | ---: |");
    }
    md.append('\n');
    for (var byInstr : summary.entrySet()) {
      for (var bySys : byInstr.getValue().entrySet()) {
        md.append("| ").append(bySys.getKey()).append(" | ").append(byInstr.getKey()).append(" |");
        for (String c : byContextNames(summary)) {
          GenerationSummary s = bySys.getValue().get(c);
          md.append(s == null ? " | | |" : " " + f3(s.em()) + " | " + f3(s.f1()) + " | " + s.answers() + " |");
        }
        md.append('\n');
      }
    }
    md.append('\n');
    for (var byInstr : summary.entrySet()) {
      md.append("## Instruction `").append(byInstr.getKey()).append("`\n\n");
      md.append("| answerer | context | n | EM | F1 | flagged | EM flagged / unflagged | F1 flagged / unflagged | cited answers | dropped | attributed | mean tokens | median first token ms | median total ms | gen tok/s | prompt tok/s |\n");
      md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
      for (var bySys : byInstr.getValue().entrySet()) {
        for (var byCtx : bySys.getValue().entrySet()) {
          GenerationSummary s = byCtx.getValue();
          md.append("| ").append(bySys.getKey()).append(" | ").append(byCtx.getKey()).append(" | ").append(s.answers()).append(" | ")
              .append(f3(s.em())).append(" | ").append(f3(s.f1())).append(" | ")
              .append(s.checked() == 0 ? "n/a" : s.flagged() + "/" + s.checked() + " (" + pct(s.flagRate()) + ")").append(" | ")
              .append(f3(s.emFlagged())).append(" / ").append(f3(s.emUnflagged())).append(" | ")
              .append(f3(s.f1Flagged())).append(" / ").append(f3(s.f1Unflagged())).append(" | ")
              .append(s.withCitations()).append(" | ").append(s.dropped()).append(" | ").append(s.attributed()).append(" | ")
              .append(f1d(s.meanTokens())).append(" | ").append(f1d(s.medianFirstTokenMs())).append(" | ").append(f1d(s.medianTotalMs())).append(" | ")
              .append(f1d(s.generatedTokensPerSecond())).append(" | ").append(f1d(s.promptTokensPerSecond())).append(" |\n");
        }
      }
      md.append('\n');
    }
    if (!modelInfo.isEmpty()) {
      md.append("## Models\n\n| model | file | bytes | general.name | architecture | threads | load ms | RSS before load MiB | RSS after load MiB | RSS after run MiB | anon before / after load / after run MiB | file-backed before / after load / after run MiB | peak RSS MiB |\n");
      md.append("| --- | --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
      modelInfo.forEach((k, v) -> {
        @SuppressWarnings("unchecked")
        Map<String, Object> i = (Map<String, Object>) v;
        md.append("| ").append(k);
        for (String f : List.of("file", "bytes", "generalName", "architecture", "threads", "loadMs", "rssBeforeLoadMiB", "rssAfterLoadMiB", "rssAfterRunMiB")) {
          md.append(" | ").append(i.get(f));
        }
        md.append(" | ").append(i.get("rssAnonBeforeLoadMiB")).append(" / ").append(i.get("rssAnonAfterLoadMiB")).append(" / ").append(i.get("rssAnonAfterRunMiB"));
        md.append(" | ").append(i.get("rssFileBeforeLoadMiB")).append(" / ").append(i.get("rssFileAfterLoadMiB")).append(" / ").append(i.get("rssFileAfterRunMiB"));
        md.append(" | ").append(i.get("peakRssMiB"));
        md.append(" |\n");
      });
      md.append("\nRSS is this JVM's (VmRSS, RssAnon, RssFile, VmHWM in /proc/self/status), after a System.gc() before each load; the peak includes the retrieval runs before the models. "
          + "The weights are memory-mapped: they become resident (file-backed) as generation touches them, so the load alone understates a model's footprint.\n");
    }
    md.append("\nRaw: `answers.tsv` (one line per answer), `generation.json` (these figures).\n");
    return md.toString();
  }

  /**
   * Resident memory split as the kernel counts it: the weights are memory-mapped, so they appear in
   * RssFile as pages are touched (mostly during the first generation, not at load), while the KV
   * cache and compute buffers are anonymous memory (RssAnon), as is the JVM's heap.
   */
  private static void memory(Map<String, Object> info, String when) {
    info.put("rss" + when + "MiB", procStatusMiB("VmRSS"));
    info.put("rssAnon" + when + "MiB", procStatusMiB("RssAnon"));
    info.put("rssFile" + when + "MiB", procStatusMiB("RssFile"));
  }

  private static List<String> byContextNames(Map<String, Map<String, Map<String, GenerationSummary>>> summary) {
    List<String> names = new ArrayList<>();
    summary.values().forEach(bySys -> bySys.values().forEach(byCtx -> byCtx.keySet().forEach(c -> {
      if (!names.contains(c)) {
        names.add(c);
      }
    })));
    return names;
  }

  private static double procStatusMiB(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field + ":")) {
          String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
          return round(Long.parseLong(parts[0]) / 1024.0);
        }
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN; // not Linux: the figure is simply unknown
    }
    return Double.NaN;
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static String f3(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String f1d(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String pct(Double v) {
    return v == null || Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * v);
  }
}
