package io.caravan.server;

import io.caravan.runtime.CaravanSettings;


import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.server.ApiClient.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/documents} is not atomic: documents are committed a few at a time, so a client
 * that lost the answer may find part of a batch stored. What makes that safe is that each document
 * gets its own result and a retry of the whole batch stores nothing twice (unchanged documents are
 * skipped by content hash). The batches here commit two chunks at a time, as a killed server would
 * leave them, and some documents fail in the index itself (a metadata value Lucene cannot hold).
 */
class DocumentBatchTest {

  @TempDir Path data;

  private ServedCaravan caravan;
  private ApiClient api;

  @BeforeEach
  void start() throws Exception {
    caravan = ServedCaravan.start(
        CaravanSettings.defaultsOnly()
            .with("caravan.data", data.toString())
            .with("caravan.encoder", "int8")
            .with("caravan.http.port", "0")
            .with("caravan.http.auth", "open")
            .with("caravan.ingest.batch", "2"));
    api = new ApiClient(caravan.httpPort());
  }

  @AfterEach
  void stop() {
    caravan.close();
  }

  private static Map<String, Object> good(String id, String text) {
    return Map.of("id", id, "title", id, "text", text, "metadata", Map.of("batch", "dunes"));
  }

  /** A document the index refuses: Lucene keeps no exact term over 32,766 bytes. */
  private static Map<String, Object> bad(String id) {
    return Map.of("id", id, "title", id, "text", "A perfectly ordinary text.", "metadata", Map.of("batch", "dunes", "note", "x".repeat(40_000)));
  }

  private static final List<Map<String, Object>> BATCH = List.of(
      good("erg", "An erg is a broad sea of wind-swept sand dunes."),
      bad("too-long-1"),
      good("reg", "A reg is a desert plain covered with closely packed gravel."),
      good("hamada", "A hamada is a barren plateau of bare rock."),
      bad("too-long-2"),
      good("wadi", "A wadi is a valley that is dry except in the rainy season."));

  private static final List<String> GOOD = List.of("erg", "reg", "hamada", "wadi");

  private JsonNode post(List<Map<String, Object>> documents) {
    Reply r = api.postJson("/v1/documents", Map.of("documents", documents));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private static List<String> outcomes(JsonNode report) {
    List<String> out = new ArrayList<>();
    for (JsonNode d : report.get("documents")) {
      out.add(d.get("id").textValue() + ":" + d.get("outcome").textValue());
    }
    return out;
  }

  /** The passages of the batch's documents: one chunk each, so each document exactly once. */
  private List<String> storedDocIds() {
    Reply r = api.postJson("/v1/query", Map.of("query", "desert sand gravel rock valley dunes", "k", 50, "filters", Map.of("batch", "dunes")));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("passages").findValuesAsText("docId");
  }

  @Test
  void eachDocumentGetsItsOwnResultAndARetryOfTheWholeBatchStoresNothingTwice() {
    JsonNode first = post(BATCH);
    assertThat(outcomes(first)).containsExactly(
        "erg:added", "too-long-1:failed", "reg:added", "hamada:added", "too-long-2:failed", "wadi:added");
    JsonNode failed = first.get("documents").get(1);
    assertThat(failed.get("reason").textValue()).contains("index rejected the document").contains("metadata value of note");
    assertThat(first.get("documents").get(0).get("chunks").intValue()).isEqualTo(1);
    assertThat(first.get("documents").get(0).get("reason").isNull()).isTrue();
    assertThat(first.get("added").intValue()).isEqualTo(4);
    assertThat(first.get("failed").intValue()).isEqualTo(2);

    JsonNode retry = post(BATCH);
    assertThat(outcomes(retry)).containsExactly(
        "erg:skipped", "too-long-1:failed", "reg:skipped", "hamada:skipped", "too-long-2:failed", "wadi:skipped");
    assertThat(retry.get("added").intValue()).isZero();
    assertThat(retry.get("skipped").intValue()).isEqualTo(4);
    assertThat(retry.get("chunks").intValue()).isZero();

    assertThat(caravan.documentCount()).isEqualTo(GOOD.size());
    assertThat(storedDocIds()).containsExactlyInAnyOrderElementsOf(GOOD);
  }

  @Test
  void aRetryAfterALostAnswerStoresOnlyWhatWasMissing() {
    // what a killed server leaves: the batches committed before it died, while the client saw a disconnect
    post(List.of(BATCH.get(0), BATCH.get(2)));

    JsonNode retry = post(BATCH);
    assertThat(outcomes(retry)).containsExactly(
        "erg:skipped", "too-long-1:failed", "reg:skipped", "hamada:added", "too-long-2:failed", "wadi:added");
    assertThat(caravan.documentCount()).isEqualTo(GOOD.size());
    assertThat(storedDocIds()).containsExactlyInAnyOrderElementsOf(GOOD);
  }

  @Test
  void aChangedDocumentIsUpdatedAndADuplicateIdInOneBatchFailsTheEarlierOne() {
    post(List.of(BATCH.get(0)));
    JsonNode report = post(List.of(
        good("erg", "An erg is a sand sea; the Grand Erg Oriental is one."),
        good("oasis", "An oasis is fed by groundwater."),
        good("oasis", "An oasis is a fertile spot fed by groundwater.")));

    assertThat(outcomes(report)).containsExactly("erg:updated", "oasis:failed", "oasis:added");
    assertThat(report.get("documents").get(1).get("reason").textValue()).contains("duplicate document id 'oasis'");
  }
}
