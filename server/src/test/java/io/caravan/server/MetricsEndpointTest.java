package io.caravan.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.runtime.CaravanSettings;
import io.caravan.server.auth.ApiKeys;
import io.caravan.server.auth.Principal;
import io.caravan.server.auth.Scope;
import java.security.SecureRandom;
import java.util.Set;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} on the real stack: a document batch, queries through two processes and
 * requests that fail are made over HTTP, then the Prometheus text is parsed and each series is
 * checked against what was sent: requests by route template and status, runs, steps and
 * decisions, retrievals and generations per run, ingestion, the index's size and the JVM.
 */
@TestInstance(Lifecycle.PER_CLASS)
class MetricsEndpointTest {

  private static final String QUESTION = "Which animal stores fat in its humps?";

  @TempDir static Path data;

  private static final String APP_KEY = ApiKeys.newKey(new SecureRandom());
  private static final String SCRAPER_KEY = ApiKeys.newKey(new SecureRandom());

  private ServedCaravan served;
  private ApiClient api;
  private ApiClient scraper;

  @BeforeAll
  void start() throws Exception {
    served = ServedCaravan.start(CaravanSettings.defaultsOnly()
        .with("caravan.data", data.toString())
        .with("caravan.encoder", "int8")
        .with("caravan.http.port", "0")
        .with("caravan.http.api-keys", ApiKeys.entryLine(APP_KEY, new Principal("app", "default", Set.of(Scope.QUERY, Scope.INGEST), Set.of()))
            + ";" + ApiKeys.entryLine(SCRAPER_KEY, new Principal("prometheus", "default", Set.of(Scope.ADMIN), Set.of()))));
    api = new ApiClient(served.httpPort()).withKey(APP_KEY);
    scraper = new ApiClient(served.httpPort()).withKey(SCRAPER_KEY);
  }

  @AfterAll
  void stop() {
    served.close();
  }

  @Test
  void theScrapeCountsWhatWasAskedByRouteProcessStepAndDecision() {
    ApiClient.Reply ingest = api.postJson("/v1/documents", Map.of("documents", List.of(
        Map.of("id", "camels", "title", "Camels", "text", "Bactrian camels store fat in their two humps. The fat feeds them in the desert."),
        Map.of("id", "salt", "title", "Salt", "text", "Salt caravans crossed the Sahara to reach Timbuktu."))));
    assertThat(ingest.status()).isEqualTo(200);
    for (int i = 0; i < 3; i++) {
      assertThat(api.postJson("/v1/query", Map.of("query", QUESTION)).status()).isEqualTo(200);
    }
    assertThat(api.postJson("/v1/query", Map.of("query", QUESTION, "process", "adaptive-rag")).status()).isEqualTo(200);
    api.postJson("/v1/query", Map.of("query", QUESTION, "process", "no-such-process")).assertError(404, "unknown_process");
    api.delete("/v1/documents/no-such-document").assertError(404, "unknown_document");
    api.get("/no/such/path").assertError(404, "not_found");

    Scrape s = scrapeUntil(m -> m.sum("http_server_requests_seconds_count", "route", "unmatched") >= 1);

    assertThat(s.sum("http_server_requests_seconds_count", "method", "POST", "route", "/v1/query", "status", "200")).isEqualTo(4);
    assertThat(s.sum("http_server_requests_seconds_count", "method", "POST", "route", "/v1/query", "status", "404")).isEqualTo(1);
    assertThat(s.sum("http_server_requests_seconds_count", "method", "POST", "route", "/v1/documents", "status", "200")).isEqualTo(1);
    assertThat(s.sum("http_server_requests_seconds_count", "method", "DELETE", "route", "/v1/documents/{id}", "status", "404")).isEqualTo(1);
    assertThat(s.sum("http_server_requests_seconds_count", "method", "GET", "route", "unmatched", "status", "404")).isEqualTo(1);
    // raw paths are never route values
    assertThat(s.labelValues("http_server_requests_seconds_count", "route")).doesNotContain("/no/such/path", "/v1/documents/no-such-document");

    assertThat(s.sum("caravan_query_seconds_count", "process", "rag", "outcome", "finished")).isEqualTo(3);
    assertThat(s.sum("caravan_query_seconds_bucket", "process", "rag", "outcome", "finished", "le", "+Inf")).isEqualTo(3);
    assertThat(s.sum("caravan_query_seconds_count", "process", "adaptive-rag", "outcome", "finished")).isEqualTo(1);
    assertThat(s.sum("caravan_query_seconds_count", "process", "unknown", "outcome", "unknown_process")).isEqualTo(1);
    for (String step : List.of("retrieve", "rerank", "generate")) {
      assertThat(s.sum("caravan_step_seconds_count", "process", "rag", "step", step)).as(step).isEqualTo(3);
    }
    assertThat(s.sum("caravan_step_seconds_count", "process", "adaptive-rag", "step", "query-features")).isEqualTo(1);
    // the adaptive-depth policy chose at least once in the one adaptive-rag run, and each choice is a series
    assertThat(s.sum("caravan_decision_seconds_count", "process", "adaptive-rag", "policy", "adaptive-depth")).isGreaterThanOrEqualTo(1);
    assertThat(s.labelValues("caravan_decision_seconds_count", "choice")).isNotEmpty();
    assertThat(s.sum("caravan_query_decided_seconds_count", "process", "adaptive-rag", "policy", "adaptive-depth")).isGreaterThanOrEqualTo(1);
    assertThat(s.sum("caravan_query_retrievals_count", "process", "rag")).isEqualTo(3);
    assertThat(s.sum("caravan_query_retrievals_sum", "process", "rag")).isEqualTo(3);
    assertThat(s.sum("caravan_query_generations_sum", "process", "rag")).isEqualTo(3);

    assertThat(s.sum("caravan_ingest_documents_total", "result", "added")).isEqualTo(2);
    assertThat(s.sum("caravan_ingest_documents_total", "result", "failed")).isZero();
    assertThat(s.sum("caravan_ingest_chunks_total")).isGreaterThanOrEqualTo(2);
    assertThat(s.sum("caravan_index_documents")).isEqualTo(2);
    assertThat(s.sum("caravan_index_chunks")).isEqualTo(s.sum("caravan_ingest_chunks_total"));

    assertThat(s.sum("jvm_memory_used_bytes")).isPositive();
    assertThat(s.sum("jvm_threads_live_threads")).isPositive();
    assertThat(s.sum("jvm_classes_loaded_classes")).isPositive();
    assertThat(s.sum("system_cpu_count")).isPositive();
    assertThat(s.names()).anyMatch(n -> n.startsWith("jvm_gc_"));

    assertThat(s.text()).doesNotContain("humps");
  }

