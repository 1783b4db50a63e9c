package io.caravan.processes;

import static io.caravan.processes.Bpmn.linear;
import static io.caravan.processes.Bpmn.step;
import static io.caravan.processes.Bpmn.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.spi.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/** The runner tells its listener of every run once, however it ended, with the state as far as it got. */
@TestInstance(Lifecycle.PER_CLASS)
class RunListenerTest {

  private final List<RunEnd> told = new CopyOnWriteArrayList<>();
  private volatile boolean listenerFails;
  private DefaultCamelContext camel;
  private ProcessRunner runner;

  @BeforeAll
  void start() throws Exception {
    List<Step> steps = new ArrayList<>(TestCorpus.steps());
    steps.add(Step.of("boom", s -> {
      throw new IllegalStateException("boom");
    }));
    camel = StepRoutes.start(steps);
    runner = new ProcessRunner(camel, ProcessSettings.defaults(), run -> {
      told.add(run);
      if (listenerFails) {
        throw new IllegalStateException("a broken exporter");
      }
    });
    runner.deployBundled();
    runner.deploy("fails.bpmn20.xml", linear("fails", "retrieve", "boom",
        step("retrieve", "retrieve") + flow("f", "retrieve", "boom") + step("boom", "boom")));
  }

  @AfterAll
  void stop() throws Exception {
    runner.close();
    camel.close();
  }

  @BeforeEach
  void reset() {
    told.clear();
    listenerFails = false;
  }

  @Test
  void aFinishedRunIsToldOnceWithItsFinalState() {
    Instant before = Instant.now();
    RagState done = runner.run("rag", RagState.start(Query.of("What do camels store in their humps?")));

    assertThat(told).hasSize(1);
    RunEnd end = told.get(0);
    assertThat(end.processKey()).isEqualTo("rag");
    assertThat(end.outcome()).isEqualTo(RunEnd.Outcome.FINISHED);
    assertThat(end.state()).isSameAs(done);
    assertThat(end.failure()).isEmpty();
    assertThat(end.started()).isBetween(before, Instant.now());
    // the run's time covers its steps' time plus the engine's
    assertThat(end.elapsed()).isGreaterThanOrEqualTo(done.stepTime()).isPositive();
    assertThat(TestEngine.steps(end.state())).containsExactly("retrieve", "rerank", "generate");
  }

  @Test
  void aFailedRunIsToldWithTheStepsThatFinishedAndItsFailure() {
    assertThatThrownBy(() -> runner.run("fails", RagState.start(Query.of("camels"))))
        .isInstanceOf(StepFailedException.class);

    assertThat(told).hasSize(1);
    RunEnd end = told.get(0);
    assertThat(end.outcome()).isEqualTo(RunEnd.Outcome.FAILED);
    assertThat(end.outcome().tag()).isEqualTo("failed");
    assertThat(end.failure()).containsInstanceOf(StepFailedException.class);
    assertThat(TestEngine.steps(end.state())).containsExactly("retrieve");
  }

  @Test
  void anUnknownProcessAndACancelledRunHaveTheirOwnOutcomes() {
    assertThatThrownBy(() -> runner.run("no-such-process", RagState.start(Query.of("camels"))))
        .isInstanceOf(UnknownProcessException.class);
    RunDeadline cancelled = RunDeadline.after(Duration.ofMinutes(1));
    cancelled.cancel("the client closed the connection");
    assertThatThrownBy(() -> runner.run("rag", RagState.start(Query.of("camels")), cancelled))
        .isInstanceOf(RunCancelledException.class);

    assertThat(told).extracting(RunEnd::outcome).containsExactly(RunEnd.Outcome.UNKNOWN_PROCESS, RunEnd.Outcome.CANCELLED);
    assertThat(told.get(0).processKey()).isEqualTo("no-such-process");
    assertThat(told.get(1).state().trace().events()).isEmpty();
  }

  @Test
  void aListenerThatThrowsDoesNotChangeTheRunsResult() {
    listenerFails = true;
    RagState done = runner.run("rag", RagState.start(Query.of("camels")));

    assertThat(done.answer()).isNotNull();
    assertThat(told).hasSize(1);
  }
}
