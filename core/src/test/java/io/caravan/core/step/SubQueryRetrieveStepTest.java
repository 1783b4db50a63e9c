package io.caravan.core.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravan.core.Candidate;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.fusion.ReciprocalRankFusion;
import io.caravan.core.spi.Retriever;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sub-query retrieval over a tiny keyword retriever written here: the fusion contract is what is tested. */
class SubQueryRetrieveStepTest {

  /** Documents whose text contains a query word, in id order, scored by matching words. */
  private final Retriever keywords =
      new Retriever() {
        private final List<Passage> docs = List.of(
            new Passage("a#0", "a", "", "samarkand founded early", 0, 1, Map.of()),
            new Passage("b#0", "b", "", "bukhara founded later", 0, 1, Map.of()),
            new Passage("c#0", "c", "", "samarkand silk road city", 0, 1, Map.of()),
            new Passage("d#0", "d", "", "founded founded founded", 0, 1, Map.of()));

        @Override
        public String name() {
          return "keywords";
        }

        @Override
        public List<Candidate> retrieve(Query query) {
          List<Candidate> out = new ArrayList<>();
          for (Passage p : docs) {
            long hits = List.of(query.text().toLowerCase().split("\\W+")).stream().filter(w -> List.of(p.text().split(" ")).contains(w)).count();
            if (hits > 0) {
              out.add(Candidate.of(p, "keywords", hits));
            }
          }
          out.sort((x, y) -> Double.compare(y.score(), x.score()));
          return out.subList(0, Math.min(query.k(), out.size()));
        }
      };

  @Test
  void eachPartIsRetrievedAndTheListsAreFusedByRank() {
    SubQueryRetrieveStep step =
        new SubQueryRetrieveStep(keywords, new ReciprocalRankFusion(), 10, FixedParts.named("test", "samarkand founded", "bukhara founded", "samarkand founded"), false);
    RagState done = StepRunner.run(step, RagState.start(Query.of("Which was founded first, Samarkand or Bukhara?", 3)));
    // q1 ranks a, b, c, d; q2 ranks b, a, d: a and b tie at 1/61 + 1/62, then d (1/63 + 1/64), then c (1/63)
    assertThat(done.candidates().subList(0, 2)).extracting(Candidate::docId).containsExactlyInAnyOrder("a", "b");
    assertThat(done.candidates().subList(2, 4)).extracting(Candidate::docId).containsExactly("d", "c");
    assertThat(done.trace().events().get(0).inputs())
        .containsEntry("queries", List.of("samarkand founded", "bukhara founded"))
        .containsEntry("splitter", "test")
        .containsEntry("fusion", "rrf");
  }

  @Test
  void theQuestionAsAskedIsOneListWhenKeptAndTheOnlyOneWhenThereAreNoParts() {
    SubQueryRetrieveStep keep = new SubQueryRetrieveStep(keywords, new ReciprocalRankFusion(), 10, FixedParts.named("test", "bukhara"), true);
    RagState done = StepRunner.run(keep, RagState.start(Query.of("silk road", 3)));
    assertThat(done.trace().events().get(0).inputs()).containsEntry("queries", List.of("silk road", "bukhara"));
    assertThat(done.candidates()).extracting(Candidate::docId).containsExactlyInAnyOrder("c", "b");

    SubQueryRetrieveStep none = new SubQueryRetrieveStep(keywords, new ReciprocalRankFusion(), 10, FixedParts.named("test"), false);
    RagState plain = StepRunner.run(none, RagState.start(Query.of("silk", 3)));
    assertThat(plain.candidates()).extracting(Candidate::docId).containsExactly("c");
    assertThat(plain.candidates().get(0).scores()).doesNotContainKey("rrf");
    assertThatThrownBy(() -> new SubQueryRetrieveStep(keywords, new ReciprocalRankFusion(), 0, FixedParts.named("test"), true)).hasMessageContaining("depth");
  }
}
