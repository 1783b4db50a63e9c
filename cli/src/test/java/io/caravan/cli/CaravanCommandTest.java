package io.caravan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a person runs it, through picocli with its output captured: {@code ingest}
 * and {@code ask} on the real stack (int8 encoder, Lucene in a temporary folder), and the one-line
 * errors with exit code 1.
 */
class CaravanCommandTest {

  @TempDir Path dir;


  private Path writeDocs() throws Exception {
    Path docs = Files.createDirectories(dir.resolve("docs"));
    Files.writeString(
        docs.resolve("wells.md"),
        "---\ntopic: water\n---\n# Desert wells\n\nThe well at Bir Ounane was dug forty metres deep. Caravans from Taghaza drew water there for their camels.\n",
        StandardCharsets.UTF_8);
    Files.writeString(
        docs.resolve("bells.txt"),
        "Camel bells\n\nBronze bells hung from the lead camel so that stragglers could follow the caravan in the dark.\n",
        StandardCharsets.UTF_8);
    return docs;
  }

  @Test
  void ingestThenAskPrintTheReportTheAnswerAndTheTrace() throws Exception {
    Path docs = writeDocs();
    String data = dir.resolve("data").toString();

    CliRun ingest = CliRun.of("ingest", docs.toString(), "--data", data, "--encoder", "int8");
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    assertThat(ingest.out()).contains("2 added", "0 failed", "2 documents in the index");
    assertThat(ingest.err()).contains("ingest [").contains("2/2");

    CliRun again = CliRun.of("ingest", docs.toString(), "--data", data, "--encoder", "int8");
    assertThat(again.out()).contains("0 added", "2 unchanged");

    CliRun ask = CliRun.of("ask", "How deep was the well at Bir Ounane?", "--data", data, "--encoder", "int8", "-k", "2");
    assertThat(ask.exitCode()).as(ask.err()).isZero();
    assertThat(ask.out())
        .contains("Question: How deep was the well at Bir Ounane?")
        .contains("Answer (extractive")
        .contains("forty metres deep")
        .contains("Citations:")
        .contains("wells#0")
        .contains("Passages:")
        .contains("Trace:")
        .contains("1. retrieve", "2. rerank", "3. generate");
    assertThat(ask.out().indexOf("Passages:")).isLessThan(ask.out().indexOf("Trace:"));

    CliRun filtered = CliRun.of("ask", "Which camel carried bells?", "--data", data, "--encoder", "int8", "-f", "topic=water", "--no-trace");
    assertThat(filtered.exitCode()).as(filtered.err()).isZero();
    assertThat(filtered.out()).contains("wells#0").doesNotContain("bells#0").doesNotContain("Trace:");

    CliRun json = CliRun.of("ask", "Why did the lead camel carry bells?", "--data", data, "--encoder", "int8", "--json");
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode answer = new ObjectMapper().readTree(json.out());
    assertThat(answer.get("process").textValue()).isEqualTo("rag");
    assertThat(answer.at("/passages/0/docId").textValue()).isEqualTo("bells");
    assertThat(answer.at("/trace/events").findValuesAsText("step")).containsExactly("retrieve", "rerank", "generate");
  }

  @Test
  void demoIngestsTheSampleCorpusAndAnswersWithTheTrace() {
    // no --corpus: the demo finds examples/sample-corpus/docs above its own classes
    CliRun demo = CliRun.of("demo", "--data", dir.resolve("data").toString(), "--encoder", "int8");
    assertThat(demo.exitCode()).as(demo.err()).isZero();
    assertThat(demo.out())
        .contains("== 1. ingest", "0 failed", "== 2. ask")
        .contains("Question: " + DemoCommand.DEFAULT_QUESTION)
        .contains("bactrian-camels#")
        .contains("Trace:", "1. retrieve");
  }

  @Test
  void aMissingPathIsOneClearLineAndExitCode1() {
    Path missing = dir.resolve("no-such-folder");
    CliRun r = CliRun.of("ingest", missing.toString(), "--data", dir.resolve("data").toString(), "--encoder", "int8");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("caravan ingest: no such file or folder: " + missing).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void askingWithAnotherEncoderThanTheIndexWasBuiltWithNamesBoth() throws Exception {
    String data = dir.resolve("data").toString();
    assertThat(CliRun.of("ingest", writeDocs().toString(), "--data", data, "--encoder", "int8").exitCode()).isZero();

    CliRun r = CliRun.of("ask", "How deep was the well?", "--data", data, "--encoder", "fp32");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("caravan ask: ").contains("'all-minilm-l6-v2-q'", "'all-minilm-l6-v2'").doesNotContain("\tat ");
  }

  @Test
  void badSettingsAndUsageErrorsAreReported() {
    CliRun badSetting = CliRun.of("ask", "anything", "--data", dir.resolve("data").toString(), "--encoder", "int8", "--set", "caravan.retriever=magic");
    assertThat(badSetting.exitCode()).isEqualTo(1);
    assertThat(badSetting.err()).contains("caravan.retriever").contains("magic");

    CliRun badReranker = CliRun.of("ask", "anything", "--data", dir.resolve("data").toString(), "--encoder", "int8", "--set", "caravan.reranker=oracle");
    assertThat(badReranker.exitCode()).isEqualTo(1);
    assertThat(badReranker.err()).contains("caravan.reranker", "'oracle'", "learned-fusion");

    CliRun missingWeights =
        CliRun.of("ask", "anything", "--data", dir.resolve("data").toString(), "--encoder", "int8", "--set", "caravan.reranker.weights=" + dir.resolve("nope.json"));
    assertThat(missingWeights.exitCode()).isEqualTo(1);
    assertThat(missingWeights.err()).contains("nope.json").doesNotContain("\tat ");

    CliRun unknownKey = CliRun.of("ask", "anything", "--set", "caravan.no-such-key=1");
    assertThat(unknownKey.exitCode()).isEqualTo(1);
    assertThat(unknownKey.err()).contains("unknown setting 'caravan.no-such-key'");

    CliRun usage = CliRun.of("ask");
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.err()).contains("Missing required parameter", "QUESTION");
  }
}
