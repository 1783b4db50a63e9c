package io.caravan.examples.spring;

import io.caravan.ingest.IngestReport;
import io.caravan.ingest.ProgressListener;
import io.caravan.runtime.Caravan;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Ingests the folder {@code example.corpus} names once the application has started. Ingestion is
 * incremental: documents already in the index with the same content are skipped, so a restart on
 * the same {@code caravan.data} folder costs little.
 */
@Component
public class CorpusLoader implements ApplicationRunner {

  private static final Logger LOG = LoggerFactory.getLogger(CorpusLoader.class);

  private final Caravan caravan;
  private final String corpus;

  public CorpusLoader(Caravan caravan, @Value("${example.corpus:}") String corpus) {
    this.caravan = caravan;
    this.corpus = corpus;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (corpus.isBlank()) {
      LOG.info("example.corpus is not set: nothing to ingest");
      return;
    }
    Path folder = Path.of(corpus);
    if (!Files.isDirectory(folder)) {
      throw new IllegalStateException(
          "example.corpus: no folder at " + folder.toAbsolutePath() + " (run from the repository root, or set example.corpus)");
    }
    IngestReport r = caravan.ingest(folder, ProgressListener.NONE);
    LOG.info("ingested {}: {} added, {} updated, {} unchanged, {} failed, {} chunks in {} ms",
        folder, r.added(), r.updated(), r.skipped(), r.failed(), r.chunks(), r.elapsed().toMillis());
  }
}
