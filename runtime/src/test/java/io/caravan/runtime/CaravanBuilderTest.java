package io.caravan.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.AttributeKey;
import io.caravan.core.Candidate;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.core.document.EncodedChunk;
import io.caravan.core.spi.Generator;
import io.caravan.core.spi.Reranker;
import io.caravan.core.spi.Retriever;
import io.caravan.ingest.IngestReport;
import io.caravan.ingest.ProgressListener;
import io.caravan.processes.InvalidProcessException;
import io.caravan.testing.HashingEncoder;
import io.caravan.testing.InMemoryDocumentIndex;
import io.caravan.testing.QuoteFirstGenerator;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Caravan#builder()} with every part replaced: the index, the encoder, the retriever, the
 * reranker and the generator are test implementations (no model is loaded), a Java step given to
 * the builder runs from a BPMN file, and a Camel route given to it is a step too.
 */
class CaravanBuilderTest {

  @TempDir Path data;

  private static final AttributeKey<Integer> TAGGED = AttributeKey.of("tagged", Integer.class);

  private static final List<io.caravan.core.document.Document> DOCS = List.of(
      new io.caravan.core.document.Document("camels", "Camels", "Bactrian camels store fat in their two humps.", java.util.Map.of(), "test"),
      new io.caravan.core.document.Document("salt", "Salt", "Salt caravans crossed the Sahara desert to reach Timbuktu and its markets.", java.util.Map.of(), "test"),
      new io.caravan.core.document.Document("silk", "Silk", "Silk travelled west along the caravan roads.", java.util.Map.of(), "test"));

  /** TEST IMPLEMENTATION of the Retriever SPI: counts the query's words in each stored chunk. */
  private record WordOverlapRetriever(InMemoryDocumentIndex index) implements Retriever {
    @Override
    public String name() {
      return "word-overlap";
    }

    @Override
    public List<Candidate> retrieve(Query query) {
      Set<String> words = words(query.text());
      List<Candidate> out = new ArrayList<>();
      for (EncodedChunk c : index.allChunks()) {
        long hits = words(c.passage().text()).stream().filter(words::contains).count();
        if (hits > 0) {
          out.add(Candidate.of(c.passage(), name(), hits));
        }
      }
      out.sort(Candidate.RANKING);
      return Candidate.top(out, query.k());
    }

    private static Set<String> words(String text) {
      return Set.of(text.toLowerCase(Locale.ROOT).split("[^a-z]+")).stream().filter(w -> w.length() > 2).collect(Collectors.toSet());
    }
  }

  /** TEST IMPLEMENTATION of the Reranker SPI: longer passages first, so the test sees it ran. */
  private static final Reranker LONGEST_FIRST = new Reranker() {
    @Override
    public String name() {
      return "longest-first";
    }

    @Override
    public List<Candidate> rerank(Query query, List<Candidate> candidates, int k) {
      return candidates.stream()
          .map(c -> c.withScore(name(), c.passage().text().length()))
          .sorted(Comparator.comparingDouble(Candidate::score).reversed())
          .limit(k)
          .toList();
    }
  };

  private static final Generator QUOTE_FIRST = new QuoteFirstGenerator("quote-first");

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(CaravanBuilderTest.class.getResource(name).toURI());
  }

  @Test
  void everyPartCanBeReplacedAndAJavaStepRunsFromBpmn() throws Exception {
    InMemoryDocumentIndex index = new InMemoryDocumentIndex();
    HashingEncoder encoder = new HashingEncoder();
    try (Caravan caravan = Caravan.builder()
            .dataDir(data)
            .index(index)
            .encoder(encoder)
            .retriever(new WordOverlapRetriever(index))
            .reranker(LONGEST_FIRST)
            .generator(QUOTE_FIRST)
            .step("tag-candidates", s -> s.with(TAGGED, s.candidates().size()))
            .process(resource("tagged-rag.bpmn20.xml"))
            .build()) {
      IngestReport report = caravan.ingestDocuments(DOCS, ProgressListener.NONE);
      assertThat(report.added()).isEqualTo(3);
      assertThat(index.documentCount()).isEqualTo(3);
      assertThat(encoder.encodedTexts()).hasSize(3);

      RagState s = caravan.ask(Query.of("Which caravans crossed the Sahara with salt?", 2), "tagged-rag");
      assertThat(s.trace().events()).extracting(TraceEvent::step).containsExactly("retrieve", "tag-candidates", "rerank", "generate");
      assertThat(s.get(TAGGED)).contains(2);
      assertThat(s.candidates()).first().satisfies(c -> {
        assertThat(c.docId()).isEqualTo("salt");
        assertThat(c.scores()).containsKeys("word-overlap", "longest-first");
      });
      assertThat(s.candidates()).extracting(c -> c.passage().text().length()).isSortedAccordingTo(Comparator.reverseOrder());
      assertThat(s.answer().generator()).isEqualTo("quote-first");
      assertThat(s.answer().text()).contains("Timbuktu");

      // the default process is the bundled rag, on the same parts
      assertThat(caravan.ask(Query.of("What do camels store in their humps?")).answer().text()).contains("humps");
    }
    assertThat(index.documentCount()).as("the caller's index is not closed or emptied").isEqualTo(3);
  }

  @Test
  void aCamelRouteGivenToTheBuilderIsAStepProcessesCanUse() throws Exception {
    InMemoryDocumentIndex index = new InMemoryDocumentIndex();
    try (Caravan caravan = Caravan.builder()
            .dataDir(data)
            .index(index)
            .encoder(new HashingEncoder())
            .retriever(new WordOverlapRetriever(index))
            .routes(new RouteBuilder() {
              @Override
              public void configure() {
                from("direct:step-tag-candidates").process(ex -> {
                  RagState in = ex.getMessage().getBody(RagState.class);
                  ex.getMessage().setBody(in.with(TAGGED, 99));
                });
              }
            })
            .process(resource("tagged-rag.bpmn20.xml"))
            .build()) {
      caravan.ingestDocuments(DOCS, ProgressListener.NONE);
      RagState s = caravan.ask(Query.of("silk roads", 3), "tagged-rag");
      assertThat(s.get(TAGGED)).contains(99);
      assertThat(s.answer()).isNotNull();
    }
  }

  @Test
  void anIndexCaravanCannotSearchNeedsARetriever() {
    assertThatThrownBy(() -> Caravan.builder().dataDir(data).index(new InMemoryDocumentIndex()).encoder(new HashingEncoder()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("give the builder a retriever(...)");
  }

  @Test
  void aProcessNamingAStepNobodyGaveIsRefusedAtBuild() throws Exception {
    InMemoryDocumentIndex index = new InMemoryDocumentIndex();
    Path bpmn = resource("tagged-rag.bpmn20.xml");
    assertThatThrownBy(() -> Caravan.builder()
            .dataDir(data)
            .index(index)
            .encoder(new HashingEncoder())
            .retriever(new WordOverlapRetriever(index))
            .process(bpmn)
            .build())
        .isInstanceOf(InvalidProcessException.class)
        .hasMessageContaining("tag-candidates");
    assertThat(Files.exists(bpmn)).isTrue();
  }
}
