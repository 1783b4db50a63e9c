package io.caravan.connectors.lucene;

import io.caravan.testing.HashingEncoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.core.Candidate;
import io.caravan.core.Query;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer killed mid-flight: the index must hold exactly what was committed and be intact. */
class CrashRecoveryTest {

  static final int DIMENSION = 8;

  @TempDir Path tmp;

  @Test
  void killedWriterLeavesExactlyTheCommittedDocuments() throws Exception {
    Path indexDir = tmp.resolve("index");
    Path log = tmp.resolve("child.log");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                CrashingWriter.class.getName(),
                indexDir.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();
    String output = Files.readString(log);
    assertThat(child.exitValue()).as("child exit code; its output:%n%s", output).isEqualTo(1);
    assertThat(output).contains("halting");

    assertIntact(indexDir);

    try (LuceneIndex index = LuceneIndex.open(indexDir, new HashingEncoder(DIMENSION).info())) {
      assertThat(index.documentCount()).isEqualTo(CrashingWriter.COMMITTED);
      assertThat(index.chunkCount()).isEqualTo(2L * CrashingWriter.COMMITTED);
      for (int i = 0; i < CrashingWriter.COMMITTED; i++) {
        assertThat(index.contentHash("committed-" + i)).contains("hash-" + i);
      }
      for (int i = 0; i < CrashingWriter.UNCOMMITTED; i++) {
        assertThat(index.contentHash("uncommitted-" + i)).isEmpty();
      }
      Bm25Retriever bm25 = new Bm25Retriever(index);
      assertThat(bm25.retrieve(Query.of("ephemeral"))).isEmpty();
      List<String> durable = bm25.retrieve(Query.of("durable", 100)).stream().map(Candidate::docId).toList();
      assertThat(durable).containsExactlyInAnyOrder("committed-0", "committed-1", "committed-2", "committed-3", "committed-4");

      // and it still takes writes
      index.upsert("after", "h", Chunks.of(new HashingEncoder(DIMENSION), "after", "", java.util.Map.of(), "recovered"));
      index.refresh();
      assertThat(index.documentCount()).isEqualTo(CrashingWriter.COMMITTED + 1);
    }
  }

  private static void assertIntact(Path indexDir) throws IOException {
    try (Directory d = FSDirectory.open(indexDir);
        CheckIndex check = new CheckIndex(d)) {
      CheckIndex.Status status = check.checkIndex();
      assertThat(status.clean).as("CheckIndex clean").isTrue();
    }
  }
}
