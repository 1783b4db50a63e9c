package io.caravan.research.bench;

import io.caravan.connectors.lucene.LuceneIndex;
import io.caravan.connectors.onnx.InProcessEncoder;
import io.caravan.research.eval.BeirDataset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Builds the cached index for a dataset and chunk setting without evaluating anything. */
@Command(name = "beir-index", mixinStandardHelpOptions = true, description = "Build (or find) the cached index of a BEIR corpus.")
public final class BeirIndexCommand implements Callable<Integer> {

  @Mixin DatasetOptions options;

  @Override
  public Integer call() throws Exception {
    BeirDataset beir = options.beir();
    InProcessEncoder encoder = options.newEncoder();
    try (LuceneIndex index = options.openIndex(beir, encoder)) {
      System.out.println("index: " + index.path() + " holds " + index.documentCount() + " documents");
    }
    return 0;
  }
}
