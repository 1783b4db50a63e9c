package io.caravan.core.step;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.core.Answer;
import io.caravan.core.Candidate;
import io.caravan.core.Decision;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import io.caravan.core.spi.Generator;
import io.caravan.core.spi.Policy;
import io.caravan.core.spi.Reranker;
import io.caravan.core.spi.Retriever;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The standard steps over tiny SPI implementations written here: the steps' contract is what is tested. */
class StepsTest {

  private final List<Candidate> pool = new ArrayList<>();

  StepsTest() {
    for (int i = 0; i < 30; i++) {
      pool.add(Candidate.of(new Passage("c" + i, "d" + i, "", "text " + i, 0, 6, Map.of()), "first", 30 - i));
    }
  }

  private final Retriever retriever =
      new Retriever() {
        @Override
        public String name() {
          return "list";
        }

        @Override
        public List<Candidate> retrieve(Query query) {
          return pool.subList(0, query.k());
        }
      };

  private final Reranker reverse =
      new Reranker() {
        @Override
        public String name() {
          return "reverse";
        }

        @Override
        public List<Candidate> rerank(Query query, List<Candidate> candidates, int k) {
          return candidates.stream()
              .map(c -> c.withScore(name(), -c.score()))
              .sorted(Comparator.comparingDouble(Candidate::score).reversed())
              .limit(k)
              .toList();
        }
      };

  private final Generator firstPassage =
      new Generator() {
        @Override
        public String name() {
          return "first";
        }

        @Override
        public Answer generate(Query query, List<Candidate> context) {
          return new Answer(context.isEmpty() ? "none" : context.get(0).passage().text(), List.of(), context.size() / 10.0, name());
        }
      };

  @Test
  void retrieveRerankGenerateRecordsEveryStepInOrder() {
    RagState s = RagState.start(Query.of("q", 3));
    s = StepRunner.run(new RetrieveStep(retriever, 25), s);
    assertThat(s.candidates()).hasSize(25);
    s = StepRunner.run(new RerankStep(reverse), s);
    assertThat(s.candidates()).extracting(Candidate::chunkId).containsExactly("c24", "c23", "c22");
    s = StepRunner.run(new GenerateStep(firstPassage, 2), s);
    assertThat(s.answer().text()).isEqualTo("text 24");
    assertThat(s.answer().confidence()).isEqualTo(0.2);
    List<TraceEvent> events = s.trace().events();
    assertThat(events).extracting(TraceEvent::step).containsExactly("retrieve", "rerank", "generate");
    assertThat(events.get(0).inputs()).containsEntry("depth", 25).containsEntry("retriever", "list");
    assertThat(events.get(0).candidates()).hasSize(20); // trace keeps the top 20, not all 25
    assertThat(events.get(1).candidates().get(0).scores()).containsKeys("first", "reverse");
  }

  @Test
  void retrieveAsksForAtLeastTheUsersK() {
    RagState s = StepRunner.run(new RetrieveStep(retriever, 2), RagState.start(Query.of("q", 5)));
    assertThat(s.candidates()).hasSize(5);
  }

  @Test
  void policyStepStoresTheDecisionWhereGatewaysReadIt() {
    Policy<Void> p =
        new Policy<>() {
          @Override
          public String name() {
            return "depth";
          }

          @Override
          public Decision<Void> decide(RagState state) {
            return new Decision<>(name(), state.candidates().isEmpty() ? "NO_RETRIEVAL" : "SINGLE_STEP", Map.of("n", state.candidates().size()), "");
          }
        };
    RagState s = StepRunner.run(new PolicyStep(p), RagState.start(Query.of("q")));
    Decision<Void> d = s.get(PolicyStep.<Void>decisionKey("depth")).orElseThrow();
    assertThat(d.choice()).isEqualTo("NO_RETRIEVAL");
    assertThat(s.trace().events().get(0).decision()).isEqualTo(d);
  }
}
