package io.caravan.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.runtime.Caravan;
import io.caravan.runtime.CaravanSettings;
import io.caravan.core.Citation;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.processes.DeployedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.FlowNode;
import org.flowable.bpmn.model.SequenceFlow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The custom-process example exactly as its README runs it: the settings file in
 * examples/custom-process (surefire runs from the repository root, where its relative paths
 * point), a real Caravan on the int8 encoder, Flowable, Camel with the example's YAML routes, and a
 * Lucene index in a temporary folder. One instance serves the whole class; the tests that need a
 * start-up to fail open their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomProcessExampleTest {

  static final Path EXAMPLE = Path.of("examples/custom-process");
  private static final Duration INBOX_WAIT = Duration.ofSeconds(20);

  private Path data;
  private Caravan caravan;

  private static CaravanSettings exampleSettings(Path data) {
    return CaravanSettings.load(Optional.of(EXAMPLE.resolve("caravan.properties")), Map.of())
        .with("caravan.data", data.toString())
        .with("caravan.encoder", "int8");
  }

  @BeforeAll
  void start(@TempDir Path data) throws Exception {
    this.data = data;
    caravan = Caravan.fromSettings(exampleSettings(data), Map.of());
  }

  @AfterAll
  void stop() {
    if (caravan != null) {
      caravan.close();
    }
  }

  @Test
  void theSettingsPointAtTheExampleFolders() {
    assertThat(caravan.settings().processDir()).contains(EXAMPLE.resolve("processes"));
    assertThat(caravan.settings().routesDir()).contains(EXAMPLE.resolve("routes"));
    assertThat(EXAMPLE.resolve("inbox/caravan-bells.md")).isRegularFile();
  }

  @Test
  void theCustomProcessIsDeployedWithADiagramForEveryElement() {
    assertThat(caravan.processes()).extracting(DeployedProcess::key).contains("careful-rag", "rag");
    DeployedProcess careful =
        caravan.processes().stream().filter(p -> p.key().equals("careful-rag")).findFirst().orElseThrow();
    assertThat(careful.resourceName()).isEqualTo("careful-rag.bpmn20.xml");

    // the DI section is what lets a BPMN modeler open the file; every node and flow must be drawn
    BpmnModel model = caravan.processRunner().engine().getRepositoryService().getBpmnModel(careful.definitionId());
    List<FlowElement> elements = List.copyOf(model.getMainProcess().getFlowElements());
    assertThat(elements).hasSize(15);
    for (FlowElement e : elements) {
      if (e instanceof FlowNode) {
        assertThat(model.getGraphicInfo(e.getId())).as("shape of %s", e.getId()).isNotNull();
      } else if (e instanceof SequenceFlow) {
        assertThat(model.getFlowLocationGraphicInfo(e.getId())).as("edge of %s", e.getId()).hasSizeGreaterThanOrEqualTo(2);
      }
    }
  }

  @Test
  void theYamlFileRoutePicksUpTheInboxDocumentAndLeavesItThere() throws Exception {
    awaitInbox();
    assertThat(caravan.documentCount()).isEqualTo(1);
    assertThat(EXAMPLE.resolve("inbox/caravan-bells.md")).isRegularFile();
    assertThat(data.resolve("dead-letters.jsonl")).doesNotExist();
  }

  @Test
  void aQuestionAboutTheInboxDocumentIsAnsweredThroughTheYamlStep() throws Exception {
    awaitInbox();

    RagState s = caravan.ask(Query.of("Why did the last camel in a caravan carry the largest bell?", 3), "careful-rag");

    assertThat(s.trace().events()).extracting(TraceEvent::step).containsExactly("log-query", "retrieve", "rerank", "generate");
    TraceEvent logged = s.trace().events().get(0);
    assertThat(logged.inputs()).isEqualTo(Map.of("route", "log-query"));
    assertThat(logged.duration()).isPositive();
    assertThat(s.candidates()).isNotEmpty();
    assertThat(s.answer()).isNotNull();
    assertThat(s.answer().citations()).extracting(Citation::docId).contains("caravan-bells");
    assertThat(s.answer().text()).containsIgnoringCase("bell");
  }

  @Test
  void whenRetrievalFindsNothingTheProcessEndsWithoutGenerating() {
    // a filter inside the search that no document matches: retrieval returns no candidates whatever
    // the inbox route has indexed by now
    Query nothing = new Query("Why did the last camel carry a bell?", 3, Map.of("region", "atlantis"), List.of());

    RagState s = caravan.ask(nothing, "careful-rag");

    assertThat(s.candidates()).isEmpty();
    assertThat(s.answer()).isNull();
    assertThat(s.trace().events()).extracting(TraceEvent::step).containsExactly("log-query", "retrieve");
  }

  @Test
  void aYamlStepOnTheOlderDirectEndpointIsStillAStepTracedOnce(@TempDir Path routes, @TempDir Path otherData) throws Exception {
    String yaml = Files.readString(EXAMPLE.resolve("routes/log-query.camel.yaml"));
    assertThat(yaml).contains("uri: caravan:step:log-query");
    Files.writeString(routes.resolve("log-query.camel.yaml"), yaml.replace("uri: caravan:step:log-query", "uri: direct:step-log-query"));
    CaravanSettings settings = exampleSettings(otherData).with("caravan.routes.dir", routes.toString());

    try (Caravan older = Caravan.fromSettings(settings, Map.of())) {
      // nothing is indexed in this instance: the process ends after retrieval finds nothing
      RagState s = older.ask(Query.of("Why did the last camel carry a bell?", 3), "careful-rag");

      assertThat(s.trace().events()).extracting(TraceEvent::step).containsExactly("log-query", "retrieve");
      assertThat(s.trace().events().get(0).inputs()).isEqualTo(Map.of("route", "log-query"));
    }
  }

  @Test
  void aBrokenYamlFileFailsStartUpNamingTheFile(@TempDir Path routes, @TempDir Path otherData) throws Exception {
    Files.copy(EXAMPLE.resolve("routes/log-query.camel.yaml"), routes.resolve("log-query.camel.yaml"));
    Path broken = Files.writeString(routes.resolve("typo.camel.yaml"), """
        - route:
            from:
              uri: direct:step-typo
              stepz:
                - log: never loaded
        """);
    CaravanSettings settings = exampleSettings(otherData).with("caravan.routes.dir", routes.toString());

    assertThatThrownBy(() -> Caravan.fromSettings(settings, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("routes file " + broken + ": ")
        .hasMessageContaining("stepz");
  }

  @Test
  void withoutTheYamlRoutesTheProcessIsRefusedForItsUnknownStep(@TempDir Path otherData) {
    CaravanSettings settings = exampleSettings(otherData).with("caravan.routes.dir", "");

    assertThatThrownBy(() -> Caravan.fromSettings(settings, Map.of()))
        .hasMessageContaining("careful-rag.bpmn20.xml")
        .hasMessageContaining("log-query");
  }

  private void awaitInbox() throws InterruptedException {
    long deadline = System.nanoTime() + INBOX_WAIT.toNanos();
    while (caravan.documentCount() == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the inbox route indexed nothing within " + INBOX_WAIT.toSeconds() + " s");
      }
      Thread.sleep(50);
    }
  }
}
