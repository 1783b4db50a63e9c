package io.caravan.research.eval.harness;

import io.caravan.core.step.StepRunner;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.connectors.lucene.Bm25Retriever;
import io.caravan.connectors.lucene.LuceneIndex;
import io.caravan.core.Passage;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.document.EncodedChunk;
import io.caravan.core.fusion.ReciprocalRankFusion;
import io.caravan.core.spi.EncoderInfo;
import io.caravan.core.step.PolicyStep;
import io.caravan.core.step.RetrieveStep;
import io.caravan.core.step.SubQueryRetrieveStep;
import io.caravan.policies.rewrite.DecomposePolicy;
import io.caravan.policies.rewrite.RuleSplitter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Retrieval calls per query", the cost axis of the reports, counts the searches that ran: a
 * decomposed question is one per part plus the question itself, not one step of the trace.
 */
class QueryResultCallsTest {

  @TempDir Path dir;

  private static EncodedChunk chunk(String doc, String text) {
    return new EncodedChunk(new Passage(doc + "#0", doc, doc, text, 0, text.length(), Map.of()), new float[] {1, 0, 0, 0});
  }

  @Test
  void aDecomposedQuestionCostsOneRetrievalPerPartPlusTheQuestion() {
    try (LuceneIndex index = LuceneIndex.open(dir.resolve("index"), new EncoderInfo("test", 4))) {
      index.upsert("samarkand", "h1", List.of(chunk("samarkand", "Samarkand was founded in the 7th century BC.")));
      index.upsert("bukhara", "h2", List.of(chunk("bukhara", "Bukhara was founded around the 5th century BC.")));
      index.refresh();
      Bm25Retriever bm25 = new Bm25Retriever(index);
      RagState asked = RagState.start(Query.of("Which was founded first, Samarkand or Bukhara?", 5));
      RagState decided = StepRunner.run(new PolicyStep(new DecomposePolicy(new RuleSplitter(), true)), asked);
      int parts = decided.get(DecomposePolicy.DECISION).orElseThrow().payload().parts().size();
      RagState done = StepRunner.run(new SubQueryRetrieveStep(bm25, new ReciprocalRankFusion(), 10, DecomposePolicy.DECIDED_PARTS, true), decided);

      QueryResult r = QueryResult.of("q1", Map.of(), 1.0, done);
      assertThat(parts).isEqualTo(2);
      assertThat(r.retrievalCalls()).isEqualTo(1 + parts);

      // a plain retrieval is one call, and calls add up over steps
      RagState twice = StepRunner.run(new RetrieveStep(bm25, 10), StepRunner.run(new RetrieveStep(bm25, 10), asked));
      assertThat(QueryResult.of("q2", Map.of(), 1.0, twice).retrievalCalls()).isEqualTo(2);
    }
  }
}
