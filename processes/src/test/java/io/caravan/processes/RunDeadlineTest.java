package io.caravan.processes;

import io.caravan.processes.camel.CaravanComponent;

import static io.caravan.processes.Bpmn.flow;
import static io.caravan.processes.Bpmn.linear;
import static io.caravan.processes.Bpmn.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.Query;
import io.caravan.core.RagState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * Deadlines and cancellation of one run, on a real engine and real Camel routes. The step {@code
 * tick} advances a clock of the test's own by one second per visit, so "past the deadline" is a
 * count of visits, never a measured time; it sits in a loop that would run 1000 times.
 */
@TestInstance(Lifecycle.PER_CLASS)
class RunDeadlineTest {

  private static final int BOUND = 1000;

  private final SteppingClock clock = new SteppingClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final AtomicInteger ticks = new AtomicInteger();
  /** What a visit of {@code tick} does besides advancing the clock, given the visit's number. */
  private final AtomicReference<IntConsumer> onTick = new AtomicReference<>(n -> { });
  private DefaultCamelContext camel;
  private ProcessRunner runner;

  @BeforeAll
  void start() throws Exception {
    camel = StepRoutes.start(TestCorpus.steps());
    camel.addRoutes(new RouteBuilder() {
      @Override
      public void configure() {
        from(CaravanComponent.stepUri("tick")).routeId("step-tick").process(exchange -> {
          int n = ticks.incrementAndGet();
          clock.advance(Duration.ofSeconds(1));
          onTick.get().accept(n);
        });
      }
    });
    runner = new ProcessRunner(camel);
    runner.deployBundled();
    String loop = step("turn", "tick", "caravan:maxVisits=\"" + BOUND + "\"")
        + "<exclusiveGateway id=\"again\" default=\"done\"/>\n"
        + flow("toAgain", "turn", "again")
        + flow("loop", "again", "turn", "${run.visits('turn') > 0}")
        + flow("done", "again", "generate")
        + step("generate", "generate");
    runner.deploy("spin.bpmn20.xml", linear("spin", "turn", "generate", loop));
  }

  @AfterAll
  void stop() throws Exception {
    runner.close();
    camel.close();
  }

  @BeforeEach
  void reset() {
    ticks.set(0);
    onTick.set(n -> { });
  }

  @Test
  void aRunPastItsDeadlineStopsBeforeItsNextStep() {
    RunCounts before = runner.runCounts();
    RunDeadline deadline = RunDeadline.after(Duration.ofSeconds(5), clock);

    assertThatThrownBy(() -> runner.run("spin", RagState.start(Query.of("spin")), deadline))
        .isInstanceOfSatisfying(RunDeadlineExceededException.class, e -> {
          assertThat(e.processKey()).isEqualTo("spin");
          assertThat(e.taskId()).isEqualTo("turn");
          assertThat(e.step()).isEqualTo("tick");
          assertThat(e.stepsRun()).isEqualTo(5);
          assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(5));
        })
        .hasMessage("process 'spin' ran past its deadline of 5000 ms and was stopped before task 'turn' (step 'tick') after 5 steps");
    // each visit moved the clock one second: the sixth would have started at the deadline
    assertThat(ticks).hasValue(5);
    assertThat(deadline.isExpired()).isTrue();
    assertThat(runner.runCounts().deadlineExceeded()).isEqualTo(before.deadlineExceeded() + 1);
    assertThat(runner.runCounts().cancelled()).isEqualTo(before.cancelled());
  }

  @Test
  void aCancelledRunStopsBeforeItsNextStep() {
    RunCounts before = runner.runCounts();
    RunDeadline deadline = RunDeadline.after(Duration.ofDays(1), clock);
    onTick.set(n -> {
      if (n == 3) {
        deadline.cancel("the client closed the connection");
      }
    });

    assertThatThrownBy(() -> runner.run("spin", RagState.start(Query.of("spin")), deadline))
        .isInstanceOfSatisfying(RunCancelledException.class, e -> {
          assertThat(e.reason()).isEqualTo("the client closed the connection");
          assertThat(e.stepsRun()).isEqualTo(3);
        })
        .hasMessage("process 'spin' was cancelled (the client closed the connection) before task 'turn' (step 'tick') after 3 steps");
    assertThat(ticks).hasValue(3);
    assertThat(runner.runCounts().cancelled()).isEqualTo(before.cancelled() + 1);
    assertThat(runner.runCounts().deadlineExceeded()).isEqualTo(before.deadlineExceeded());
  }

  @Test
  void theFirstCancellationReasonIsKept() {
    RunDeadline deadline = RunDeadline.after(Duration.ofSeconds(1), clock);
    deadline.cancel("first");
    deadline.cancel("second");
    assertThat(deadline.cancellation()).contains("first");
  }

  @Test
  void aRunWhoseDeadlinePassedBeforeItStartedRunsNoStep() {
    RunDeadline deadline = RunDeadline.after(Duration.ofSeconds(2), clock);
    clock.advance(Duration.ofSeconds(2));

    assertThatThrownBy(() -> runner.run("spin", RagState.start(Query.of("spin")), deadline))
        .isInstanceOfSatisfying(RunDeadlineExceededException.class, e -> assertThat(e.stepsRun()).isZero());
    assertThat(ticks).hasValue(0);
  }

  @Test
  void aRunWithinItsDeadlineAnswers() {
    RunDeadline deadline = RunDeadline.after(Duration.ofSeconds(30), clock);
    RagState done = runner.run("rag", RagState.start(Query.of("how does lucene store dense vectors", 2)), deadline);
    assertThat(done.answer().text()).isEqualTo("Lucene indexes dense vectors in HNSW graphs.");
    assertThat(deadline.isExpired()).isFalse();
  }

  @Test
  void withoutADeadlineTheLoopBoundStillStopsTheRun() {
    assertThatThrownBy(() -> runner.run("spin", RagState.start(Query.of("spin"))))
        .isInstanceOf(LoopBoundExceededException.class);
    assertThat(ticks).hasValue(BOUND);
  }

  @Test
  void aDeadlineNeedsAPositiveTimeout() {
    assertThatThrownBy(() -> RunDeadline.after(Duration.ZERO, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }

  @Test
  void timeoutsGiveTheStandardDeadlineOrTheRequestedOneUpToTheMaximum() {
    RunTimeouts timeouts = new RunTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(120));
    assertThat(timeouts.deadline(null, clock).timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(timeouts.deadline(Duration.ofSeconds(120), clock).timeout()).isEqualTo(Duration.ofSeconds(120));
    assertThatThrownBy(() -> timeouts.deadline(Duration.ofSeconds(121), clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a timeout of 121000 ms is above the maximum of 120000 ms");
    assertThatThrownBy(() -> new RunTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maximum");
  }

  /** A clock that moves only when told to. */
  static final class SteppingClock extends Clock {
    private final AtomicReference<Instant> now;

    SteppingClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void advance(Duration d) {
      now.updateAndGet(t -> t.plus(d));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the test clock has one zone");
    }
  }
}
