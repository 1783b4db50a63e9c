package io.caravan.core.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.caravan.core.Candidate;
import io.caravan.core.Passage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RankFusionTest {

  private static Candidate cand(String id, String stage, double score) {
    return Candidate.of(new Passage(id, id, "", id, 0, id.length(), Map.of()), stage, score);
  }

  @Test
  void rrfMatchesHandComputedScores() {
    Map<String, List<Candidate>> lists = new LinkedHashMap<>();
    lists.put("bm25", List.of(cand("a", "bm25", 9), cand("b", "bm25", 5)));
    lists.put("dense", List.of(cand("b", "dense", 0.9), cand("c", "dense", 0.8)));
    List<Candidate> fused = new ReciprocalRankFusion(60, Map.of("dense", 2.0)).fuse(lists, 10);
    // b: 1/62 + 2/61, a: 1/61, c: 2/62
    assertThat(fused).extracting(Candidate::chunkId).containsExactly("b", "c", "a");
    assertThat(fused.get(0).score()).isCloseTo(1.0 / 62 + 2.0 / 61, within(1e-12));
    assertThat(fused.get(0).scores()).containsKeys("bm25", "dense", "rrf");
    assertThat(fused.get(2).scores()).containsOnlyKeys("bm25", "rrf");
  }

  @Test
  void interpolationNormalisesEachListAndHandlesAllEqualScores() {
    Map<String, List<Candidate>> lists = new LinkedHashMap<>();
    lists.put("bm25", List.of(cand("a", "bm25", 10), cand("b", "bm25", 6), cand("c", "bm25", 2)));
    lists.put("dense", List.of(cand("c", "dense", 0.5), cand("d", "dense", 0.5)));
    List<Candidate> fused = new ScoreInterpolation(Map.of("bm25", 0.3, "dense", 0.7)).fuse(lists, 3);
    // a: .3*1, b: .3*.5, c: .3*0 + .7*1, d: .7*1 -> c and d tie at .7, broken by id
    assertThat(fused).extracting(Candidate::chunkId).containsExactly("c", "d", "a");
    assertThat(fused.get(0).score()).isCloseTo(0.7, within(1e-12));
    assertThat(fused.get(2).score()).isCloseTo(0.3, within(1e-12));
  }

  @Test
  void randomisedFusionAgreesWithBruteForce() {
    long seed = new Random().nextLong();
    Random r = new Random(seed);
    for (int round = 0; round < 50; round++) {
      int docs = 1 + r.nextInt(30);
      Map<String, List<Candidate>> lists = new LinkedHashMap<>();
      Map<String, Double> weights = new HashMap<>();
      int nLists = 1 + r.nextInt(4);
      for (int l = 0; l < nLists; l++) {
        List<String> ids = new ArrayList<>();
        for (int d = 0; d < docs; d++) {
          if (r.nextBoolean()) {
            ids.add("d" + d);
          }
        }
        Collections.shuffle(ids, r);
        List<Candidate> list = new ArrayList<>();
        double s = 100;
        for (String id : ids) {
          s -= r.nextDouble();
          list.add(cand(id, "l" + l, s));
        }
        lists.put("l" + l, list);
        weights.put("l" + l, r.nextDouble() * 2);
      }
      int k = 1 + r.nextInt(docs + 2);
      List<Candidate> fused = new ReciprocalRankFusion(60, weights).fuse(lists, k);
      Map<String, Double> expected = new HashMap<>();
      lists.forEach(
          (name, list) -> {
            for (int i = 0; i < list.size(); i++) {
              expected.merge(list.get(i).chunkId(), weights.get(name) / (60 + i + 1), Double::sum);
            }
          });
      assertThat(fused).as("seed %d", seed).hasSize(Math.min(k, expected.size()));
      if (fused.isEmpty()) {
        continue;
      }
      for (int i = 0; i < fused.size(); i++) {
        assertThat(fused.get(i).score()).as("seed %d", seed).isCloseTo(expected.get(fused.get(i).chunkId()), within(1e-12));
        if (i > 0) {
          assertThat(fused.get(i).score()).as("seed %d", seed).isLessThanOrEqualTo(fused.get(i - 1).score());
        }
      }
      double kthBest = expected.values().stream().sorted(Collections.reverseOrder()).toList().get(fused.size() - 1);
      assertThat(fused.get(fused.size() - 1).score()).as("seed %d", seed).isCloseTo(kthBest, within(1e-12));
    }
  }
}
