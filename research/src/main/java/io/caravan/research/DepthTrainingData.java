package io.caravan.research;

import io.caravan.research.eval.BeirDataset;
import io.caravan.research.eval.harness.HashSplit;
import io.caravan.research.eval.qa.HotpotQaDataset;
import io.caravan.research.eval.qa.HotpotQuestion;
import io.caravan.policies.depth.AdaptiveDepthPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The labelled queries the depth classifier learns from, labelled by where they come from (as
 * Adaptive-RAG labels by dataset origin): SciFact train claims are {@code SINGLE_STEP}, HotpotQA
 * questions {@code MULTI_STEP}, the project's own greetings, arithmetic, word definitions and
 * instructions {@code NO_RETRIEVAL}. Each is split by id hash: HotpotQA 50/50 (its held-out half is
 * also the half the mixed-workload evaluation runs on), the others 80/20.
 */
record DepthTrainingData(List<Labelled> train, List<Labelled> heldOut) {

  record Labelled(String id, String text, String label, String source) {}

  static final HashSplit HOTPOT_SPLIT = new HashSplit(0.5);
  static final HashSplit OTHER_SPLIT = new HashSplit(0.2);

  static DepthTrainingData read(Path scifact, Path hotpot, Path noRetrieval) throws IOException {
    List<Labelled> train = new ArrayList<>();
    List<Labelled> held = new ArrayList<>();
    for (Map.Entry<String, String> q : new BeirDataset(scifact).queries("train").entrySet()) {
      Labelled l = new Labelled("scifact-train:" + q.getKey(), q.getValue(), AdaptiveDepthPolicy.SINGLE_STEP, "scifact-train");
      (OTHER_SPLIT.isHeldOut(l.id()) ? held : train).add(l);
    }
    for (HotpotQuestion q : HotpotQaDataset.read(hotpot).questions()) {
      // keyed on the question id alone, exactly as caravan eval --hash-split splits the same file
      Labelled l = new Labelled(q.id(), q.text(), AdaptiveDepthPolicy.MULTI_STEP, "hotpotqa");
      (HOTPOT_SPLIT.isHeldOut(q.id()) ? held : train).add(l);
    }
    int line = 0;
    for (String s : Files.readAllLines(noRetrieval, StandardCharsets.UTF_8)) {
      line++;
      String t = s.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      Labelled l = new Labelled("no-retrieval:" + line, t, AdaptiveDepthPolicy.NO_RETRIEVAL, "no-retrieval");
      (OTHER_SPLIT.isHeldOut(l.id()) ? held : train).add(l);
    }
    return new DepthTrainingData(List.copyOf(train), List.copyOf(held));
  }
}
