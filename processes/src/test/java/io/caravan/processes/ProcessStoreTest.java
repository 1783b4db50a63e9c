package io.caravan.processes;

import static io.caravan.processes.Bpmn.linear;
import static io.caravan.processes.Bpmn.step;
import static io.caravan.processes.TestEngine.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.spi.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processes deployed through the API outlive the engine: each test deploys into one engine, closes
 * it, and restores into a fresh one, as a restart does.
 */
class ProcessStoreTest {

  private static final Instant NOON = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path dir;

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  /** An engine with the bundled processes, over the test steps plus {@code extra}. */
  private ProcessRunner engine(Step... extra) throws Exception {
    List<Step> steps = new ArrayList<>(TestCorpus.steps());
    steps.addAll(List.of(extra));
    DefaultCamelContext camel = StepRoutes.start(steps);
    open.add(camel);
    ProcessRunner runner = new ProcessRunner(camel);
    open.add(runner);
    runner.deployBundled();
    return runner;
  }

  private ProcessStore store() {
    return new ProcessStore(dir.resolve("processes"), Clock.fixed(NOON, ZoneOffset.UTC));
  }

  private static byte[] ragWithoutRetrieval() {
    return linear("rag", "generate", "generate", step("generate", "generate"));
  }

  private static DeployedProcess latest(ProcessRunner runner, String key) {
    return runner.processes().stream().filter(p -> p.key().equals(key)).findFirst().orElseThrow();
  }

