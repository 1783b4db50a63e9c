package io.caravan.research.bench;

import io.caravan.connectors.lucene.LuceneIndex;
import io.caravan.connectors.onnx.EncoderVariant;
import io.caravan.connectors.onnx.InProcessEncoder;
import io.caravan.core.document.Document;
import io.caravan.research.IndexCache;
import io.caravan.research.eval.BeirDataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every BEIR command shares: which dataset, which encoder, how to chunk, where the index cache is. */
public final class DatasetOptions {

  @Option(names = "--dataset", required = true, description = "BEIR dataset folder (corpus.jsonl[.gz], queries.jsonl, qrels/)")
  Path dataset;

  @Option(names = "--encoder", defaultValue = "fp32", description = "fp32 or int8 (default ${DEFAULT-VALUE})")
  String encoder;

  @Option(names = "--chunk-chars", defaultValue = "1000",
      description = "maximum characters per chunk; a value larger than any document (e.g. 100000) indexes one chunk per document (\"flat\")")
  int chunkChars;

  @Option(names = "--chunk-overlap", defaultValue = "1", description = "sentences repeated between chunks (default ${DEFAULT-VALUE})")
  int overlap;

  @Option(names = "--cache", defaultValue = "/tmp/caravan-bench", description = "index cache folder (default ${DEFAULT-VALUE})")
  Path cache;

  String datasetName() {
    return dataset.toAbsolutePath().normalize().getFileName().toString();
  }

  InProcessEncoder newEncoder() {
    return new InProcessEncoder(EncoderVariant.parse(encoder));
  }

  BeirDataset beir() {
    return new BeirDataset(dataset);
  }

  IndexCache.Key indexKey(BeirDataset beir, InProcessEncoder enc) throws IOException {
    return IndexCache.Key.of("beir", List.of(beir.corpusFile()), enc.info().modelId(), chunkChars, overlap);
  }

  LuceneIndex openIndex(BeirDataset beir, InProcessEncoder enc) throws IOException {
    IndexCache.Key key = indexKey(beir, enc);
    IndexCache cache = new IndexCache(this.cache);
    if (cache.isComplete(key)) {
      return cache.openOrBuild(key, List.of(), enc, System.out);
    }
    List<Document> docs = new ArrayList<>();
    beir.forEachDocument(docs::add);
    return cache.openOrBuild(key, docs, enc, System.out);
  }
}
