package io.caravan.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterLogTest {

  @TempDir Path dir;

  @Test
  void appendsJsonLinesThatReadBack() throws Exception {
    DeadLetterLog log = DeadLetterLog.inDirectory(dir.resolve("data"));
    assertThat(log.read()).isEmpty();
    DeadLetter first = new DeadLetter("/in/a \"quoted\".txt", "line 3: malformed JSON: bad\nthing", Instant.parse("2026-01-01T00:00:00Z"));
    DeadLetter second = new DeadLetter("/in/b.pdf", "unsupported file type '.pdf'", Instant.parse("2026-01-01T00:00:01Z"));
    log.append(first);
    new DeadLetterLog(log.file()).appendAll(List.of(second)); // another instance, e.g. after a restart

    assertThat(log.file()).isEqualTo(dir.resolve("data").resolve("dead-letters.jsonl"));
    List<String> lines = Files.readAllLines(log.file());
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).isEqualTo(
        "{\"time\":\"2026-01-01T00:00:01Z\",\"source\":\"/in/b.pdf\",\"reason\":\"unsupported file type '.pdf'\"}");
    assertThat(log.read()).containsExactly(first, second);
  }

  @Test
  void editedLogIsReportedWithItsLineNumber() throws Exception {
    DeadLetterLog log = new DeadLetterLog(dir.resolve("dl.jsonl"));
    Files.writeString(log.file(), "{\"time\":\"2026-01-01T00:00:00Z\",\"source\":\"a\",\"reason\":\"r\"}\nnot json\n");
    assertThatThrownBy(log::read).isInstanceOf(IllegalStateException.class).hasMessageContaining("line 2");
  }
}
