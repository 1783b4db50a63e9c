package io.caravan.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.connectors.onnx.EncoderVariant;
import io.caravan.core.Candidate;
import io.caravan.core.Citation;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.processes.DeployedProcess;
import io.caravan.runtime.Caravan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexCommit;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example application started whole, as {@code java -jar} starts it: its
 * {@code application.properties} (the int8 encoder, its BPMN process as the default), the sample
 * corpus ingested at start, Tomcat on a random port. Only {@code caravan.data} is moved to a
 * temporary folder. One context for the class; {@link DirtiesContext} closes it (and Caravan's
 * index) before that folder is deleted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class CaravanExampleApplicationTest {

  private static final Path CORPUS = Path.of("examples/sample-corpus/docs");

  @TempDir static Path data;

  @DynamicPropertySource
  static void dataFolder(DynamicPropertyRegistry registry) {
    registry.add("caravan.data", () -> data.toString());
  }

  @Autowired Caravan caravan;
  @Autowired TestRestTemplate http;

  @Test
  void theCaravanBeanIsMadeFromApplicationProperties() throws IOException {
    assertThat(caravan.settings().encoder()).isEqualTo(EncoderVariant.INT8);
    assertThat(caravan.settings().defaultProcess()).isEqualTo("diverse-rag");
    assertThat(caravan.settings().dataDir()).isEqualTo(data);
    assertThat(caravan.processes()).extracting(DeployedProcess::key).contains("rag", "diverse-rag");

    // the settings took effect: the index under caravan.data records vectors of the int8 model
    try (Directory dir = FSDirectory.open(data.resolve("index"))) {
      List<IndexCommit> commits = DirectoryReader.listCommits(dir);
      assertThat(commits.get(commits.size() - 1).getUserData())
          .containsEntry("caravan.encoder.model", EncoderVariant.INT8.modelId());
    }
  }

  @Test
  void theCorpusWasIngestedAtStart() throws IOException {
    long expected = 0;
    try (Stream<Path> files = Files.list(CORPUS)) {
      for (Path f : files.toList()) {
        // a JSON Lines file holds one document a line, every other file one document
        expected += f.getFileName().toString().endsWith(".jsonl") ? Files.readAllLines(f).stream().filter(l -> !l.isBlank()).count() : 1;
      }
    }
    assertThat(expected).isGreaterThan(30);
    assertThat(caravan.documentCount()).isEqualTo(expected);
    assertThat(data.resolve("dead-letters.jsonl")).doesNotExist();
  }

  @Test
  void aQuestionOverHttpIsAnsweredThroughTheApplicationsProcessAndStep() {
    ResponseEntity<AskController.Reply> response =
        http.getForEntity("/ask?q={q}", AskController.Reply.class, "What do the humps of a Bactrian camel actually store?");

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    AskController.Reply reply = response.getBody();
    assertThat(reply).isNotNull();
    assertThat(reply.process()).isEqualTo("diverse-rag");
    assertThat(reply.steps()).containsExactly("retrieve", "rerank", OneChunkPerDocument.NAME, "generate");
    assertThat(reply.answer()).containsIgnoringCase("fat");
    assertThat(reply.sources()).extracting(AskController.Source::docId).contains("bactrian-camels");
    assertThat(reply.droppedPassages()).isPositive();
  }

  @Test
  void theApplicationsStepLeavesOnePassagePerDocument() {
    RagState s = caravan.ask(Query.of("Which cities did caravans pass on the Silk Road?", 20));

    TraceEvent step = s.trace().events().stream().filter(e -> e.step().equals(OneChunkPerDocument.NAME)).findFirst().orElseThrow();
    Integer dropped = s.get(OneChunkPerDocument.DROPPED).orElse(null);
    assertThat(dropped).as("documents have several chunks, so some ranked passages share one").isPositive();
    assertThat(step.inputs()).containsEntry("dropped", dropped);
    List<String> docs = s.candidates().stream().map(Candidate::docId).toList();
    assertThat(docs).isNotEmpty().doesNotHaveDuplicates().hasSize((Integer) step.inputs().get("in") - dropped);
    assertThat(s.answer().citations()).extracting(Citation::docId).isSubsetOf(docs);
  }

  @Test
  void aBlankQuestionIsABadRequestThatSaysWhy() {
    ResponseEntity<String> response = http.getForEntity("/ask?q={q}", String.class, " ");

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getBody()).contains("q must be a question of 1 to 2000 characters").doesNotContain("Exception");
  }
}
