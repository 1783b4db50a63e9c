package io.caravan.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.runtime.Caravan;
import io.caravan.runtime.CaravanSettings;
import io.caravan.testing.LocalModelFile;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole way round on the real Qwen2.5 0.5B model: the {@code tool-agent} process retrieves the
 * tools of a remote MCP server from Caravan's tool index, the model calls one, the call goes to the
 * server over HTTP ({@code tools/call}), and the model answers from what came back.
 */
@TestInstance(Lifecycle.PER_CLASS)
class McpToolAgentOnLlmTest {

  @TempDir static Path data;

  private TravelMcpServer travel;
  private Caravan caravan;

  @BeforeAll
  void start() throws Exception {
    Path model = LocalModelFile.pathOrSkip();
    travel = new TravelMcpServer();
    CaravanSettings settings = CaravanSettings.defaultsOnly()
        .with("caravan.data", data.toString())
        .with("caravan.encoder", "int8")
        .with("caravan.generator", "llm")
        .with("caravan.llm.model-file", model.toString())
        .with("caravan.llm.max-tokens", "48")
        // a CPU-only machine needs seconds per turn; the default 30 s is for retrieval processes
        .with("caravan.query.timeout-ms", "300000")
        .with("caravan.query.max-timeout-ms", "300000")
        .with("caravan.mcp.servers", "travel=" + travel.url());
    caravan = Caravan.fromSettings(settings, Map.of());
  }

  @AfterAll
  void stop() {
    try {
      if (caravan != null) {
        caravan.close();
      }
    } finally {
      if (travel != null) {
        travel.close();
      }
    }
  }

  @Test
  void theAgentCallsTheRemoteToolAndAnswersFromItsResult() {
    RagState s = caravan.processRunner().run("tool-agent", RagState.start(Query.of("What is the weather in Oslo today?")));
    assertThat(travel.received()).as(s.trace().render(20)).anySatisfy(call -> assertThat(call).startsWith("weather_forecast ").contains("Oslo"));
    assertThat(s.answer().text()).containsIgnoringCase("rain");
  }
}
