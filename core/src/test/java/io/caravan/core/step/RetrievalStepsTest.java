package io.caravan.core.step;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.core.Candidate;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.core.QueryEmbedding;
import io.caravan.core.RagState;
import io.caravan.core.TermSpecificities;
import io.caravan.core.fusion.ReciprocalRankFusion;
import io.caravan.core.spi.Encoder;
import io.caravan.core.spi.EncoderInfo;
import io.caravan.core.spi.Retriever;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Retrieval calls are counted where the searches run, and the steps that do I/O for policies
 * (encoder, index statistics) leave their results in the state as typed values.
 */
class RetrievalStepsTest {

  /** Counts the searches it answers, so the steps' counts can be checked against what really ran. */
  private static final class CountingRetriever implements Retriever {
    int searches;

    @Override
    public String name() {
      return "counting";
    }

    @Override
    public List<Candidate> retrieve(Query query) {
      searches++;
      return List.of(Candidate.of(new Passage(query.text() + "#0", query.text(), "", query.text(), 0, 1, Map.of()), "counting", 1));
    }
  }

  @Test
  void aRetrieveStepCountsOneCall() {
    CountingRetriever r = new CountingRetriever();
    RagState s = StepRunner.run(new RetrieveStep(r, 5), RagState.start(Query.of("q")));
    s = StepRunner.run(new RetrieveStep(r, 5), s);
    assertThat(s.retrievalCalls()).isEqualTo(r.searches).isEqualTo(2);
  }

  @Test
  void aDecomposedRetrievalCountsOneCallPerSearchItRan() {
    CountingRetriever r = new CountingRetriever();
    // the question as asked plus two distinct parts; the repeated part runs no search
    RagState s = StepRunner.run(
        new SubQueryRetrieveStep(r, new ReciprocalRankFusion(), 5, FixedParts.named("fixed", "samarkand", "bukhara", "samarkand"), true),
        RagState.start(Query.of("samarkand or bukhara?")));
    assertThat(r.searches).isEqualTo(3);
    assertThat(s.retrievalCalls()).isEqualTo(3);
    assertThat(s.trace().events()).hasSize(1);
  }

  @Test
  void theFeaturesStepLeavesTheEmbeddingOfTheTextItEncoded() {
    Encoder twoDims = new Encoder() {
      @Override
      public EncoderInfo info() {
        return new EncoderInfo("two", 2);
      }

      @Override
      public float[] encodeQuery(String text) {
        return new float[] {text.length(), 1f};
      }

      @Override
      public List<float[]> encodeAll(List<String> texts) {
        return texts.stream().map(this::encodeQuery).toList();
      }
    };
    RagState s = StepRunner.run(new QueryFeaturesStep(twoDims), RagState.start(Query.of("abc")));
    assertThat(s.get(QueryEmbedding.KEY)).contains(new QueryEmbedding("abc", new float[] {3f, 1f}));
    assertThat(s.trace().events().get(0).inputs()).containsEntry("encoder", "two").containsEntry("dimension", 2);
  }

  @Test
  void theSpecificityStepLooksEachWordUpOnceAndStoresWhatItFound() {
    List<String> lookedUp = new ArrayList<>();
    TermSpecificityStep step = new TermSpecificityStep(
        w -> {
          lookedUp.add(w);
          return w.equals("road") ? 0.2 : 0.9;
        },
        q -> List.of("silk", "road", "silk"));
    RagState s = StepRunner.run(step, RagState.start(Query.of("q")));
    assertThat(lookedUp).containsExactly("silk", "road");
    TermSpecificities found = s.get(TermSpecificities.KEY).orElseThrow();
    assertThat(found.byWord()).isEqualTo(Map.of("silk", 0.9, "road", 0.2));
    assertThat(found.of("unseen")).isEqualTo(1.0);
    assertThat(Set.copyOf(s.trace().events().get(0).inputs().keySet())).containsExactly("words");
  }
}