  @Test
  void theScrapeNeedsAKeyWithScopeAdmin() {
    new ApiClient(served.httpPort()).get("/metrics").assertError(401, "unauthorized");
    api.get("/metrics").assertError(403, "forbidden");
  }

  @Test
  void theScrapeIsPrometheusTextAndCountsItself() {
    ApiClient.Reply first = scraper.get("/metrics");
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.contentType()).startsWith("text/plain; version=0.0.4");
    double before = Scrape.parse(first.body()).sum("http_server_requests_seconds_count", "route", "/metrics", "status", "200");
    Scrape after = scrapeUntil(m -> m.sum("http_server_requests_seconds_count", "route", "/metrics", "status", "200") >= before + 2);
    assertThat(after.sum("http_server_requests_seconds_count", "route", "/metrics", "status", "200")).isEqualTo(before + 2);
    assertThat(scraper.postJson("/metrics", "{}").status()).isEqualTo(405);
  }

  /**
   * Scrapes until {@code ready} holds, for at most five seconds: a request is counted when its
   * response has ended on the server, which may be just after the client read it.
   */
  private Scrape scrapeUntil(Predicate<Scrape> ready) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (true) {
      ApiClient.Reply r = scraper.get("/metrics");
      assertThat(r.status()).isEqualTo(200);
      Scrape s = Scrape.parse(r.body());
      if (ready.test(s) || System.nanoTime() > deadline) {
        return s;
      }
    }
  }

  /** The samples of a Prometheus text exposition: name, labels, value. */
  record Scrape(String text, List<Sample> samples) {

    private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)(?: \\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    record Sample(String name, Map<String, String> labels, double value) {}

    static Scrape parse(String text) {
      List<Sample> samples = new ArrayList<>();
      for (String line : text.split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        Matcher m = LINE.matcher(line);
        assertThat(m.matches()).as("a sample line: %s", line).isTrue();
        Map<String, String> labels = new LinkedHashMap<>();
        if (m.group(2) != null) {
          Matcher l = LABEL.matcher(m.group(2));
          while (l.find()) {
            labels.put(l.group(1), l.group(2));
          }
        }
        samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
      }
      return new Scrape(text, samples);
    }

    /** The sum of the samples named {@code name} whose labels include {@code labelPairs}. */
    double sum(String name, String... labelPairs) {
      return samples.stream().filter(s -> s.name().equals(name) && has(s, labelPairs)).mapToDouble(Sample::value).sum();
    }

    List<String> labelValues(String name, String label) {
      return samples.stream().filter(s -> s.name().equals(name)).map(s -> s.labels().get(label)).distinct().toList();
    }

    List<String> names() {
      return samples.stream().map(Sample::name).distinct().toList();
    }

    private static boolean has(Sample s, String... pairs) {
      for (int i = 0; i < pairs.length; i += 2) {
        if (!pairs[i + 1].equals(s.labels().get(pairs[i]))) {
          return false;
        }
      }
      return true;
    }
  }
}
