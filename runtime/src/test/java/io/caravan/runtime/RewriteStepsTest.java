package io.caravan.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.connectors.generation.ChatModelSettings;
import io.caravan.connectors.lucene.Bm25Retriever;
import io.caravan.connectors.lucene.LuceneIndex;
import io.caravan.core.spi.EncoderInfo;
import io.caravan.core.spi.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rewrite nodes as the settings build them, and the settings' errors (no encoder needed under bm25). */
class RewriteStepsTest {

  @TempDir Path dir;

  private List<Step> build(CaravanSettings settings, Optional<ChatModelSettings> chat) {
    try (LuceneIndex index = LuceneIndex.open(dir.resolve("index"), new EncoderInfo("none", 4))) {
      return RewriteSteps.build(settings, index, null, new Bm25Retriever(index), chat);
    }
  }

  private static CaravanSettings bm25() {
    return CaravanSettings.defaultsOnly().with("caravan.retriever", "bm25");
  }

  @Test
  void theDefaultsBuildEveryRewriteNode() {
    assertThat(build(bm25(), Optional.empty())).extracting(Step::name)
        .containsExactly("term-specificity", "needs-rewrite", "rewrite", "decompose", "retrieve-decomposed", "prf", "retrieve-prf");
  }

  @Test
  void theLlmRewriterAndSplitterNeedAChatModel() {
    assertThatThrownBy(() -> build(bm25().with("caravan.rewrite.rewriter", "llm"), Optional.empty()))
        .hasMessageContaining("caravan.rewrite.rewriter=llm needs a chat model")
        .hasMessageContaining(ChatModelSettings.ENV_BASE_URL);
    assertThatThrownBy(() -> build(bm25().with("caravan.decompose.splitter", "llm"), Optional.empty()))
        .hasMessageContaining("caravan.decompose.splitter=llm needs a chat model");
    ChatModelSettings chat = new ChatModelSettings("http://127.0.0.1:9/v1", "some-model", "", Duration.ofSeconds(1), 0);
    List<Step> steps = build(bm25().with("caravan.rewrite.rewriter", "llm").with("caravan.decompose.splitter", "llm"), Optional.of(chat));
    assertThat(steps).extracting(Step::name).contains("rewrite", "retrieve-decomposed");
  }

  @Test
  void badValuesNameTheirSetting() {
    assertThatThrownBy(() -> build(bm25().with("caravan.prf.mode", "sometimes"), Optional.empty()))
        .hasMessageContaining("setting caravan.prf.mode").hasMessageContaining("always");
    assertThatThrownBy(() -> build(bm25().with("caravan.prf.max-gap", "wide"), Optional.empty()))
        .hasMessageContaining("setting caravan.prf.max-gap: not a number");
    assertThatThrownBy(() -> build(bm25().with("caravan.rewrite.decay", "2"), Optional.empty()))
        .hasMessageContaining("setting caravan.rewrite.decay: must be between");
    assertThatThrownBy(() -> build(bm25().with("caravan.decompose.fusion", "max"), Optional.empty()))
        .hasMessageContaining("setting caravan.decompose.fusion");
    assertThatThrownBy(() -> bm25().with("caravan.prf.fbdocs", "3")).hasMessageContaining("unknown setting 'caravan.prf.fbdocs'");
  }
}
