package io.caravan.research.bench;

import io.caravan.research.IndexCache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.caravan.research.bench.PairwiseLogisticRegression.Group;
import io.caravan.connectors.lucene.AnseriniEnglishAnalyzer;
import io.caravan.core.Candidate;
import io.caravan.core.Passage;
import io.caravan.research.eval.Qrels;
import io.caravan.research.eval.RetrievalMetrics.Scored;
import io.caravan.research.eval.harness.DocumentRanking;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RankingMathTest {

  private static Candidate chunk(String chunkId, String docId, double score) {
    return Candidate.of(new Passage(chunkId, docId, "", "t", 0, 1, Map.of()), "s", score);
  }

  @Test
  void documentsTakeTheirBestChunkInRankOrder() {
    List<Scored> docs = DocumentRanking.maxPassageScores(
        List.of(chunk("a#1", "a", 0.9), chunk("b#0", "b", 0.8), chunk("a#0", "a", 0.7), chunk("c#0", "c", 0.1)), 2);
    assertThat(docs).containsExactly(new Scored("a", 0.9), new Scored("b", 0.8));
  }

  @Test
  void metricsFollowTrecEvalAndSkipQueriesWithoutRelevantDocuments() {
    Qrels qrels = new Qrels(Map.of("q1", Map.of("b", 1), "q2", Map.of("x", 0)));
    MetricSet m = MetricSet.of(Map.of("q1", List.of(new Scored("a", 2), new Scored("b", 1)), "q2", List.of(new Scored("x", 1))), qrels, 3.5);
    assertThat(m.queries()).isEqualTo(1);
    assertThat(m.mrr10()).isEqualTo(0.5);
    assertThat(m.recall100()).isEqualTo(1.0);
    assertThat(m.ndcg10()).isCloseTo(1 / (Math.log(3) / Math.log(2)), offset(1e-12));
    assertThatThrownBy(() -> MetricSet.of(Map.of("q2", List.of()), qrels, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pairwiseRegressionRecoversTheFeatureThatSeparatesRelevantFromNot() {
    Random rnd = new Random(7);
    List<Group> groups = new ArrayList<>();
    for (int q = 0; q < 50; q++) {
      List<double[]> rows = new ArrayList<>();
      boolean[] rel = new boolean[20];
      for (int i = 0; i < 20; i++) {
        rel[i] = i == 0;
        // feature 0 is informative (noisy), feature 1 is noise, feature 2 is masked out
        rows.add(new double[] {(rel[i] ? 1.5 : 0) + rnd.nextGaussian(), rnd.nextGaussian(), rel[i] ? 5 : 0});
      }
      groups.add(new Group(rows, rel));
    }
    double[] w = new PairwiseLogisticRegression(0.1, new boolean[] {true, true, false}).fit(groups);
    assertThat(w[0]).isGreaterThan(0.5);
    assertThat(Math.abs(w[1])).isLessThan(w[0] / 3);
    assertThat(w[2]).isZero();
  }

  @Test
  void indexKeyChangesWithEverySetting() {
    List<IndexCache.FileStamp> corpus = List.of(new IndexCache.FileStamp("/data/scifact/corpus.jsonl", 10, 20));
    IndexCache.Key k = new IndexCache.Key("beir", corpus, "m", 1000, 1, AnseriniEnglishAnalyzer.VERSION);
    assertThat(k.hash()).isEqualTo(new IndexCache.Key("beir", corpus, "m", 1000, 1, AnseriniEnglishAnalyzer.VERSION).hash());
    assertThat(k.hash()).isNotEqualTo(
        new IndexCache.Key("beir", List.of(new IndexCache.FileStamp("/data/scifact/corpus.jsonl", 10, 21)), "m", 1000, 1, AnseriniEnglishAnalyzer.VERSION).hash());
    assertThat(k.hash()).isNotEqualTo(new IndexCache.Key("beir", corpus, "m", 999, 1, AnseriniEnglishAnalyzer.VERSION).hash());
    assertThat(k.folderName()).startsWith("beir-scifact-m-c1000-o1-");
    assertThatThrownBy(() -> new IndexCache.Key("beir", corpus, "m", 10, 0, "a")).hasMessageContaining("chunk-chars");
  }
}
