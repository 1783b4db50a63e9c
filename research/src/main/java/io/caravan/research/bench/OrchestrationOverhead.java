package io.caravan.research.bench;

import io.caravan.research.eval.stats.Percentiles;
import io.caravan.runtime.Caravan;
import io.caravan.core.Query;
import io.caravan.core.RagState;
import io.caravan.core.spi.Step;
import io.caravan.core.step.StepRunner;
import java.util.List;

/**
 * The cost of orchestration: the same questions run through the BPMN process (Flowable, then one
 * Camel {@code direct:} exchange per step) and as plain Java calls of the very same step objects.
 * The two paths alternate question by question (ABBA order) in one JVM, so machine noise hits both
 * alike; the figures that matter are the ratio and the difference of the medians.
 *
 * <p>Warm-up matters more than usual: a process run executes thousands of Flowable, MyBatis and H2
 * methods, which the JIT compiles fully only after thousands of runs. Measured here: the engine's
 * share per run was 1.5 ms after 200 runs and 0.5 ms (mean, GC included) after 3,000. A server
 * lives in the second regime, so the warm-up runs a fixed number of queries through both paths.
 */
public final class OrchestrationOverhead {

  /** Medians and tails in milliseconds, per query. */
  public record Result(int queries, double processP50, double directP50, double processP95, double directP95, double pairedMedianDiff) {
    public double ratio() {
      return processP50 / directP50;
    }

    public double overheadShare() {
      return (processP50 - directP50) / processP50;
    }
  }

  private final Caravan caravan;
  private final String process;

  public OrchestrationOverhead(Caravan caravan, String process) {
    this.caravan = caravan;
    this.process = process;
  }

  public Result run(List<String> questions, int k, int warmupRuns, int rounds) {
    List<Step> steps = caravan.steps();
    for (int i = 0; i < warmupRuns; i++) {
      Query q = Query.of(questions.get(i % questions.size()), k);
      caravan.ask(q, process);
      direct(steps, q);
    }
    int n = questions.size() * rounds;
    double[] viaProcess = new double[n];
    double[] viaJava = new double[n];
    double[] diff = new double[n];
    int i = 0;
    for (int r = 0; r < rounds; r++) {
      for (String q : questions) {
        Query query = Query.of(q, k);
        boolean processFirst = (i % 2 == 0);
        double a;
        double b;
        if (processFirst) {
          a = timeProcess(query);
          b = timeDirect(steps, query);
        } else {
          b = timeDirect(steps, query);
          a = timeProcess(query);
        }
        viaProcess[i] = a;
        viaJava[i] = b;
        diff[i] = a - b;
        i++;
      }
    }
    return new Result(n, percentile(viaProcess, 50), percentile(viaJava, 50), percentile(viaProcess, 95), percentile(viaJava, 95), percentile(diff, 50));
  }

  private double timeProcess(Query q) {
    long t0 = System.nanoTime();
    RagState s = caravan.ask(q, process);
    long t1 = System.nanoTime();
    check(s);
    return (t1 - t0) / 1e6;
  }

  private static double timeDirect(List<Step> steps, Query q) {
    long t0 = System.nanoTime();
    RagState s = direct(steps, q);
    long t1 = System.nanoTime();
    check(s);
    return (t1 - t0) / 1e6;
  }

  private static RagState direct(List<Step> steps, Query q) {
    RagState s = RagState.start(q);
    for (Step step : steps) {
      s = StepRunner.run(step, s);
    }
    return s;
  }

  /** Both paths must do the whole work, or the comparison means nothing. */
  private static void check(RagState s) {
    if (s.answer() == null || s.trace().events().size() < 3) {
      throw new IllegalStateException("a run did not reach generate: " + s.trace().events());
    }
  }

  static double percentile(double[] values, double p) {
    return new Percentiles(values).at(p);
  }
}
