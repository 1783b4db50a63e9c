package io.caravan.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.agents.mcp.RemoteMcpServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The caravan.mcp.* settings: the remote servers are checked when read, and every mistake names the key. */
class McpSettingsTest {

  @Test
  void noServersByDefaultAndABoundedTimeout() {
    assertThat(CaravanSettings.defaultsOnly().mcpServers()).isEmpty();
    assertThat(CaravanSettings.defaultsOnly().mcpTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void serversAreNameEqualsUrlInOrder() {
    CaravanSettings s = CaravanSettings.load(Optional.empty(),
        Map.of("CARAVAN_MCP_SERVERS", " travel=http://127.0.0.1:9000/mcp , docs-2=https://mcp.example.org/v1/mcp?team=a ", "CARAVAN_MCP_TIMEOUT_MS", "2500"));
    assertThat(s.mcpServers()).containsExactly(
        new RemoteMcpServer("travel", URI.create("http://127.0.0.1:9000/mcp")),
        new RemoteMcpServer("docs-2", URI.create("https://mcp.example.org/v1/mcp?team=a")));
    assertThat(s.mcpTimeout()).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void mistakesNameTheKeyAndWhatIsWrong() {
    for (Map.Entry<String, String> bad : List.of(
        Map.entry("travel", "expected name=url"),
        Map.entry("travel=ftp://host/mcp", "http:// or https://"),
        Map.entry("travel=http://user:secret@host/mcp", "credentials"),
        Map.entry("9lives=http://host/mcp", "letter"),
        Map.entry("a=http://h/mcp,a=http://g/mcp", "twice"))) {
      assertThatThrownBy(() -> CaravanSettings.defaultsOnly().with("caravan.mcp.servers", bad.getKey()).mcpServers())
          .hasMessageStartingWith("setting caravan.mcp.servers: ")
          .hasMessageContaining(bad.getValue())
          .hasMessageNotContaining("secret");
    }
    assertThatThrownBy(() -> CaravanSettings.defaultsOnly().with("caravan.mcp.timeout-ms", "0").mcpTimeout())
        .hasMessageContaining("caravan.mcp.timeout-ms");
  }
}
