package io.caravan.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.connectors.onnx.EncoderVariant;
import io.caravan.connectors.onnx.InProcessEncoder;
import io.caravan.core.Candidate;
import io.caravan.core.Query;
import io.caravan.core.fusion.ReciprocalRankFusion;
import io.caravan.core.spi.Retriever;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * The tool index on the real stack (Lucene, the in-process int8 all-MiniLM-L6-v2) over a
 * catalogue built here: registry changes show in search at once, and each retriever ranks the
 * tool a query plainly asks for first.
 */
@TestInstance(Lifecycle.PER_CLASS)
class ToolIndexTest {

  static final List<ToolDescriptor> CATALOGUE =
      List.of(
          tool("weather_forecast", "Get the weather forecast (temperature, rain, wind) for a city on a given day"),
          tool("currency_convert", "Convert an amount of money from one currency to another at today's exchange rate"),
          tool("flight_search", "Search flights between two airports on a date and list the fares"),
          tool("hotel_booking", "Book a hotel room in a city between check-in and check-out dates"),
          tool("translate_text", "Translate a text from one language into another language"),
          tool("stock_quote", "Latest share price and market quote for a stock ticker symbol"),
          tool("recipe_finder", "Find cooking recipes that use the ingredients you have"),
          tool("unit_convert", "Convert units of length, weight and volume, such as miles to kilometres"),
          tool("news_headlines", "Top news headlines by topic or country"),
          tool("calendar_event", "Create an event in the user's calendar with a title, a start time and attendees"),
          tool("email_send", "Send an email message to a recipient with a subject and a body"),
          tool("timezone_lookup", "Current local time and time zone of a city"));

  private InProcessEncoder encoder;
  private ToolRegistry registry;
  private ToolIndex index;

  static ToolDescriptor tool(String name, String description) {
    return new ToolDescriptor(name, description, null, List.of(), null);
  }

  @BeforeAll
  void open() {
    encoder = new InProcessEncoder(EncoderVariant.INT8);
    registry = new ToolRegistry();
    registry.registerAll(CATALOGUE);
    index = ToolIndex.following(registry, encoder);
  }

  @AfterAll
  void close() {
    index.close();
  }

  private List<String> ranked(String kind, String query) {
    Retriever r = index.retriever(kind, new ReciprocalRankFusion(), 30);
    return r.retrieve(Query.of(query, 5)).stream().map(Candidate::docId).toList();
  }

  @Test
  void eachRetrieverRanksTheToolAQueryAsksForFirst() {
    for (String kind : List.of("bm25", "dense", "hybrid")) {
      assertThat(ranked(kind, "translate this text into French")).as(kind).first().isEqualTo("translate_text");
      assertThat(ranked(kind, "book a hotel room in Rome for two nights")).as(kind).first().isEqualTo("hotel_booking");
      assertThat(ranked(kind, "send an email to my manager")).as(kind).first().isEqualTo("email_send");
    }
    // no shared word with the description: only meaning finds it
    assertThat(ranked("dense", "will it be sunny in Oslo tomorrow")).first().isEqualTo("weather_forecast");
    assertThat(ranked("hybrid", "will it be sunny in Oslo tomorrow")).contains("weather_forecast");
  }

  @Test
  void followsTheRegistry() {
    ToolRegistry reg = new ToolRegistry();
    try (ToolIndex idx = ToolIndex.following(reg, encoder)) {
      assertThat(idx.size()).isZero();
      reg.register(tool("atlas", "Look up the country and population of a city"));
      reg.register(tool("dictionary", "Definitions and synonyms of an English word"));
      Retriever bm25 = idx.retriever("bm25", new ReciprocalRankFusion(), 10);
      assertThat(bm25.retrieve(Query.of("population of Samarkand", 5))).extracting(Candidate::docId).containsExactly("atlas");
      assertThat(idx.vocabulary().knows("population")).isTrue();

      reg.register(tool("atlas", "Maps and driving directions between two places"));
      assertThat(bm25.retrieve(Query.of("population of Samarkand", 5))).isEmpty();
      assertThat(bm25.retrieve(Query.of("driving directions", 5))).extracting(Candidate::docId).containsExactly("atlas");
      assertThat(idx.vocabulary().knows("population")).isFalse();

      reg.remove("atlas");
      assertThat(idx.size()).isEqualTo(1);
      assertThat(bm25.retrieve(Query.of("driving directions", 5))).isEmpty();
      assertThat(idx.retriever("dense", new ReciprocalRankFusion(), 10).retrieve(Query.of("driving directions", 5)))
          .extracting(Candidate::docId)
          .containsExactly("dictionary");
    }
  }
}
