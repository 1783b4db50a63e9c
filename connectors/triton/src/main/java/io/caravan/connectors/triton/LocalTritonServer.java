package io.caravan.connectors.triton;

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

/**
 * A real Triton Inference Server on this machine, for tests and benchmarks: the project's {@code
 * triton/server.py} run from the environment {@code scripts/triton-env.sh} prepares ({@code
 * <home>/venv}, {@code <home>/weights}), on free loopback ports. It can be stopped and started again
 * on the same ports (fault tests: clients reconnect by themselves).
 *
 * <p>Not for production: there, run Triton as a service (see {@code triton/README.md}) and point
 * {@code caravan.triton.grpc} at it.
 */
public final class LocalTritonServer implements AutoCloseable {

  private final Path root;
  private final Path home;
  private final List<String> extraArgs;
  private final int grpcPort;
  private final int httpPort;
  private final int metricsPort;
  private final Path log;
  private Process process;

  /**
   * @param root the repository root (holds {@code triton/server.py})
   * @param home the folder {@code scripts/triton-env.sh} prepared
   * @param extraArgs more {@code server.py} options, e.g. {@code --no-dynamic-batching}
   */
  public LocalTritonServer(Path root, Path home, List<String> extraArgs) {
    this.root = root;
    this.home = home;
    this.extraArgs = List.copyOf(extraArgs);
    String missing = missing(home);
    if (missing != null) {
      throw new IllegalStateException(missing);
    }
    this.grpcPort = freePort();
    this.httpPort = freePort();
    this.metricsPort = freePort();
    try {
      this.log = Files.createTempFile("tritonserver-", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What is missing for a server at {@code home}, or {@code null} when it can start. */
  public static String missing(Path home) {
    if (!Files.isExecutable(home.resolve("venv/bin/python")) || !Files.isRegularFile(home.resolve("weights/all-minilm-l6-v2.onnx"))) {
      return "no Triton environment at " + home + " (run scripts/triton-env.sh)";
    }
    return null;
  }

  /**
   * What is missing for the generator model ({@code --llm-model}) at {@code home}, or {@code null}:
   * {@code scripts/triton-env.sh} marks a venv where llama-cpp-cffi loads.
   */
  public static String missingLlm(Path home) {
    String missing = missing(home);
    if (missing == null && !Files.isRegularFile(home.resolve("venv/.caravan-llm-ok"))) {
      missing = "llama-cpp-cffi does not load in " + home.resolve("venv") + " (run scripts/triton-env.sh; it says why)";
    }
    return missing;
  }

  /** The repository root: the first folder at or above the working directory that holds {@code triton/server.py}. */
  public static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isRegularFile(p.resolve("triton/server.py"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("triton/server.py not found at or above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  public String grpcTarget() {
    return "127.0.0.1:" + grpcPort;
  }

  /** Base URL of the server's KServe v2 HTTP endpoint (health, metadata, per-model statistics). */
  public String httpUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  /**
   * URL of the server's Prometheus metrics ({@code nv_inference_count}, {@code
   * nv_inference_exec_count}, durations per model); readable without PyTriton's access token, which
   * its statistics API needs.
   */
  public String metricsUrl() {
    return "http://127.0.0.1:" + metricsPort + "/metrics";
  }

  public Path log() {
    return log;
  }

  /**
   * Starts the server (again) on its ports and waits until its models are ready (the generator too
   * when started with {@code --llm-model}).
   *
   * @throws IllegalStateException with the end of the server's log when it exits or is not ready within {@code limit}
   */
  public void start(Duration limit) {
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
    long until = System.nanoTime() + limit.toNanos();
    try (TritonClient probe = new TritonClient(grpcTarget())) {
      while (System.nanoTime() < until) {
        if (!process.isAlive()) {
          int code = process.exitValue();
          process = null;
          throw new IllegalStateException("tritonserver exited with " + code + " during start; log " + log + ":\n" + tail());
        }
        if (probe.serverReady(Duration.ofSeconds(1))
            && probe.modelReady(TritonEncoder.MINILM_MODEL, Duration.ofSeconds(1))
            && probe.modelReady(TritonFusionScorer.MODEL, Duration.ofSeconds(1))
            && (!extraArgs.contains("--llm-model") || probe.modelReady(TritonGenerator.MODEL, Duration.ofSeconds(1)))) {
          return;
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stop();
          throw new IllegalStateException("interrupted while waiting for tritonserver", e);
        }
      }
    }
    stop();
    throw new IllegalStateException("tritonserver not ready after " + limit + "; log " + log + ":\n" + tail());
  }

  /** Stops the server and everything it started (tritonserver, the Python-backend stubs). */
  public void stop() {
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

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
