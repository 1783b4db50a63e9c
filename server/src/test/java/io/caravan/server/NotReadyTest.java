package io.caravan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravan.connectors.lucene.LuceneIndex;
import io.caravan.connectors.onnx.EncoderVariant;
import io.caravan.connectors.onnx.InProcessEncoder;
import io.caravan.core.document.SentenceChunker;
import io.caravan.processes.ProcessRunner;
import io.caravan.processes.ProcessStore;
import io.caravan.ingest.DeadLetterLog;
import io.caravan.ingest.DocumentFileReader;
import io.caravan.ingest.DocumentIngestor;
import io.caravan.ingest.SourceIngestor;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While Caravan starts (index, encoder or processes not ready), the API answers 503 with a JSON
 * error and liveness stays 200. The encoder here is never loaded: nothing reaches it.
 */
class NotReadyTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void answers503UntilReady(@TempDir Path dir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    AtomicBoolean ready = new AtomicBoolean(false);
    InProcessEncoder encoder = new InProcessEncoder(EncoderVariant.INT8);
    try (LuceneIndex index = LuceneIndex.open(dir.resolve("index"), encoder.info());
        DefaultCamelContext camel = new DefaultCamelContext()) {
      VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
      conf.setBindHost("127.0.0.1");
      conf.setBindPort(port);
      camel.addService(new VertxPlatformHttpServer(conf), true, true);
      SourceIngestor ingestor =
          new SourceIngestor(DocumentFileReader.defaults(), new DocumentIngestor(encoder, index, SentenceChunker.defaults(), 8), DeadLetterLog.inDirectory(dir));
      try (ProcessRunner processes = new ProcessRunner(camel)) {
        HttpSettings settings = HttpSettings.local().withPort(port);
        camel.addRoutes(new HttpApiRoutes(processes, new ProcessStore(dir.resolve("processes")), ingestor, ready::get, settings, new ApiJson(json), java.util.Optional.empty(),
            new QueryAdmission(2, 8), new io.caravan.server.auth.KeyRateLimiter(0), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
        camel.start();
        String base = "http://127.0.0.1:" + port;

        HttpResponse<String> r = get(base + "/health/ready");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json.readTree(r.body()).get("status").textValue()).isEqualTo("NOT_READY");
        assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);
        // a starting instance is worth watching too
        assertThat(get(base + "/metrics").statusCode()).isEqualTo(200);

        HttpResponse<String> q = post(base + "/v1/query", "{\"query\": \"anything\"}");
        assertThat(q.statusCode()).isEqualTo(503);
        assertThat(q.headers().firstValue("Retry-After")).contains("5");
        JsonNode error = json.readTree(q.body()).get("error");
        assertThat(error.get("code").textValue()).isEqualTo("not_ready");
        assertThat(error.get("message").textValue()).contains("retry");
        assertThat(post(base + "/v1/documents", "{\"id\": \"d\", \"text\": \"t\"}").statusCode()).isEqualTo(503);
        assertThat(index.documentCount()).isZero();

        ready.set(true);
        assertThat(get(base + "/health/ready").statusCode()).isEqualTo(200);
      }
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
