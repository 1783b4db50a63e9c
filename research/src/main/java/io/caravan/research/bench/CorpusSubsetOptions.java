package io.caravan.research.bench;

import io.caravan.core.document.Document;
import io.caravan.research.eval.BeirDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code --dataset} option of the benchmarks that run on the first documents of a BEIR corpus
 * ({@code latency}, {@code triton}), and the set-up they share: a scratch folder emptied of any
 * earlier run, and the subset itself.
 */
final class CorpusSubsetOptions {

  @Option(names = "--dataset", required = true, description = "BEIR dataset folder, e.g. ../shared/datasets/scifact")
  Path dataset;

  BeirDataset beir() {
    return new BeirDataset(dataset);
  }

  /** The corpus's first {@code n} documents, in corpus order. */
  static List<Document> firstDocuments(BeirDataset beir, int n) throws IOException {
    List<Document> subset = new ArrayList<>();
    beir.forEachDocument(d -> {
      if (subset.size() < n) {
        subset.add(d);
      }
    });
    return subset;
  }

  /** Deletes {@code dir} with everything in it and creates it again, so no file of an earlier run is measured. */
  static void emptyFolder(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var walk = Files.walk(dir)) {
        for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(x);
        }
      }
    }
    Files.createDirectories(dir);
  }
}
