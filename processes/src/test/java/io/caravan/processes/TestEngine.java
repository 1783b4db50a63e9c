package io.caravan.processes;

import io.caravan.core.RagState;
import io.caravan.core.TraceEvent;
import java.util.List;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real Flowable on in-memory H2 and real Camel over {@link TestCorpus#steps()}, started once for a
 * test class and closed after it; register it as {@code @RegisterExtension static final TestEngine
 * engine = TestEngine.withBundledProcesses();}. Tests that replace or close parts of the engine
 * start their own instead.
 */
final class TestEngine implements BeforeAllCallback, AfterAllCallback {

  private final boolean deployBundled;
  private DefaultCamelContext camel;
  private ProcessRunner runner;

  private TestEngine(boolean deployBundled) {
    this.deployBundled = deployBundled;
  }

  /** The bundled processes deployed, as an application starts. */
  static TestEngine withBundledProcesses() {
    return new TestEngine(true);
  }

  /** Nothing deployed: each test deploys what it runs. */
  static TestEngine withoutProcesses() {
    return new TestEngine(false);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    camel = StepRoutes.start(TestCorpus.steps());
    runner = new ProcessRunner(camel);
    if (deployBundled) {
      runner.deployBundled();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (runner != null) {
      runner.close();
    }
    if (camel != null) {
      camel.close();
    }
  }

  ProcessRunner runner() {
    return runner;
  }

  /** The names of the steps a run went through, in order, from its trace. */
  static List<String> steps(RagState state) {
    return state.trace().events().stream().map(TraceEvent::step).toList();
  }
}
