package io.caravan.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.Citation;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.core.document.Document;
import io.caravan.core.spi.GenerationListener;
import io.caravan.ingest.ProgressListener;
import io.caravan.testing.HashingEncoder;
import io.caravan.testing.LocalModelFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * caravan.generator=llm end to end on the real Qwen2.5 0.5B model: the bundled rag process answers
 * with a generated, cited answer and streams it. The encoder is the hashing test encoder only to
 * keep the test from loading a second model; retrieval still runs on Lucene.
 */
class CaravanLlmTest {

  @TempDir Path data;

  private static final List<Document> DOCS = List.of(
      new Document("camels", "Bactrian camels", "Bactrian camels have two humps. The humps store fat, not water.", Map.of(), "test"),
      new Document("salt", "Salt trade", "Salt caravans crossed the Sahara desert to reach Timbuktu.", Map.of(), "test"));

  @Test
  void theRagProcessAnswersWithTheInProcessModelAndStreamsIt() throws Exception {
    Path model = LocalModelFile.pathOrSkip();
    CaravanSettings settings = CaravanSettings.defaultsOnly()
        .with("caravan.data", data.toString())
        .with("caravan.generator", "llm")
        .with("caravan.llm.model-file", model.toString())
        .with("caravan.llm.max-tokens", "32")
        .with("caravan.generate.context", "2");
    try (Caravan caravan = Caravan.builder().settings(settings).encoder(new HashingEncoder(64)).build()) {
      caravan.ingestDocuments(DOCS, ProgressListener.NONE);
      List<String> events = new ArrayList<>();
      RagState state = caravan.ask(Query.of("What do the humps of a Bactrian camel store?"), "rag", new GenerationListener() {
        @Override
        public void started(String generator) {
          events.add("started:" + generator);
        }

        @Override
        public void token(String piece) {
          events.add(piece);
        }
      });

      assertThat(caravan.describeGenerator()).contains("LlamaGenerator");
      assertThat(state.answer().generator()).isEqualTo("llm");
      assertThat(state.answer().text().toLowerCase()).contains("fat");
      assertThat(state.answer().citations()).extracting(Citation::docId).contains("camels");
      assertThat(events.get(0)).isEqualTo("started:llm");
      assertThat(events.size()).isGreaterThan(2);
      TraceEvent generate = state.trace().events().stream().filter(e -> e.step().equals("generate")).findFirst().orElseThrow();
      assertThat(generate.inputs()).containsKeys("tokens", "mean_token_entropy", "min_token_probability", "support");
    }
  }

  @Test
  void askingForTheModelWithoutItSaysHowToGetIt() {
    CaravanSettings settings = CaravanSettings.defaultsOnly()
        .with("caravan.data", data.toString())
        .with("caravan.generator", "llm")
        .with("caravan.llm.model-file", data.resolve("absent.gguf").toString());
    assertThatThrownBy(() -> Caravan.builder().settings(settings).encoder(new HashingEncoder(64)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absent.gguf")
        .hasMessageContaining("scripts/llm-model.sh");
    CaravanSettings chat = CaravanSettings.defaultsOnly().with("caravan.data", data.toString()).with("caravan.generator", "chat");
    assertThatThrownBy(() -> Caravan.builder().settings(chat).encoder(new HashingEncoder(64)).build())
        .hasMessageContaining("caravan.generator=chat needs a chat model");
    assertThatThrownBy(() -> CaravanSettings.defaultsOnly().with("caravan.generator", "gpt").generator())
        .hasMessageContaining("caravan.generator");
  }
}
