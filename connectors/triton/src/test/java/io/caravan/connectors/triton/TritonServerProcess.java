package io.caravan.connectors.triton;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Triton Inference Server for tests: {@code triton/server.py} run from the venv that {@code
 * scripts/triton-env.sh} prepares, on free loopback ports. Tests can stop and start it again on the
 * same ports (fault tests).
 *
 * <p>When the venv is missing, the tests that need the server are skipped with a message saying how
 * to get it, unless the system property {@code caravan.triton.required=true} (set by {@code
 * scripts/test.sh}) makes that a failure.
 */
final class TritonServerProcess implements AutoCloseable {

  private final Path root;
  private final Path home;
  private final List<String> extraArgs;
  private final int grpcPort;
  private final int httpPort;
  private final int metricsPort;
  private final Path log;
  private Process process;

  private TritonServerProcess(Path root, Path home, List<String> extraArgs) {
    this.root = root;
    this.home = home;
    this.extraArgs = List.copyOf(extraArgs);
    this.grpcPort = freePort();
    this.httpPort = freePort();
    this.metricsPort = freePort();
    try {
      this.log = Files.createTempFile("tritonserver-", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a server, or skips (fails, when required) the calling test class if none can be started. */
  static TritonServerProcess startOrSkip(String... extraArgs) {
    Path root = repositoryRoot();
    String configured = System.getProperty("caravan.triton.home", "");
    Path home = configured.isBlank() ? root.resolve(".caravan/triton") : Path.of(configured);
    boolean required = Boolean.getBoolean("caravan.triton.required");
    Path python = home.resolve("venv/bin/python");
    if (!Files.isExecutable(python) || !Files.isRegularFile(home.resolve("weights/all-minilm-l6-v2.onnx"))) {
      String why = "no Triton environment at " + home + " (run scripts/triton-env.sh, or the full suite with scripts/test.sh)";
      if (required) {
        fail(why + "; caravan.triton.required=true makes this a failure");
      }
      Assumptions.abort(why);
    }
    TritonServerProcess s = new TritonServerProcess(root, home, List.of(extraArgs));
    s.start();
    return s;
  }

  String grpcTarget() {
    return "127.0.0.1:" + grpcPort;
  }

  /** Starts the server (again) on its ports and waits until both models are ready. */
  void start() {
    if (process != null && process.isAlive()) {
      return;
    }
    List<String> cmd = new ArrayList<>(List.of(
        home.resolve("venv/bin/python").toString(), root.resolve("triton/server.py").toString(),
        "--weights", home.resolve("weights").toString(),
        "--grpc-port", String.valueOf(grpcPort), "--http-port", String.valueOf(httpPort), "--metrics-port", String.valueOf(metricsPort)));
    cmd.addAll(extraArgs);
    try {
      process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + cmd, e);
    }
    long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    try (TritonClient probe = new TritonClient(grpcTarget())) {
      while (System.nanoTime() < until) {
        if (!process.isAlive()) {
          fail("tritonserver exited with " + process.exitValue() + " during start; log " + log + ":\n" + tail());
        }
        if (probe.serverReady(Duration.ofSeconds(1))
            && probe.modelReady("all_minilm_l6_v2", Duration.ofSeconds(1))
            && probe.modelReady("fusion_reranker", Duration.ofSeconds(1))) {
          return;
        }
        sleep(200);
      }
    }
    stop();
    fail("tritonserver not ready after 90 s; log " + log + ":\n" + tail());
  }

  /** Stops the server and everything it started (tritonserver and the Python-backend stubs). */
  void stop() {
    if (process == null) {
      return;
    }
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (ProcessHandle c : children) {
      if (c.isAlive()) {
        c.destroyForcibly();
      }
    }
    for (ProcessHandle c : children) {
      c.onExit().completeOnTimeout(c, 10, TimeUnit.SECONDS).join();
    }
    process = null;
  }

  @Override
  public void close() {
    stop();
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(cannot read the log: " + e + ")";
    }
  }

  static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isRegularFile(p.resolve("triton/server.py"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("triton/server.py not found above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
