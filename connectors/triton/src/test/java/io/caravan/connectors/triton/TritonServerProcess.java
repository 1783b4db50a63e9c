package io.caravan.connectors.triton;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
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
    String configured = System.getProperty("caravan.triton.home", System.getenv().getOrDefault("CARAVAN_TRITON_HOME", ""));
    Path home = configured.isBlank() ? root.resolve(".caravan/triton") : Path.of(configured);
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
