package io.caravan.connectors.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.Answer;
import io.caravan.core.Candidate;
import io.caravan.core.Citation;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.core.document.Document;
import io.caravan.core.document.SentenceChunker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExtractiveGeneratorTest {

  private static final Document PARIS =
      new Document(
          "paris",
          "Paris",
          "Paris is a city in northern France. It lies on the Seine river. "
              + "Paris is the capital of France and its largest city. "
              + "The city is famous for the Eiffel Tower, which was completed in 1889.",
          Map.of(),
          "");
  private static final Document CELLS =
      new Document(
          "cells",
          "Mitochondria",
          "The mitochondrion is an organelle found in most cells. "
              + "Mitochondria produce most of the chemical energy needed by the cell, stored as ATP. "
              + "Chloroplasts capture light in plant cells.",
          Map.of(),
          "");
  private static final Document WATER =
      new Document(
          "water",
          "Boiling",
          "Water boils at 100 degrees Celsius at sea level. People have boiled water for cooking for"
              + " thousands of years. At higher altitudes, water boils at a lower temperature because the"
              + " air pressure is lower.",
          Map.of(),
          "");
  private static final Document ICE =
      new Document("ice", "Ice", "Ice melts at 0 degrees Celsius.", Map.of(), "");

  // small chunks with one sentence of overlap: passages start inside their documents and repeat
  // sentences, which is what offsets and de-duplication have to survive
  private final SentenceChunker chunker = new SentenceChunker(120, 1);
  private final ExtractiveGenerator generator = new ExtractiveGenerator();

  @Test
  void quotesTheAnsweringSentenceWithItsExactOffsetsInTheDocument() {
    Map<String, Document> docs = docs(CELLS, PARIS, WATER);
    List<Candidate> context = context(CELLS, PARIS, WATER);

    Answer answer = generator.generate(Query.of("What is the capital of France?"), context);

    assertThat(answer.generator()).isEqualTo("extractive");
    assertThat(answer.citations()).isNotEmpty();
    Citation first = answer.citations().get(0);
    assertThat(first.docId()).isEqualTo("paris");
    assertThat(first.title()).isEqualTo("Paris");
    assertThat(first.quote()).isEqualTo("Paris is the capital of France and its largest city.");
    assertThat(first.start()).isGreaterThan(0);
    assertThat(answer.text()).startsWith("Paris is the capital of France and its largest city. [1]");
    assertThat(answer.confidence()).isEqualTo(1.0); // both "capital" and "France" are in the quote
    assertQuotesMatchDocuments(answer, docs);
    assertThat(answer.citations()).allSatisfy(c -> assertThat(c.quote()).doesNotContain("mitochondri"));
  }

  @Test
  void quotesOneSentencePerPartOfTheQuestionInReadingOrder() {
    // picked first: the Eiffel sentence (three rare terms); then the one adding "river";
    // printed in document order
    Answer paris =
        generator.generate(
            Query.of("Which river is Paris on, and when was the Eiffel Tower completed?"), context(PARIS));
    assertThat(paris.text())
        .isEqualTo(
            "It lies on the Seine river. [1] The city is famous for the Eiffel Tower, which was"
                + " completed in 1889. [2]");
    assertThat(paris.confidence()).isStrictlyBetween(0.8, 1.0); // "Paris" is in neither quote
    assertQuotesMatchDocuments(paris, docs(PARIS));

    // the ice sentence matches best and is picked first, but water was retrieved first, so its
    // document is read first; of the water sentences only one is quoted (the others add nothing
    // new), the one with a number because the question asks "when"
    Answer both =
        generator.generate(Query.of("When does water boil, and when does ice melt?"), context(WATER, ICE));
    assertThat(both.citations())
        .extracting(Citation::quote)
        .containsExactly("Water boils at 100 degrees Celsius at sea level.", "Ice melts at 0 degrees Celsius.");
    assertThat(both.text())
        .isEqualTo("Water boils at 100 degrees Celsius at sea level. [1] Ice melts at 0 degrees Celsius. [2]");
    assertQuotesMatchDocuments(both, docs(WATER, ICE));

    Answer one = new ExtractiveGenerator(1, 0.35).generate(Query.of("When does water boil, and when does ice melt?"), context(WATER, ICE));
    assertThat(one.citations()).extracting(Citation::quote).containsExactly("Ice melts at 0 degrees Celsius.");
    assertThat(one.confidence()).isStrictlyBetween(0.0, 1.0); // the water half is not quoted
  }

  @Test
  void saysSoWhenNothingInTheContextAnswers() {
    Answer answer = generator.generate(Query.of("Who painted the Mona Lisa?"), context(PARIS, CELLS, WATER));
    assertThat(answer.citations()).isEmpty();
    assertThat(answer.confidence()).isZero();
    assertThat(answer.text()).startsWith("None of the").contains("passages answers the question");

    Answer empty = generator.generate(Query.of("What is the capital of France?"), List.of());
    assertThat(empty.citations()).isEmpty();
    assertThat(empty.confidence()).isZero();
    assertThat(empty.text()).contains("No passages");

    Answer stopWordsOnly = generator.generate(Query.of("What is it?"), context(PARIS));
    assertThat(stopWordsOnly.citations()).isEmpty();
    assertThat(stopWordsOnly.text()).contains("no content words");
  }

  @Test
  void answersInGermanAndChinese() {
    Document berlin =
        new Document(
            "de",
            "Berlin",
            "München ist die größte Stadt in Bayern. Berlin ist die Hauptstadt von Deutschland. "
                + "Die Stadt hat etwa 3,7 Millionen Einwohner.",
            Map.of(),
            "");
    Document china =
        new Document("zh", "巴黎", "长城位于中国北部。巴黎是法国的首都。水在一百度沸腾。", Map.of(), "");
    Map<String, Document> docs = docs(berlin, china);

    Answer de = generator.generate(Query.of("Was ist die Hauptstadt von Deutschland?"), context(berlin, china));
    assertThat(de.citations()).extracting(Citation::quote).containsExactly("Berlin ist die Hauptstadt von Deutschland.");

    Answer zh = generator.generate(Query.of("法国的首都是哪里？"), context(china, berlin));
    assertThat(zh.citations()).extracting(Citation::quote).containsExactly("巴黎是法国的首都。");
    assertThat(zh.confidence()).isBetween(0.3, 1.0);
    assertQuotesMatchDocuments(de, docs);
    assertQuotesMatchDocuments(zh, docs);
  }

  @Test
  void veryLongPassagesAreQuotedInBoundedPieces() {
    Random random = new Random(42);
    String[] filler = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "theta", "kappa", "lambda"};
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      text.append(filler[random.nextInt(filler.length)]).append(i % 97 == 0 ? "\n" : " ");
    }
    text.append("x".repeat(5_000)).append(". The secret code of the vault is 4711. More filler follows ");
    int secretAt = text.indexOf("The secret");
    for (int i = 0; i < 20_000; i++) {
      text.append(filler[random.nextInt(filler.length)]).append(' ');
    }
    text.append("vault ".repeat(300)); // a long run that matches a little: must be quoted in pieces
    Document big = new Document("big", "", text.toString(), Map.of(), "");
    Passage whole = new Passage("big#0", "big", "", big.text(), 0, big.text().length(), Map.of());

    Answer answer =
        new ExtractiveGenerator(3, 0.1).generate(Query.of("What is the secret code of the vault?"), List.of(Candidate.of(whole, "bm25", 1.0)));

    assertThat(answer.citations()).isNotEmpty();
    Citation first = answer.citations().get(0);
    assertThat(first.start()).isEqualTo(secretAt);
    assertThat(first.quote()).isEqualTo("The secret code of the vault is 4711.");
    assertThat(answer.citations()).allSatisfy(c -> assertThat(c.quote().length()).isLessThanOrEqualTo(400));
    assertQuotesMatchDocuments(answer, docs(big));
  }

  @Test
  void rejectsBadSettings() {
    assertThatThrownBy(() -> new ExtractiveGenerator(0, 0.3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSentences");
    assertThatThrownBy(() -> new ExtractiveGenerator(3, 1.5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minScore");
    assertThatThrownBy(() -> new ExtractiveGenerator(3, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Every quote is exactly the document's text at the cited offsets, and its marker is in the answer. */
  private static void assertQuotesMatchDocuments(Answer answer, Map<String, Document> docs) {
    for (int i = 0; i < answer.citations().size(); i++) {
      Citation c = answer.citations().get(i);
      assertThat(docs.get(c.docId()).text().substring(c.start(), c.end())).isEqualTo(c.quote());
      assertThat(c.chunkId()).startsWith(c.docId() + "#");
      assertThat(answer.text()).contains("[" + (i + 1) + "]");
    }
  }

  private List<Candidate> context(Document... ranked) {
    List<Candidate> out = new ArrayList<>();
    for (Document d : ranked) {
      for (Passage p : chunker.chunk(d)) {
        out.add(Candidate.of(p, "bm25", 10.0 - out.size()));
      }
    }
    return out;
  }

  private static Map<String, Document> docs(Document... docs) {
    Map<String, Document> out = new LinkedHashMap<>();
    for (Document d : docs) {
      out.put(d.id(), d);
    }
    return out;
  }
}
