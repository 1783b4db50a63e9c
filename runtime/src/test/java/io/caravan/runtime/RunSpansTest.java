package io.caravan.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.core.Query;
import io.caravan.core.document.Document;
import io.caravan.ingest.ProgressListener;
import io.caravan.processes.UnknownProcessException;
import io.caravan.testing.HashingEncoder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spans of real runs, through the SDK into an in-memory exporter: one per run, a child per step, decisions as attributes. */
class RunSpansTest {

  @TempDir Path data;

  @Test
  void eachRunIsOneSpanWithAChildPerStepAndItsDecisionsAsAttributes() throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .build();
        Caravan caravan = Caravan.builder().dataDir(data).encoder(new HashingEncoder(384)).openTelemetry(otel).build()) {
      caravan.ingestDocuments(List.of(new Document("camels", "Camels", "Bactrian camels store fat in their two humps.", Map.of(), "test")),
          ProgressListener.NONE);
      caravan.ask(Query.of("What do camels store?"));
      caravan.ask(Query.of("What do camels store in their humps?"), "adaptive-rag");
      try {
        caravan.ask(Query.of("q"), "no-such-process");
      } catch (UnknownProcessException expected) {
        // its span is asserted below
      }

      List<SpanData> spans = exporter.getFinishedSpanItems();
      List<SpanData> runs = spans.stream().filter(s -> s.getName().equals(RunSpans.RUN_SPAN)).toList();
      assertThat(runs).hasSize(3);
      assertThat(runs).extracting(s -> s.getAttributes().get(AttributeKey.stringKey("caravan.process")))
          .containsExactly("rag", "adaptive-rag", RunMetrics.UNKNOWN);
      assertThat(runs).extracting(s -> s.getTraceId()).doesNotHaveDuplicates();

      SpanData rag = runs.get(0);
      List<SpanData> ragSteps = childrenOf(spans, rag);
      assertThat(ragSteps).extracting(SpanData::getName).containsExactly("retrieve", "rerank", "generate");
      assertThat(rag.getAttributes().get(AttributeKey.stringKey("caravan.outcome"))).isEqualTo("finished");
      assertThat(rag.getAttributes().get(AttributeKey.longKey("caravan.retrieval_calls"))).isEqualTo(1L);
      // steps lie within their run, in order
      for (SpanData step : ragSteps) {
        assertThat(step.getStartEpochNanos()).isGreaterThanOrEqualTo(rag.getStartEpochNanos());
        assertThat(step.getEndEpochNanos()).isLessThanOrEqualTo(rag.getEndEpochNanos());
      }
      assertThat(ragSteps.get(1).getStartEpochNanos()).isEqualTo(ragSteps.get(0).getEndEpochNanos());

      SpanData policy = childrenOf(spans, runs.get(1)).stream().filter(s -> s.getName().equals("adaptive-depth")).findFirst().orElseThrow();
      assertThat(policy.getAttributes().get(AttributeKey.stringKey("caravan.decision.policy"))).isEqualTo("adaptive-depth");
      assertThat(policy.getAttributes().get(AttributeKey.stringKey("caravan.decision.choice"))).isNotBlank();
      assertThat(policy.getAttributes().asMap().keySet()).anySatisfy(k -> assertThat(k.getKey()).startsWith("caravan.decision.signal."));
      // the question is in no attribute
      assertThat(spans).allSatisfy(s -> assertThat(s.getAttributes().asMap().values()).noneMatch(v -> String.valueOf(v).contains("camels")));

      SpanData unknown = runs.get(2);
      assertThat(unknown.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(unknown.getEvents()).extracting(e -> e.getName()).contains("exception");
      assertThat(childrenOf(spans, unknown)).isEmpty();
    }
  }

  private static List<SpanData> childrenOf(List<SpanData> spans, SpanData parent) {
    return spans.stream().filter(s -> s.getParentSpanId().equals(parent.getSpanId())).toList();
  }
}
