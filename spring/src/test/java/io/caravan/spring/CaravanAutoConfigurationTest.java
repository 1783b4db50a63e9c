package io.caravan.spring;

import io.caravan.core.AttributeKey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.caravan.connectors.lucene.Bm25Retriever;
import io.caravan.connectors.lucene.LuceneIndex;
import io.caravan.core.Candidate;
import io.caravan.core.Citation;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.core.document.Document;
import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.Generator;
import io.caravan.core.spi.Reranker;
import io.caravan.core.spi.Retriever;
import io.caravan.core.spi.Step;
import io.caravan.ingest.ProgressListener;
import io.caravan.processes.DeployedProcess;
import io.caravan.processes.InvalidProcessException;
import io.caravan.runtime.Caravan;
import io.caravan.runtime.CaravanSettings;
import io.caravan.testing.HashingEncoder;
import io.caravan.testing.QuoteFirstGenerator;
import io.caravan.testing.ScriptedChatModel;
import io.caravan.testing.ShortestFirstReranker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * {@link CaravanAutoConfiguration} in real Spring contexts: settings from {@code caravan.*}
 * properties, the application's beans in place of the default parts, BPMN files from the classpath.
 * The feature-hashing encoder stands in for the ONNX model so no context loads one.
 */
class CaravanAutoConfigurationTest {

  private static final AttributeKey<List<String>> SOURCES = AttributeKey.of("sources", List.class);
  private static final AttributeKey<String> RERANKED_BY = AttributeKey.of("reranked-by", String.class);

