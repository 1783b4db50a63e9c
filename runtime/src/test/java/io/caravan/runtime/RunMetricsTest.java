package io.caravan.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.core.Decision;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.core.document.Document;
import io.caravan.ingest.IngestReport;
import io.caravan.ingest.ProgressListener;
import io.caravan.processes.RunDeadlineExceededException;
import io.caravan.processes.RunEnd;
import io.caravan.processes.UnknownProcessException;
import io.caravan.testing.HashingEncoder;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RunMetrics} on hand-made run ends (what each meter reads from a trace), and the meters of
 * a whole {@link Caravan} on a registry it is given: every run counted once, ingestion, the index's
 * size, and nothing left in the application's registry once the instance closes.
 */
class RunMetricsTest {

  @TempDir Path data;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RunMetrics metrics = new RunMetrics(registry);

  private static TraceEvent event(String step, long ms, Map<String, Object> inputs, Decision<?> decision) {
    return new TraceEvent(step, Duration.ofMillis(ms), inputs, List.of(), decision);
  }

  private static RunEnd finished(String process, Duration elapsed, TraceEvent... events) {
    RagState s = RagState.start(Query.of("what do camels store?")).plusRetrievalCalls(2);
    for (TraceEvent e : events) {
      s = s.withEvent(e);
    }
    return new RunEnd(process, RunEnd.Outcome.FINISHED, Instant.now(), elapsed, s, Optional.empty());
  }

  private Timer timer(String name, String... tags) {
    return registry.get(name).tags(tags).timer();
  }

  @Test
  void aRunIsTimedWholeByStepAndByDecision() {
    Decision<Void> multi = new Decision<>("adaptive-depth", "MULTI_STEP", Map.of("p_multi", 0.7), "complex");
    metrics.ended(finished("adaptive-rag", Duration.ofMillis(100),
        event("adaptive-depth", 2, Map.of(), multi),
        event("retrieve", 30, Map.of("query", "what do camels store?"), null),
        event("generate", 40, Map.of("generator", "extractive"), null),
        event("retrieve", 10, Map.of(), null),
        event("generate", 5, Map.of("generator", "extractive"), null)));
    metrics.ended(finished("adaptive-rag", Duration.ofMillis(50),
        event("adaptive-depth", 1, Map.of(), new Decision<>("adaptive-depth", "SINGLE_STEP", Map.of(), "simple"))));

    assertThat(timer("caravan.query", "process", "adaptive-rag", "outcome", "finished").count()).isEqualTo(2);
    assertThat(timer("caravan.query", "process", "adaptive-rag").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(150);
    Timer retrieve = timer("caravan.step", "process", "adaptive-rag", "step", "retrieve");
    assertThat(retrieve.count()).isEqualTo(2);
    assertThat(retrieve.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
    assertThat(timer("caravan.decision", "process", "adaptive-rag", "step", "adaptive-depth", "policy", "adaptive-depth", "choice", "MULTI_STEP").count())
        .isEqualTo(1);
    assertThat(timer("caravan.query.decided", "policy", "adaptive-depth", "choice", "MULTI_STEP").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(100);
    assertThat(timer("caravan.query.decided", "policy", "adaptive-depth", "choice", "SINGLE_STEP").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(50);
    DistributionSummary generations = registry.get("caravan.query.generations").tags("process", "adaptive-rag").summary();
    assertThat(generations.count()).isEqualTo(2);
    assertThat(generations.totalAmount()).isEqualTo(2);
    assertThat(registry.get("caravan.query.retrievals").summary().totalAmount()).isEqualTo(4);
    // the question is never a tag value
    assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags()).noneMatch(t -> t.getValue().contains("camels")));
  }

  @Test
  void failuresAreTaggedByOutcomeAndAnUnknownProcessKeyIsNeverATag() {
    RagState partial = RagState.start(Query.of("q")).withEvent(event("retrieve", 3, Map.of(), null));
    metrics.ended(new RunEnd("rag", RunEnd.Outcome.DEADLINE_EXCEEDED, Instant.now(), Duration.ofMillis(9), partial,
        Optional.of(new RunDeadlineExceededException("rag", "rerank", "rerank", 1, Duration.ofMillis(5)))));
    metrics.ended(new RunEnd("'; drop table --", RunEnd.Outcome.UNKNOWN_PROCESS, Instant.now(), Duration.ofMillis(1), RagState.start(Query.of("q")),
        Optional.of(new UnknownProcessException("'; drop table --", List.of("rag")))));

    assertThat(timer("caravan.query", "process", "rag", "outcome", "deadline_exceeded").count()).isEqualTo(1);
    assertThat(timer("caravan.step", "process", "rag", "step", "retrieve").count()).isEqualTo(1);
    assertThat(timer("caravan.query", "process", RunMetrics.UNKNOWN, "outcome", "unknown_process").count()).isEqualTo(1);
    assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags()).noneMatch(t -> t.getValue().contains("drop")));
  }

  @Test
  void anInstanceCountsEveryRunIngestionAndItsIndexAndLeavesTheRegistryClean() throws Exception {
    SimpleMeterRegistry app = new SimpleMeterRegistry();
    try (Caravan caravan = Caravan.builder().dataDir(data).encoder(new HashingEncoder(384)).meterRegistry(app).build()) {
      IngestReport report = caravan.ingestDocuments(List.of(
          new Document("camels", "Camels", "Bactrian camels store fat in their two humps. They cross deserts.", Map.of(), "test"),
          new Document("salt", "Salt", "Salt caravans crossed the Sahara to reach Timbuktu.", Map.of(), "test")), ProgressListener.NONE);
      caravan.ingestDocuments(List.of(new Document("camels", "Camels", "Bactrian camels store fat in their two humps. They cross deserts.", Map.of(), "test")),
          ProgressListener.NONE);
      caravan.ask(Query.of("What do camels store?"));
      caravan.ask(Query.of("Where did salt caravans go?"));
      caravan.ask(Query.of("What do camels store?"), "adaptive-rag");

      assertThat(app.get("caravan.query").tags("process", "rag", "outcome", "finished").timer().count()).isEqualTo(2);
      assertThat(app.get("caravan.query").tags("process", "adaptive-rag").timer().count()).isEqualTo(1);
      assertThat(app.get("caravan.step").tags("process", "rag", "step", "generate").timer().count()).isEqualTo(2);
      assertThat(app.get("caravan.decision").tags("process", "adaptive-rag", "policy", "adaptive-depth").timers()).isNotEmpty();
      assertThat(app.get("caravan.query.retrievals").tags("process", "rag").summary().totalAmount()).isEqualTo(2);
      assertThat(app.get("caravan.ingest.documents").tags("result", "added").counter().count()).isEqualTo(2);
      assertThat(app.get("caravan.ingest.documents").tags("result", "skipped").counter().count()).isEqualTo(1);
      assertThat(app.get("caravan.ingest.chunks").counter().count()).isEqualTo(report.chunks());
      assertThat(app.get("caravan.index.documents").gauge().value()).isEqualTo(2);
      assertThat(app.get("caravan.index.chunks").gauge().value()).isEqualTo(report.chunks());
    }
    assertThat(app.getMeters()).isEmpty();
  }
}
