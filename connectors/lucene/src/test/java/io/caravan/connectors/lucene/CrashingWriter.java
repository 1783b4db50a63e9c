package io.caravan.connectors.lucene;

import io.caravan.testing.HashingEncoder;

import java.nio.file.Path;
import java.util.Map;

/**
 * The child process of {@link CrashRecoveryTest}: writes and commits some documents, writes more
 * (and changes committed ones) without committing, makes those visible so their segment files
 * reach the disk, then dies without running shutdown hooks or closing anything.
 */
public final class CrashingWriter {

  static final int COMMITTED = 5;
  static final int UNCOMMITTED = 4;

  private CrashingWriter() {}

  public static void main(String[] args) {
    HashingEncoder encoder = new HashingEncoder(CrashRecoveryTest.DIMENSION);
    LuceneIndex index = LuceneIndex.open(Path.of(args[0]), encoder.info());
    for (int i = 0; i < COMMITTED; i++) {
      String id = "committed-" + i;
      index.upsert(id, "hash-" + i, Chunks.of(encoder, id, "Committed", Map.of(), "durable text " + i, "second chunk"));
    }
    index.commit();
    for (int i = 0; i < UNCOMMITTED; i++) {
      String id = "uncommitted-" + i;
      index.upsert(id, "lost-" + i, Chunks.of(encoder, id, "Lost", Map.of(), "ephemeral text " + i));
    }
    index.upsert("committed-0", "changed", Chunks.of(encoder, "committed-0", "Changed", Map.of(), "ephemeral rewrite"));
    index.delete("committed-1");
    index.refresh(); // flushes segments to disk, but no commit point names them
    System.out.println("wrote uncommitted changes, halting");
    System.out.flush();
    Runtime.getRuntime().halt(1);
  }
}
