package io.caravan.research;

import io.caravan.cli.CliRun;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code caravan eval} end to end on the real stack (int8 encoder, Lucene and Flowable in a
 * temporary folder) over a ten-document BEIR fixture written for this test: metrics, report files,
 * index reuse, resuming from a torn checkpoint, comparing two reports, and the one-line errors.
 */
class EvalCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;


  private Path fixture() throws Exception {
    return Path.of(EvalCommandTest.class.getResource("/eval/tiny-beir/corpus.jsonl").toURI()).getParent();
  }

  private CliRun eval(String out, String... extra) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of(
        "eval", "--dataset", fixture().toString(), "--format", "beir", "--data", dir.resolve("data").toString(),
        "--encoder", "int8", "--out", dir.resolve(out).toString()));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void evaluatesReusesTheIndexResumesAndCompares() throws Exception {
    CliRun first = eval("hybrid");
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.err()).contains("indexing the corpus", "10 added");
    Path cacheRoot = dir.resolve("data/eval-cache");
    List<Path> caches;
    try (var s = Files.list(cacheRoot)) {
      caches = s.toList();
    }
    assertThat(caches).hasSize(1);
    Path marker = caches.get(0).resolve(IndexCache.MARKER);
    assertThat(marker).exists();
    String markerText = Files.readString(marker);

    JsonNode report = JSON.readTree(dir.resolve("hybrid/report.json").toFile());
    assertThat(report.get("schemaVersion").intValue()).isEqualTo(1);
    assertThat(report.get("queries").intValue()).as("q5 has no relevant document and is left out").isEqualTo(4);
    assertThat(report.get("failed").intValue()).isZero();
    JsonNode metrics = report.get("metrics");
    assertThat(metrics.fieldNames()).toIterable().containsExactly("ndcg@10", "recall@10", "recall@100", "mrr@10", "map@100", "recall@1", "recall@5", "recall@20", "recall@50");
    metrics.properties().forEach(e -> assertThat(e.getValue().doubleValue()).as(e.getKey()).isBetween(0.0, 1.0));
    // every question names its document outright; the ten-document corpus is retrieved whole
    assertThat(metrics.get("mrr@10").doubleValue()).isGreaterThan(0.7);
    assertThat(metrics.get("recall@100").doubleValue()).isEqualTo(1.0);
    JsonNode q1 = report.get("perQuery").get(0);
    assertThat(q1.get("id").asText()).isEqualTo("q1");
    assertThat(q1.get("retrievalCalls").intValue()).isEqualTo(1);
    assertThat(q1.get("modelCalls").intValue()).as("rerank and generate").isEqualTo(2);
    assertThat(q1.get("latencyMs").doubleValue()).isPositive();
    assertThat(report.at("/latency/p95Millis").doubleValue()).isGreaterThanOrEqualTo(report.at("/latency/p50Millis").doubleValue());
    assertThat(report.at("/run/process").asText()).isEqualTo("rag");
    assertThat(Files.readString(dir.resolve("hybrid/report.md"))).contains("| ndcg@10 |", "p95", "4 queries, 0 failed");
    assertThat(first.out()).contains("| recall@100 | 1.0000 |");
    assertThat(Files.readString(dir.resolve("hybrid/recall-at-k.svg"))).contains("<svg", "recall@k");
    assertThat(dir.resolve("hybrid/latency.svg")).isNotEmptyFile();

    // the same corpus and index settings: no second ingest, whatever the retriever
    CliRun bm25 = eval("bm25", "--set", "caravan.retriever=bm25");
    assertThat(bm25.exitCode()).as(bm25.err()).isZero();
    assertThat(bm25.err()).contains("reusing the index").doesNotContain("ingest [");
    assertThat(Files.readString(marker)).isEqualTo(markerText);

    // an interrupted run: two results on disk and a torn third line
    List<String> lines = Files.readAllLines(dir.resolve("hybrid/checkpoint.jsonl"));
    assertThat(lines).hasSize(5);
    Path resumed = Files.createDirectories(dir.resolve("resumed"));
    Files.writeString(resumed.resolve("checkpoint.jsonl"), lines.get(0) + "\n" + lines.get(1) + "\n" + lines.get(2) + "\n" + lines.get(3).substring(0, 25), StandardCharsets.UTF_8);
    CliRun again = eval("resumed");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.err()).contains("resuming, 2 of 4 queries already").contains("2/2");
    List<String> after = Files.readAllLines(resumed.resolve("checkpoint.jsonl"));
    assertThat(after).hasSize(5);
    assertThat(after.subList(0, 3)).as("finished results are kept, not rerun").isEqualTo(lines.subList(0, 3));
    for (String line : after) {
      JSON.readTree(line);
    }
    assertThat(JSON.readTree(resumed.resolve("report.json").toFile()).get("queries").intValue()).isEqualTo(4);

    // the checkpoint belongs to one evaluation: other settings into the same folder are refused
    CliRun mixed = eval("resumed", "--set", "caravan.retriever=dense");
    assertThat(mixed.exitCode()).isEqualTo(1);
    assertThat(mixed.err()).contains("holds results of another evaluation");

    CliRun compare = CliRun.of("eval", "compare", dir.resolve("bm25/report.json").toString(), dir.resolve("hybrid/report.json").toString());
    assertThat(compare.exitCode()).as(compare.err()).isZero();
    assertThat(compare.out()).contains("4 shared queries", "ndcg@10", "latency_ms", "p(t)", "p(rand)");
    String ndcgRow = compare.out().lines().filter(l -> l.startsWith("ndcg@10")).findFirst().orElseThrow();
    assertThat(ndcgRow.trim().split("\\s+")).hasSize(7);

    CliRun summary =
        CliRun.of("eval", "summary", dir.resolve("bm25/report.json").toString(), dir.resolve("hybrid/report.json").toString(),
            "--out", dir.resolve("summary.md").toString(), "--charts", dir.resolve("charts").toString());
    assertThat(summary.exitCode()).as(summary.err()).isZero();
    assertThat(Files.readString(dir.resolve("summary.md"))).contains("### beir", "| bm25 |", "| hybrid |", "ndcg@10", "p50 ms");
    assertThat(Files.readString(dir.resolve("charts/cost-quality-beir.svg"))).contains("<svg", "bm25", "hybrid");
    CliRun noReport = CliRun.of("eval", "summary", dir.resolve("missing/report.json").toString());
    assertThat(noReport.exitCode()).isEqualTo(1);
    assertThat(noReport.err()).contains("no such report");
  }

  @Test
  void toolCataloguesAndHotpotQuestionsRunThroughTheRealStack() throws Exception {
    Path tools = Path.of(EvalCommandTest.class.getResource("/eval/tiny-tools/plugin_des.json").toURI()).getParent();
    CliRun t = CliRun.of("eval", "--dataset", tools.toString(), "--format", "tools", "--data", dir.resolve("data").toString(), "--encoder", "int8", "--out", dir.resolve("tools").toString());
    assertThat(t.exitCode()).as(t.err()).isZero();
    assertThat(t.err()).contains("6 added");
    JsonNode tr = JSON.readTree(dir.resolve("tools/report.json").toFile());
    assertThat(tr.get("queries").intValue()).isEqualTo(3);
    assertThat(tr.get("metrics").fieldNames()).toIterable().containsExactly("recall@5", "recall@10", "ndcg@5", "sufficiency@5", "sufficiency@10", "k", "sufficiency@k");
    // six tools: every gold tool is within the top ten whatever the ranking
    assertThat(tr.at("/metrics/sufficiency@10").doubleValue()).isEqualTo(1.0);
    assertThat(tr.at("/metrics/recall@5").doubleValue()).isGreaterThan(0.5);

    Path hotpot = Path.of(EvalCommandTest.class.getResource("/eval/tiny-hotpot/dev_tiny.jsonl").toURI()).getParent();
    CliRun h = CliRun.of("eval", "--dataset", hotpot.toString(), "--format", "hotpot", "--data", dir.resolve("data").toString(), "--encoder", "int8", "--out", dir.resolve("hotpot").toString());
    assertThat(h.exitCode()).as(h.err()).isZero();
    assertThat(h.err()).contains("6 added");
    JsonNode hr = JSON.readTree(dir.resolve("hotpot/report.json").toFile());
    assertThat(hr.get("metrics").fieldNames()).toIterable()
        .containsExactly("sp_recall@2", "sp_both@2", "sp_recall@5", "sp_both@5", "sp_recall@10", "sp_both@10", "answer_em", "answer_f1", "answer_acc");
    assertThat(hr.at("/metrics/sp_both@10").doubleValue()).as("six paragraphs in all").isEqualTo(1.0);
    assertThat(hr.at("/metrics/sp_recall@2").doubleValue()).isGreaterThan(0.0);
    assertThat(hr.at("/metrics/answer_f1").doubleValue()).isBetween(0.0, 1.0);
    assertThat(Files.readString(dir.resolve("hotpot/recall-at-k.svg"))).contains("sp_recall@k");
  }

  @Test
  void badInvocationsFailWithOneLine() throws Exception {
    CliRun format = CliRun.of("eval", "--dataset", fixture().toString(), "--format", "trec");
    assertThat(format.exitCode()).isEqualTo(1);
    assertThat(format.err()).contains("unknown format 'trec'; known: beir, hotpot, tools, canard, cast");

    CliRun missing = CliRun.of("eval", "--dataset", dir.resolve("nowhere").toString(), "--format", "beir");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("no such dataset: ").contains("nowhere");

    CliRun noArgs = CliRun.of("eval");
    assertThat(noArgs.exitCode()).isEqualTo(1);
    assertThat(noArgs.err()).contains("--dataset and --format are required");

    CliRun process = eval("x", "--process", "no-such-process");
    assertThat(process.exitCode()).isEqualTo(1);
    assertThat(process.err()).contains("unknown process 'no-such-process'; deployed: ").contains("rag");

    CliRun compare = CliRun.of("eval", "compare", dir.resolve("a.json").toString(), dir.resolve("b.json").toString());
    assertThat(compare.exitCode()).isEqualTo(1);
    assertThat(compare.err()).contains("no such report");
  }
}
