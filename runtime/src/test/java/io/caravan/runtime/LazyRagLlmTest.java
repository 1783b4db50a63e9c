package io.caravan.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.core.Decision;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.ingest.ProgressListener;
import io.caravan.policies.depth.AdaptiveDepthPolicy;
import io.caravan.policies.depth.DepthThresholds;
import io.caravan.testing.LocalModelFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lazy-rag with the real in-process model ({@code caravan.generator=llm}, the GGUF file {@link
 * LocalModelFile} finds; skipped without it): the answer-first decision reads the model's own token
 * signals, and whether the run retrieved follows from them. One short question, 16 tokens.
 */
class LazyRagLlmTest {

  @TempDir Path data;

  @Test
  void theRealModelsTokenSignalsDecideWhetherLazyRagRetrieves() throws Exception {
    Path model = LocalModelFile.pathOrSkip();
    CaravanSettings settings = CaravanSettings.defaultsOnly().with("caravan.data", data.toString()).with("caravan.encoder", "int8")
        .with("caravan.generator", "llm").with("caravan.llm.model-file", model.toString()).with("caravan.llm.max-tokens", "16");
    try (Caravan caravan = Caravan.fromSettings(settings, Map.of())) {
      caravan.ingest(Path.of("../examples/sample-corpus/docs/bactrian-camels.md"), ProgressListener.NONE);
      RagState s = caravan.ask(Query.of("How many humps does a Bactrian camel have?", 3), "lazy-rag");
      List<Decision<?>> ds = s.trace().events().stream().map(TraceEvent::decision)
          .filter(d -> d != null && d.policy().equals(AdaptiveDepthPolicy.NAME)).toList();
      Decision<?> first = ds.get(0);
      assertThat(first.signals()).containsEntry("phase", "answer-first").containsKeys("mean_token_entropy", "min_token_probability");
      assertThat((Integer) first.signals().get("tokens")).isBetween(1, 16);
      DepthThresholds t = settings.depthThresholds();
      boolean uncertain = (Double) first.signals().get("mean_token_entropy") > t.maxTokenEntropy()
          || (Double) first.signals().get("min_token_probability") < t.minTokenProbability();
      assertThat(first.choice()).isEqualTo(uncertain ? AdaptiveDepthPolicy.SINGLE_STEP : AdaptiveDepthPolicy.NO_RETRIEVAL);
      if (!uncertain) {
        assertThat(s.retrievalCalls()).isZero();
      } else if (ds.get(1).choice().equals(AdaptiveDepthPolicy.MULTI_STEP)) {
        assertThat(s.trace().events().stream().map(TraceEvent::step)).contains("notes", "use-notes");
      } else {
        assertThat(s.retrievalCalls()).isEqualTo(1);
      }
      assertThat(s.answer().signals().tokens()).isPositive();
    }
  }
}
