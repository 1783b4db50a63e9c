package io.caravan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.server.HttpDeadlineTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code caravan ask} on a process that runs past its deadline: one line in words, exit code 1. */
class AskDeadlineTest {

  @Test
  void askStopsAtTheDeadlineWithAOneLineMessage(@TempDir Path dir) throws Exception {
    HttpDeadlineTest.writeSlowLoop(dir.resolve("routes"), dir.resolve("processes"));
    CliRun run = CliRun.of(
        "ask", "spin", "-p", "slow-loop",
        "--data", dir.resolve("data").toString(),
        "--encoder", "int8",
        "--set", "caravan.routes.dir=" + dir.resolve("routes"),
        "--set", "caravan.process.dir=" + dir.resolve("processes"),
        "--set", "caravan.query.timeout-ms=200");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    String first = run.err().lines().filter(l -> l.startsWith("caravan ask: process")).findFirst().orElseThrow(() -> new AssertionError(run.err()));
    assertThat(first)
        .startsWith("caravan ask: process 'slow-loop' ran past its deadline of 200 ms and was stopped before task 'nap'")
        .endsWith("; raise caravan.query.timeout-ms to give queries longer")
        .doesNotContain("Exception");
  }
}
