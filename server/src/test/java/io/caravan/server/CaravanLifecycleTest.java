package io.caravan.server;

import io.caravan.runtime.Caravan;
import io.caravan.runtime.CaravanSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assembly across restarts, on the real stack: what one instance wrote is there for the next
 * one on the same data folder, an index refuses an encoder other than the one that built it, and a
 * server without an admin key refuses deployments.
 */
class CaravanLifecycleTest {

  @TempDir Path data;

  private CaravanSettings settings(String encoder) {
    return CaravanSettings.defaultsOnly()
        .with("caravan.data", data.toString())
        .with("caravan.encoder", encoder)
        .with("caravan.http.port", "0")
            .with("caravan.http.auth", "open");
  }

  @Test
  void documentsWrittenThroughTheEndpointOutliveTheInstance() throws Exception {
    String text = "The salt caravan from Taghaza rested at the well of Bir Ounane for two nights.";
    try (Caravan served = Caravan.fromSettings(settings("int8"), Map.of());
        CaravanServer server = CaravanServer.start(served, HttpSettings.from(served.settings()))) {
      ApiClient api = new ApiClient(server.port());
      // no admin key configured: deploying is switched off, not open to anyone
      api.post("/v1/processes?name=x.bpmn20.xml", BodyPublishers.ofString("<definitions/>"), Map.of("Content-Type", "application/xml"))
          .assertError(403, "admin_disabled");
      JsonNode report =
          api.postJson(
                  "/v1/documents",
                  Map.of(
                      "documents",
                      List.of(
                          Map.of("id", "taghaza", "title", "Taghaza", "text", text),
                          Map.of("id", "oualata", "title", "Oualata", "text", "Oualata was a walled trading town on the southern edge of the Sahara."))))
              .json();
      assertThat(report.get("added").intValue()).isEqualTo(2);
      assertThat(served.documentCount()).isEqualTo(2);
    }

    try (Caravan reopened = Caravan.fromSettings(settings("int8"), Map.of())) {
      assertThat(reopened.documentCount()).isEqualTo(2);
      RagState s = reopened.ask(Query.of("Where did the salt caravan from Taghaza rest?", 3), null);
      assertThat(s.candidates().get(0).docId()).isEqualTo("taghaza");
      assertThat(s.answer().citations()).isNotEmpty();
      assertThat(s.answer().citations().get(0).quote()).isEqualTo(text.substring(s.answer().citations().get(0).start(), s.answer().citations().get(0).end()));
      assertThat(reopened.delete("oualata")).isTrue();
    }

    try (Caravan third = Caravan.fromSettings(settings("int8"), Map.of())) {
      assertThat(third.documentCount()).isEqualTo(1);
    }
  }

  @Test
  void anIndexBuiltWithOneEncoderRefusesTheOther() throws Exception {
    try (Caravan int8 = Caravan.fromSettings(settings("int8"), Map.of())) {
      assertThat(int8.documentCount()).isZero();
    }

    assertThatThrownBy(() -> Caravan.fromSettings(settings("fp32"), Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'all-minilm-l6-v2-q'")
        .hasMessageContaining("'all-minilm-l6-v2'")
        .hasMessageContaining("reindex");

    // the refused open released the index: the right encoder still opens it
    try (Caravan again = Caravan.fromSettings(settings("int8"), Map.of())) {
      assertThat(again.ready()).isTrue();
    }
  }
}
