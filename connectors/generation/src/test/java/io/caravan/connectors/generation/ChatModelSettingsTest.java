package io.caravan.connectors.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.caravan.core.Candidate;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChatModelSettingsTest {

  @Test
  void readsTheEnvironment() {
    assertThat(ChatModelSettings.fromEnvironment(Map.of())).isEmpty();
    assertThat(ChatModelSettings.fromEnvironment(Map.of("CARAVAN_LLM_BASE_URL", " ", "CARAVAN_LLM_API_KEY", "k"))).isEmpty();

    ChatModelSettings minimal =
        ChatModelSettings.fromEnvironment(
                Map.of("CARAVAN_LLM_BASE_URL", "http://localhost:11434/v1", "CARAVAN_LLM_MODEL", " llama3.1 "))
            .orElseThrow();
    assertThat(minimal)
        .isEqualTo(new ChatModelSettings("http://localhost:11434/v1", "llama3.1", "", Duration.ofSeconds(60), 0.0));

    Optional<ChatModelSettings> full =
        ChatModelSettings.fromEnvironment(
            Map.of(
                "CARAVAN_LLM_BASE_URL", "https://api.example.com/v1",
                "CARAVAN_LLM_MODEL", "gpt-4o-mini",
                "CARAVAN_LLM_API_KEY", "sk-very-secret",
                "CARAVAN_LLM_TIMEOUT_SECONDS", "15",
                "CARAVAN_LLM_TEMPERATURE", "0.7"));
    assertThat(full).hasValueSatisfying(s -> {
      assertThat(s.apiKey()).isEqualTo("sk-very-secret");
      assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(15));
      assertThat(s.temperature()).isEqualTo(0.7);
      assertThat(s.toString()).doesNotContain("sk-very-secret").contains("apiKey=(set)");
      assertThat(s.describe()).isEqualTo("gpt-4o-mini at https://api.example.com/v1");
    });
  }

  @Test
  void rejectsHalfOrBadConfiguration() {
    assertThatThrownBy(() -> ChatModelSettings.fromEnvironment(Map.of("CARAVAN_LLM_MODEL", "llama3.1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CARAVAN_LLM_MODEL is set but CARAVAN_LLM_BASE_URL is not: set both to use a chat model, or neither");
    Map<String, String> base = Map.of("CARAVAN_LLM_BASE_URL", "http://h/v1", "CARAVAN_LLM_MODEL", "m");
    assertThatThrownBy(() -> ChatModelSettings.fromEnvironment(with(base, "CARAVAN_LLM_TIMEOUT_SECONDS", "1m")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CARAVAN_LLM_TIMEOUT_SECONDS");
    assertThatThrownBy(() -> ChatModelSettings.fromEnvironment(with(base, "CARAVAN_LLM_TIMEOUT_SECONDS", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout must be positive");
    assertThatThrownBy(() -> ChatModelSettings.fromEnvironment(with(base, "CARAVAN_LLM_TEMPERATURE", "3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("temperature");
    assertThatThrownBy(() -> ChatModelSettings.fromEnvironment(with(base, "CARAVAN_LLM_BASE_URL", "localhost:8000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http(s) URL");
  }

  @Test
  void aModelBuiltForAnUnreachableServerFailsClearlyAndQuickly() {
    ChatModelSettings settings =
        new ChatModelSettings("http://127.0.0.1:9/v1", "test-model", "sk-never-shown", Duration.ofSeconds(2), 0.0);
    ChatModelGenerator generator = ChatModelGenerator.of(settings);
    Passage p = new Passage("d#0", "d", "", "Some text.", 0, 10, Map.of());

    // port 9 refuses connections; if something listened, the 2 s timeout still ends the call
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () ->
            assertThatThrownBy(() -> generator.generate(Query.of("Anything?"), List.of(Candidate.of(p, "bm25", 1.0))))
                .isInstanceOf(ChatModelException.class)
                .hasMessageStartingWith("chat model test-model at http://127.0.0.1:9/v1 failed after")
                .hasMessageContaining("ConnectException")
                .hasMessageNotContaining("sk-never-shown"));
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> out = new java.util.HashMap<>(base);
    out.put(key, value);
    return out;
  }
}