  @TempDir Path data;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CaravanAutoConfiguration.class));

  private static final List<Document> DOCS = List.of(
      new Document("camels", "Camels", "Bactrian camels store fat in their two humps.", Map.of(), "test"),
      new Document("salt", "Salt", "Salt caravans crossed the Sahara to Timbuktu, salt for gold.", Map.of(), "test"),
      new Document("silk", "Silk", "Silk travelled west along the caravan roads.", Map.of(), "test"));

  @Configuration(proxyBeanMethods = false)
  static class HashingEncoderBean {
    @Bean
    HashingEncoder encoder() {
      return new HashingEncoder();
    }
  }

  /** The application's parts: every one replaces Caravan's default of its type. */
  @Configuration(proxyBeanMethods = false)
  static class ApplicationParts {
    @Bean
    HashingEncoder encoder() {
      return new HashingEncoder();
    }

    @Bean
    LuceneIndex index(Encoder encoder) {
      return LuceneIndex.inMemory("spring-test", encoder.info());
    }

    @Bean
    Retriever retriever(LuceneIndex index) {
      return new Bm25Retriever(index);
    }

    @Bean
    Reranker reranker() {
      return new ShortestFirstReranker("test-shortest-first");
    }

    @Bean
    Generator generator() {
      return new QuoteFirstGenerator("test-quote-first");
    }

    /** A step the test's BPMN file names: records the documents generation will see. */
    @Bean
    Step markSources() {
      return Step.of("mark-sources", s -> s.with(SOURCES, s.candidates().stream().map(Candidate::docId).toList()));
    }
  }

  @Test
  void caravanPropertiesAreTheSettingsAndTheBeanClosesWithTheContext() {
    AtomicReference<Caravan> made = new AtomicReference<>();
    runner
        .withUserConfiguration(HashingEncoderBean.class)
        .withPropertyValues("caravan.data=" + data, "caravan.retrieve.depth=7", "caravan.retriever=bm25", "caravan.reranker=none")
        // Spring's own mapping of environment variables: CARAVAN_GENERATE_CONTEXT is caravan.generate.context
        .withInitializer(ctx -> ctx.getEnvironment().getPropertySources()
            .addLast(new SystemEnvironmentPropertySource("test-environment", Map.of("CARAVAN_GENERATE_CONTEXT", "2"))))
        .run(ctx -> {
          assertThat(ctx).hasNotFailed().hasSingleBean(Caravan.class).hasSingleBean(CaravanSettings.class);
          Caravan caravan = ctx.getBean(Caravan.class);
          made.set(caravan);
          assertThat(caravan.settings()).isSameAs(ctx.getBean(CaravanSettings.class));
          assertThat(caravan.settings().retrieveDepth()).isEqualTo(7);
          assertThat(caravan.settings().generateContext()).isEqualTo(2);
          assertThat(caravan.settings().get("caravan.encoder")).as("a key no property sets keeps its default").isEqualTo("fp32");
          assertThat(data.resolve("index")).as("the index lives under caravan.data").isDirectory();

          caravan.ingestDocuments(DOCS, ProgressListener.NONE);
          RagState s = caravan.ask(Query.of("Which caravans crossed the Sahara with salt?"));
          assertThat(s.candidates()).first().satisfies(c -> {
            assertThat(c.docId()).isEqualTo("salt");
            assertThat(c.scores()).as("BM25 alone, no second stage").containsOnlyKeys(Bm25Retriever.NAME);
          });
          assertThat(s.answer().text()).contains("Timbuktu");
        });
    assertThat(made.get().ready()).as("closed with the context").isFalse();
  }

  @Test
  void aCaravanPropertyThatIsNoSettingStopsTheStartAndIsNamed() {
    runner
        .withUserConfiguration(HashingEncoderBean.class)
        .withPropertyValues("caravan.data=" + data, "caravan.encodr=int8")
        .run(ctx -> {
          assertThat(ctx).hasFailed();
          assertThat(ctx.getStartupFailure()).rootCause()
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageStartingWith("unknown setting 'caravan.encodr' in test;");
        });
  }

  @Test
  void theApplicationsBeansReplaceTheDefaultPartsAndItsStepRunsFromAClasspathBpmnFile() {
    runner
        .withUserConfiguration(ApplicationParts.class)
        .withPropertyValues("caravan.data=" + data, "caravan.spring.processes=classpath:processes/*.bpmn20.xml")
        .run(ctx -> {
          assertThat(ctx).hasNotFailed().hasSingleBean(Caravan.class);
          Caravan caravan = ctx.getBean(Caravan.class);
          assertThat(caravan.ingestDocuments(DOCS, ProgressListener.NONE).added()).isEqualTo(3);
          assertThat(ctx.getBean(LuceneIndex.class).documentCount()).as("the application's index holds the documents").isEqualTo(3);
          assertThat(ctx.getBean(HashingEncoder.class).encodedTexts()).as("the application's encoder encoded them").hasSize(3);
          assertThat(data.resolve("index")).as("no default index was opened").doesNotExist();
          assertThat(caravan.processes()).extracting(DeployedProcess::key).contains("rag", "marked-rag");

          RagState s = caravan.ask(Query.of("Which caravans crossed the Sahara with salt?", 2), "marked-rag");
          assertThat(s.trace().events()).extracting(TraceEvent::step).containsSubsequence("retrieve", "rerank", "generate");
          assertThat(s.candidates()).isNotEmpty().allSatisfy(c ->
              assertThat(c.scores()).as("the application's retriever and reranker, not hybrid and learned fusion")
                  .containsOnlyKeys(Bm25Retriever.NAME, "test-shortest-first"));
          assertThat(s.get(SOURCES).orElse(List.of())).as("the Step bean ran between rerank and generate")
              .isEqualTo(s.candidates().stream().map(Candidate::docId).toList());
          assertThat(s.answer().generator()).isEqualTo("test-quote-first");
          assertThat(s.answer().text()).isEqualTo(s.candidates().get(0).passage().text());
        });
    assertThat(data.resolve("index")).doesNotExist();
  }

  @Configuration(proxyBeanMethods = false)
  static class ChatModelAndRerankStep {
    @Bean
    ScriptedChatModel chatModel() {
      return ScriptedChatModel.always(request -> ChatResponse.builder().aiMessage(AiMessage.from("Fat, in their humps [1].")).build());
    }

    /** Named like the built-in step, so it replaces the built-in reranking in every process. */
    @Bean
    Step rerank() {
      return Step.of("rerank", s -> s.withCandidates(List.of(s.candidates().get(0))).with(RERANKED_BY, "application"));
    }
  }

  @Test
  void aChatModelBeanAnswersAndAStepBeanNamedLikeABuiltInStepReplacesIt() {
    runner
        .withUserConfiguration(HashingEncoderBean.class, ChatModelAndRerankStep.class)
        .withPropertyValues("caravan.data=" + data, "caravan.retriever=bm25")
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          Caravan caravan = ctx.getBean(Caravan.class);
          caravan.ingestDocuments(DOCS, ProgressListener.NONE);

          RagState s = caravan.ask(Query.of("What do camels store in their humps?"));
          assertThat(s.get(RERANKED_BY)).contains("application");
          assertThat(s.candidates()).hasSize(1).first().satisfies(c ->
              assertThat(c.scores()).as("the built-in learned-fusion reranker did not run").doesNotContainKey("learned-fusion"));
          assertThat(s.answer().generator()).isEqualTo("chat");
          assertThat(s.answer().text()).isEqualTo("Fat, in their humps [1].");
          assertThat(s.answer().citations()).extracting(Citation::docId).containsExactly("camels");
          List<ChatRequest> requests = ctx.getBean(ScriptedChatModel.class).requests();
          assertThat(requests).hasSize(1);
          assertThat(requests.get(0).messages()).last().isInstanceOfSatisfying(UserMessage.class, m ->
              assertThat(m.singleText()).contains("[1] Camels").endsWith("Question: What do camels store in their humps?"));
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnCaravan {
    @Bean(destroyMethod = "close")
    Caravan ownCaravan(@Value("${test.data}") String data) throws Exception {
      return Caravan.builder().dataDir(Path.of(data)).encoder(new HashingEncoder()).build();
    }
  }

  @Test
  void anApplicationsOwnCaravanBeanIsTheOneThereIs() {
    runner
        .withUserConfiguration(OwnCaravan.class)
        .withPropertyValues("test.data=" + data.resolve("own"), "caravan.data=" + data.resolve("auto"))
        .run(ctx -> {
          assertThat(ctx).hasNotFailed().hasSingleBean(Caravan.class).hasBean("ownCaravan");
          assertThat(ctx.getBean(Caravan.class).settings().dataDir()).isEqualTo(data.resolve("own"));
          assertThat(data.resolve("auto")).doesNotExist();
        });
  }

  @Test
  void aProcessPatternThatMatchesNothingStopsTheStartBeforeCaravanStarts() {
    runner
        .withUserConfiguration(HashingEncoderBean.class)
        .withPropertyValues("caravan.data=" + data, "caravan.spring.processes=classpath:nowhere/*.bpmn20.xml")
        .run(ctx -> {
          assertThat(ctx).hasFailed();
          assertThat(ctx.getStartupFailure()).rootCause()
              .hasMessage("caravan.spring.processes: no BPMN file matches 'classpath:nowhere/*.bpmn20.xml' (a pattern such as classpath:processes/*.bpmn20.xml)");
          assertThat(data.resolve("index")).as("nothing was opened").doesNotExist();
        });
  }

  @Test
  void anInvalidBpmnFileStopsTheStartAndClosesTheCaravanItWasFor() {
    runner
        .withUserConfiguration(HashingEncoderBean.class)
        .withPropertyValues("caravan.data=" + data, "caravan.spring.processes=classpath:invalid/*.bpmn20.xml")
        .run(ctx -> {
          assertThat(ctx).hasFailed();
          assertThat(ctx.getStartupFailure()).rootCause()
              .isInstanceOf(InvalidProcessException.class)
              .hasMessageContaining("unknown-step.bpmn20.xml")
              .hasMessageContaining("unknown step 'nobody-gave-this'");
        });
    // the index's write lock was released: the Caravan made for the failed start was closed
    try (LuceneIndex reopened = LuceneIndex.open(data.resolve("index"), new HashingEncoder().info())) {
      assertThat(reopened.documentCount()).isZero();
    }
  }
}
