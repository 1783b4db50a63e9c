package io.caravan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.core.ClientMessage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code caravan ask} with a question that has nothing visible: one line in words, no Java type. */
class AskHostileInputTest {

  @TempDir Path data;

  @Test
  void theCliRefusesAnInvisibleQuestionInOneLineWithoutAJavaType() {
    CliRun r = CliRun.of("ask", "\u00a0", "--data", data.toString(), "--encoder", "int8");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("caravan ask: query text has no visible character");
    assertThat(ClientMessage.namesJavaType(r.err())).as(r.err()).isFalse();
  }
}
