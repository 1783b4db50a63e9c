package io.caravan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.caravan.runtime.Caravan;
import io.caravan.runtime.CaravanSettings;
import io.caravan.testing.HashingEncoder;
import io.opentelemetry.api.OpenTelemetry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code caravan.otel.*} as {@code caravan serve} applies it: off by default, and with {@code otlp}
 * the spans of a query served over HTTP reach an OTLP/HTTP collector (a local stand-in that keeps
 * what it is sent). The instance here has no Prometheus registry of its own, so the server adds one.
 */
class SpanExportTest {

  @TempDir Path data;

  private record Received(String path, String contentType, byte[] body) {}

  @Test
  void spansAreOffByDefaultAndASettingThatCannotWorkIsRefused() {
    try (SpanExport none = SpanExport.from(CaravanSettings.defaultsOnly().telemetry())) {
      assertThat(none.openTelemetry()).isSameAs(OpenTelemetry.noop());
    }
    assertThatThrownBy(() -> CaravanSettings.defaultsOnly().with("caravan.otel.exporter", "zipkin").telemetry())
        .hasMessageStartingWith("setting caravan.otel.exporter: must be one of [logging, none, otlp]");
    assertThatThrownBy(() -> CaravanSettings.defaultsOnly().with("caravan.otel.exporter", "otlp").with("caravan.otel.endpoint", "localhost:4318").telemetry())
        .hasMessageStartingWith("setting caravan.otel.endpoint: expected an http or https URL");
  }

  @Test
  void aServedQuerysSpansReachTheOtlpCollector() throws Exception {
    List<Received> received = new CopyOnWriteArrayList<>();
    HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext("/", exchange -> {
      received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Content-Type"),
          exchange.getRequestBody().readAllBytes()));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    collector.start();
    try {
      CaravanSettings settings = CaravanSettings.defaultsOnly()
          .with("caravan.data", data.toString())
          .with("caravan.otel.exporter", "otlp")
          .with("caravan.otel.endpoint", "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces")
          .with("caravan.otel.service-name", "caravan-test");
      try (SpanExport spans = SpanExport.from(settings.telemetry())) {
        try (Caravan caravan = Caravan.builder().settings(settings).encoder(new HashingEncoder()).openTelemetry(spans.openTelemetry()).build();
            CaravanServer server = CaravanServer.start(caravan, HttpSettings.local().withPort(0))) {
          ApiClient api = new ApiClient(server.port());
          assertThat(api.postJson("/v1/documents", Map.of("id", "camels", "text", "Bactrian camels store fat in their humps.")).status()).isEqualTo(200);
          assertThat(api.postJson("/v1/query", Map.of("query", "What do camels store?")).status()).isEqualTo(200);
          // the server's own registry has the run and the JVM
          String scrape = api.get("/metrics").body();
          assertThat(scrape).contains("caravan_query_seconds_count{outcome=\"finished\",process=\"rag\"} 1").contains("jvm_memory_used_bytes");
        }
      } // closing flushes the batch

      assertThat(received).isNotEmpty();
      Received first = received.get(0);
      assertThat(first.path()).isEqualTo("/v1/traces");
      assertThat(first.contentType()).isEqualTo("application/x-protobuf");
      String body = new String(received.stream().map(Received::body).reduce(new byte[0], SpanExportTest::concat), StandardCharsets.ISO_8859_1);
      // protobuf keeps strings as they are: the run's span, its steps and the service's name
      assertThat(body).contains("caravan.query", "retrieve", "rerank", "generate", "caravan-test", "caravan.process").doesNotContain("camels store");
    } finally {
      collector.stop(0);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
