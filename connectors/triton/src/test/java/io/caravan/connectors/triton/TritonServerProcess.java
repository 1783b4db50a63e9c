package io.caravan.connectors.triton;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Triton server for a test class ({@link LocalTritonServer}). When the environment from
 * {@code scripts/triton-env.sh} is missing, the calling tests are skipped with a message saying how
 * to get it, unless {@code CARAVAN_TRITON_REQUIRED=true} (set by {@code scripts/test.sh}) or the
 * system property {@code caravan.triton.required=true} makes that a failure.
 */
final class TritonServerProcess implements AutoCloseable {

  private final LocalTritonServer server;

  private TritonServerProcess(LocalTritonServer server) {
    this.server = server;
  }

  static TritonServerProcess startOrSkip(String... extraArgs) {
    Path root = repositoryRoot();
    Path home = home();
    String missing = LocalTritonServer.missing(home);
    if (missing != null) {
      if (Boolean.getBoolean("caravan.triton.required") || "true".equals(System.getenv("CARAVAN_TRITON_REQUIRED"))) {
        fail(missing + "; caravan.triton.required=true makes a missing server a failure");
      }
      Assumptions.abort(missing + ", or run the suite with scripts/test.sh");
    }
    LocalTritonServer s = new LocalTritonServer(root, home, List.of(extraArgs));
    s.start(Duration.ofSeconds(90));
    return new TritonServerProcess(s);
  }

  /**
   * A server that also serves {@code gguf} as the generator model ({@code --llm-model}); skipped
   * like {@link #startOrSkip} when llama-cpp-cffi is not in the environment.
   */
  static TritonServerProcess startWithLlmOrSkip(Path gguf, String... extraArgs) {
    Path home = home();
    String missing = LocalTritonServer.missingLlm(home);
    if (missing != null) {
      if (Boolean.getBoolean("caravan.triton.required") || "true".equals(System.getenv("CARAVAN_TRITON_REQUIRED"))) {
        fail(missing + "; caravan.triton.required=true makes a missing server a failure");
      }
      Assumptions.abort(missing + ", or run the suite with scripts/test.sh");
    }
    List<String> args = new ArrayList<>(List.of("--llm-model", gguf.toString()));
    args.addAll(List.of(extraArgs));
    LocalTritonServer s = new LocalTritonServer(repositoryRoot(), home, args);
    s.start(Duration.ofSeconds(120));
    return new TritonServerProcess(s);
  }

  static Path home() {
    String configured = System.getProperty("caravan.triton.home", System.getenv().getOrDefault("CARAVAN_TRITON_HOME", ""));
    return configured.isBlank() ? repositoryRoot().resolve(".caravan/triton") : Path.of(configured);
  }

  static Path repositoryRoot() {
    return LocalTritonServer.repositoryRoot();
  }

  String grpcTarget() {
    return server.grpcTarget();
  }

  void start() {
    server.start(Duration.ofSeconds(90));
  }

  void stop() {
    server.stop();
  }

  @Override
  public void close() {
    server.stop();
  }
}
