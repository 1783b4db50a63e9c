package io.caravan.processes;

import static io.caravan.processes.Bpmn.linear;
import static io.caravan.processes.Bpmn.step;
import static io.caravan.processes.TestEngine.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.Query;
import io.caravan.core.RagState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where each deployed process came from, and what it takes to replace one: a fresh engine per test,
 * since every test replaces something.
 */
class ProcessOriginTest {

  private static final Instant NOON = Instant.parse("2026-03-01T12:00:00Z");

  private DefaultCamelContext camel;
  private ProcessRunner runner;

  @BeforeEach
  void start() throws Exception {
    camel = StepRoutes.start(TestCorpus.steps());
    runner = new ProcessRunner(camel);
    runner.deployBundled();
  }

  @AfterEach
  void stop() throws Exception {
    runner.close();
    camel.close();
  }

  /** A process with id {@code rag} that skips retrieval: what silently broke every default query. */
  private static byte[] ragWithoutRetrieval() {
    return linear("rag", "generate", "generate", step("generate", "generate"));
  }

  private DeployedProcess latest(String key) {
    return runner.processes().stream().filter(p -> p.key().equals(key)).findFirst().orElseThrow();
  }

  @Test
  void bundledProcessesSayTheyAreBundled() {
    DeployedProcess rag = latest("rag");
    assertThat(rag.origin()).isEqualTo(ProcessOrigin.BUNDLED);
    assertThat(rag.deployedBy()).isEmpty();
    assertThat(rag.deployedAt()).isNotNull();
    assertThat(runner.versions("rag")).containsExactly(rag);
  }

  @Test
  void aNewProcessFromTheApiRecordsWhoAndWhen() {
    DeployOutcome out = runner.deploy("fresh.bpmn20.xml", linear("fresh", "generate", "generate", step("generate", "generate")),
        DeployRequest.api("admin key sha256:0a1b2c3d from 10.0.0.7", NOON, false));

    assertThat(out.unchanged()).isFalse();
    assertThat(out.replaced()).isEmpty();
    assertThat(out.process().key()).isEqualTo("fresh");
    assertThat(out.process().version()).isEqualTo(1);
    assertThat(out.process().origin()).isEqualTo(ProcessOrigin.API);
    assertThat(out.process().deployedBy()).isEqualTo("admin key sha256:0a1b2c3d from 10.0.0.7");
    assertThat(out.process().deployedAt()).isEqualTo(NOON);
    assertThat(latest("fresh")).isEqualTo(out.process());
  }

  @Test
  void replacingABundledProcessNeedsToSaySo() {
    assertThatThrownBy(() -> runner.deploy("my-rag.bpmn20.xml", ragWithoutRetrieval(), DeployRequest.api("someone", NOON, false)))
        .isInstanceOfSatisfying(ProcessExistsException.class, e -> {
          assertThat(e.existing().key()).isEqualTo("rag");
          assertThat(e.existing().origin()).isEqualTo(ProcessOrigin.BUNDLED);
        })
        .hasMessageStartingWith("process 'rag' already exists (version 1, bundled, deployed ")
        .hasMessageEndingWith("); deploy again with replace=true to replace it");

    // nothing changed: the default process still retrieves
    assertThat(latest("rag").origin()).isEqualTo(ProcessOrigin.BUNDLED);
    assertThat(runner.versions("rag")).hasSize(1);
    assertThat(steps(runner.run("rag", RagState.start(Query.of("lucene vectors", 2))))).containsExactly("retrieve", "rerank", "generate");
  }

  @Test
  void anExplicitReplaceIsRecordedWithWhoAndWhatItReplaced() {
    DeployedProcess bundled = latest("rag");
    DeployOutcome out = runner.deploy("my-rag.bpmn20.xml", ragWithoutRetrieval(), DeployRequest.api("admin key sha256:0a1b2c3d from 10.0.0.7", NOON, true));

    assertThat(out.unchanged()).isFalse();
    assertThat(out.replaced()).contains(bundled);
    assertThat(out.process().version()).isEqualTo(2);
    assertThat(out.process().origin()).isEqualTo(ProcessOrigin.API);
    assertThat(out.process().resourceName()).isEqualTo("my-rag.bpmn20.xml");
    assertThat(runner.versions("rag")).containsExactly(bundled, out.process());
    assertThat(steps(runner.run("rag", RagState.start(Query.of("lucene vectors", 2))))).containsExactly("generate");
  }

  @Test
  void deployingTheSameBytesAgainChangesNothingAndNeedsNoReplace() {
    byte[] xml = linear("twice", "generate", "generate", step("generate", "generate"));
    DeployOutcome first = runner.deploy("twice.bpmn20.xml", xml, DeployRequest.api("a", NOON, false));
    DeployOutcome again = runner.deploy("twice-again.bpmn20.xml", xml, DeployRequest.api("b", NOON.plusSeconds(60), false));

    assertThat(again.unchanged()).isTrue();
    assertThat(again.replaced()).isEmpty();
    assertThat(again.process()).isEqualTo(first.process());
    assertThat(runner.versions("twice")).hasSize(1);
  }

  @Test
  void theBundledBytesUnderTheBundledIdAreNoChangeEither() throws Exception {
    byte[] bundledRag;
    try (var in = ProcessRunner.class.getResourceAsStream("/io/caravan/processes/rag.bpmn20.xml")) {
      bundledRag = in.readAllBytes();
    }
    DeployOutcome out = runner.deploy("rag.bpmn20.xml", bundledRag, DeployRequest.api("someone", NOON, false));
    assertThat(out.unchanged()).isTrue();
    assertThat(out.process().origin()).isEqualTo(ProcessOrigin.BUNDLED);
  }

  @Test
  void aProcessFolderMayReplaceABundledProcessAndSaysWhereItCameFrom(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("rag.bpmn20.xml"), ragWithoutRetrieval());
    List<DeployedProcess> deployed = runner.deployFolder(dir);

    assertThat(deployed).singleElement().satisfies(p -> {
      assertThat(p.key()).isEqualTo("rag");
      assertThat(p.version()).isEqualTo(2);
      assertThat(p.origin()).isEqualTo(ProcessOrigin.FOLDER);
    });
    assertThat(runner.versions("rag")).extracting(DeployedProcess::origin).containsExactly(ProcessOrigin.BUNDLED, ProcessOrigin.FOLDER);
  }

  @Test
  void theJavaApiStillReplacesAsBefore() {
    DeployedProcess p = runner.deploy("my-rag.bpmn20.xml", ragWithoutRetrieval());
    assertThat(p.version()).isEqualTo(2);
    assertThat(p.origin()).isEqualTo(ProcessOrigin.API);
  }

  @Test
  void versionsOfAnUnknownKeyAreEmpty() {
    assertThat(runner.versions("no-such-process")).isEmpty();
  }
}