  private List<Path> files() throws IOException {
    Path folder = dir.resolve("processes");
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(Path::getFileName).sorted().toList();
    }
  }

  @Test
  void aReplaceThroughTheApiComesBackAfterARestart() throws Exception {
    ProcessRunner first = engine();
    DeployOutcome out = store().deploy(first, "my-rag.bpmn20.xml", ragWithoutRetrieval(), "admin key sha256:0a1b2c3d from 10.0.0.7", true);
    assertThat(out.process().version()).isEqualTo(2);
    assertThat(files()).extracting(Path::toString).contains("rag.json");

    ProcessRunner restarted = engine();
    List<DeployedProcess> restored = store().restore(restarted);

    assertThat(restored).singleElement().satisfies(p -> {
      assertThat(p.key()).isEqualTo("rag");
      assertThat(p.origin()).isEqualTo(ProcessOrigin.API);
      assertThat(p.deployedBy()).isEqualTo("admin key sha256:0a1b2c3d from 10.0.0.7");
      assertThat(p.deployedAt()).isEqualTo(NOON);
      assertThat(p.resourceName()).isEqualTo("my-rag.bpmn20.xml");
    });
    assertThat(latest(restarted, "rag")).isEqualTo(restored.get(0));
    assertThat(restarted.versions("rag")).extracting(DeployedProcess::origin).containsExactly(ProcessOrigin.BUNDLED, ProcessOrigin.API);
    assertThat(steps(restarted.run("rag", RagState.start(Query.of("lucene vectors", 2))))).containsExactly("generate");
  }

  @Test
  void aDeployThatChangesNothingWritesNothing() throws Exception {
    ProcessRunner runner = engine();
    byte[] bundledRag;
    try (var in = ProcessRunner.class.getResourceAsStream("/io/caravan/processes/rag.bpmn20.xml")) {
      bundledRag = in.readAllBytes();
    }
    assertThat(store().deploy(runner, "rag.bpmn20.xml", bundledRag, "someone", false).unchanged()).isTrue();
    assertThat(files()).isEmpty();
  }

  @Test
  void aRefusedReplaceWritesNothing() throws Exception {
    ProcessRunner runner = engine();
    assertThatThrownBy(() -> store().deploy(runner, "my-rag.bpmn20.xml", ragWithoutRetrieval(), "someone", false))
        .isInstanceOf(ProcessExistsException.class);
    assertThat(files()).isEmpty();
  }

  @Test
  void anInvalidDeployWritesNothing() throws Exception {
    ProcessRunner runner = engine();
    byte[] unknownStep = linear("odd", "odd", "odd", step("odd", "no-such-step"));
    assertThatThrownBy(() -> store().deploy(runner, "odd.bpmn20.xml", unknownStep, "someone", false))
        .isInstanceOf(InvalidProcessException.class);
    assertThat(files()).isEmpty();
  }

  @Test
  void aDeployThatCannotBeRecordedIsTakenBack() throws Exception {
    ProcessRunner runner = engine();
    Files.writeString(dir.resolve("processes"), "a file where the store's folder should be");

    assertThatThrownBy(() -> store().deploy(runner, "my-rag.bpmn20.xml", ragWithoutRetrieval(), "someone", true))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("could not record process 'rag'")
        .hasMessageContaining("so it was not deployed");
    assertThatThrownBy(() -> store().deploy(runner, "fresh.bpmn20.xml", linear("fresh", "generate", "generate", step("generate", "generate")), "someone", false))
        .isInstanceOf(UncheckedIOException.class);

    assertThat(runner.versions("rag")).extracting(DeployedProcess::origin).containsExactly(ProcessOrigin.BUNDLED);
    assertThat(runner.versions("fresh")).isEmpty();
    assertThat(steps(runner.run("rag", RagState.start(Query.of("lucene vectors", 2))))).containsExactly("retrieve", "rerank", "generate");
  }

  @Test
  void replacingAStoredProcessKeepsOneRecordOfIt() throws Exception {
    ProcessRunner runner = engine();
    store().deploy(runner, "fresh.bpmn20.xml", linear("fresh", "generate", "generate", step("generate", "generate")), "a", false);
    byte[] second = linear("fresh", "retrieve", "generate",
        step("retrieve", "retrieve") + Bpmn.flow("f1", "retrieve", "generate") + step("generate", "generate"));
    store().deploy(runner, "fresh-2.bpmn20.xml", second, "b", true);

    assertThat(store().stored()).singleElement().satisfies(s -> {
      assertThat(s.key()).isEqualTo("fresh");
      assertThat(s.resourceName()).isEqualTo("fresh-2.bpmn20.xml");
      assertThat(s.deployedBy()).isEqualTo("b");
    });
    assertThat(files()).filteredOn(f -> f.toString().endsWith(".bpmn20.xml")).hasSize(1);

    ProcessRunner restarted = engine();
    store().restore(restarted);
    assertThat(steps(restarted.run("fresh", RagState.start(Query.of("lucene vectors", 2))))).containsExactly("retrieve", "generate");
  }

  @Test
  void aStoredProcessThatNoLongerValidatesStopsTheStartAndNamesItsFile() throws Exception {
    Step extra = Step.of("extra", UnaryOperator.identity());
    ProcessRunner withExtra = engine(extra);
    store().deploy(withExtra, "uses-extra.bpmn20.xml", linear("uses-extra", "x", "x", step("x", "extra")), "a", false);
    Path bpmn = store().stored().get(0).bpmnFile();

    ProcessRunner withoutExtra = engine();
    assertThatThrownBy(() -> store().restore(withoutExtra))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(bpmn.toString())
        .hasMessageContaining("no longer validates")
        .hasMessageContaining("extra")
        .hasMessageContaining("delete");
  }

  @Test
  void aStoredFileChangedBehindTheRecordIsAClearError() throws Exception {
    store().deploy(engine(), "fresh.bpmn20.xml", linear("fresh", "generate", "generate", step("generate", "generate")), "a", false);
    Path bpmn = store().stored().get(0).bpmnFile();
    Files.writeString(bpmn, Files.readString(bpmn).replace("generate", "retrieve"));

    ProcessRunner restarted = engine();
    assertThatThrownBy(() -> store().restore(restarted))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(bpmn.toString())
        .hasMessageContaining("changed since it was deployed");
  }

  @Test
  void leftoversOfAnInterruptedWriteAreIgnored() throws Exception {
    store().deploy(engine(), "fresh.bpmn20.xml", linear("fresh", "generate", "generate", step("generate", "generate")), "a", false);
    Path folder = dir.resolve("processes");
    // a crash before the record was moved into place leaves a temporary file and a file no record names
    Files.writeString(folder.resolve(".tmp-123.part"), "half a recor");
    Files.write(folder.resolve("orphan-0123456789ab.bpmn20.xml"), ragWithoutRetrieval());

    ProcessRunner restarted = engine();
    assertThat(store().restore(restarted)).extracting(DeployedProcess::key).containsExactly("fresh");
    assertThat(latest(restarted, "rag").origin()).isEqualTo(ProcessOrigin.BUNDLED);
  }
}
