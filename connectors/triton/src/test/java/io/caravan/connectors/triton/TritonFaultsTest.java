package io.caravan.connectors.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.caravan.connectors.onnx.EncoderVariant;
import io.caravan.connectors.onnx.InProcessEncoder;
import io.caravan.core.spi.FallbackEncoder;
import io.caravan.core.spi.EncoderInfo;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Failures against a real Triton server: wrong model name, wrong dimension, deadlines, and the
 * server stopped in the middle of a run of queries and started again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TritonFaultsTest {

  private static final InProcessEncoder IN_PROCESS = new InProcessEncoder(EncoderVariant.FP32);
  private static TritonServerProcess server;
  private static TritonClient client;
  private static TritonOptions options;

  @BeforeAll
  static void start() {
    server = TritonServerProcess.startOrSkip();
    client = new TritonClient(server.grpcTarget());
    options = TritonOptions.defaults(server.grpcTarget()).withRetries(2, Duration.ofMillis(20)).withBreaker(3, Duration.ofMillis(500));
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Order(1)
  void aWrongModelNameIsNamedAtStart() {
    try (TritonEncoder e = TritonEncoder.miniLm(client, "all_minilm_l12_v2", options)) {
      TritonException t = catchThrowableOfType(TritonException.class, e::start);
      assertThat(t.kind()).isEqualTo(TritonException.Kind.MODEL_NOT_READY);
      assertThat(t).hasMessageContaining("'all_minilm_l12_v2'").hasMessageContaining(server.grpcTarget());
    }
  }

  @Test
  @Order(1)
  void aModelOfAnotherDimensionIsRefusedAtStart() {
    GuardedModel m = new GuardedModel(client, TritonEncoder.MINILM_MODEL, options);
    try (TritonEncoder e = new TritonEncoder(m, new EncoderInfo("all-mpnet-base-v2", 768), options, ClientTokenizer.miniLm())) {
      TritonException t = catchThrowableOfType(TritonException.class, e::start);
      assertThat(t.kind()).isEqualTo(TritonException.Kind.MODEL_MISMATCH);
      assertThat(t).hasMessageContaining("'embedding'").hasMessageContaining("[-1, 384]").hasMessageContaining("[-1, 768]");
    }
  }

  @Test
  @Order(1)
  void aModelWithOtherInputsIsRefusedAtStart() {
    GuardedModel m = new GuardedModel(client, "fusion_reranker", options);
    try (TritonEncoder e = TritonEncoder.miniLm(client, "fusion_reranker", options)) {
      assertThatThrownBy(e::start).isInstanceOf(TritonException.class).hasMessageContaining("has no input 'input_ids'");
    }
    assertThat(m.model()).isEqualTo("fusion_reranker");
  }

  @Test
  @Order(1)
  void aCallPastItsDeadlineFailsWithDeadlineExceeded() {
    TritonOptions tight = options.withTimeout(Duration.ofNanos(1000)).withRetries(1, Duration.ofMillis(1));
    try (TritonEncoder e = TritonEncoder.miniLm(client, TritonEncoder.MINILM_MODEL, tight)) {
      TritonException t = catchThrowableOfType(TritonException.class, () -> e.encodeQuery("how many humps has a Bactrian camel"));
      assertThat(t.kind()).isEqualTo(TritonException.Kind.DEADLINE_EXCEEDED);
      assertThat(t).hasMessageContaining("DEADLINE_EXCEEDED");
    }
  }

  @Test
  @Order(2)
  void whenTheServerStopsCallsFailFastOrFallBackAndRecoverWhenItIsBack() {
    List<String> questions = SampleCorpus.questions();
    try (TritonEncoder strict = TritonEncoder.miniLm(client, TritonEncoder.MINILM_MODEL, options);
        TritonEncoder remote = TritonEncoder.miniLm(client, TritonEncoder.MINILM_MODEL, options)) {
      FallbackEncoder lenient = new FallbackEncoder(remote, IN_PROCESS, remote.fallback());
      strict.start();
      for (String q : questions.subList(0, 5)) {
        strict.encodeQuery(q);
        lenient.encodeQuery(q);
      }
      assertThat(lenient.fallbacks()).isZero();

      server.stop();

      // without fallback: a clear error, bounded by the deadlines, then at once while the breaker is open
      long worstNanos = 0;
      TritonException last = null;
      for (String q : questions.subList(5, 15)) {
        long t0 = System.nanoTime();
        last = catchThrowableOfType(TritonException.class, () -> strict.encodeQuery(q));
        worstNanos = Math.max(worstNanos, System.nanoTime() - t0);
        assertThat(last).isNotNull();
        assertThat(last.kind()).isIn(TritonException.Kind.UNAVAILABLE, TritonException.Kind.CIRCUIT_OPEN);
        assertThat(last).hasMessageContaining(server.grpcTarget());
      }
      assertThat(Duration.ofNanos(worstNanos)).isLessThan(Duration.ofSeconds(5));
      assertThat(strict.metrics().refusedByBreaker()).isPositive();
      long t0 = System.nanoTime();
      TritonException open = catchThrowableOfType(TritonException.class, () -> strict.encodeQuery(questions.get(0)));
      assertThat(open.kind()).isEqualTo(TritonException.Kind.CIRCUIT_OPEN);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("open breaker fails fast").isLessThan(Duration.ofMillis(200));

      // with fallback: the in-process vector, and the fallback counted
      String q = questions.get(20);
      float[] v = lenient.encodeQuery(q);
      assertThat(TritonEncoderParityTest.dot(v, IN_PROCESS.encodeQuery(q))).isGreaterThan(0.9999);
      assertThat(lenient.fallbacks()).isEqualTo(1);
      assertThat(remote.metrics().fallbacks()).isEqualTo(1);

      server.start();

      // no restart of the client: the channel reconnects, the breaker lets a probe through
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      float[] back = null;
      while (back == null && System.nanoTime() < until) {
        try {
          back = strict.encodeQuery(q);
        } catch (TritonException e) {
          sleep(100);
        }
      }
      assertThat(back).as("traffic recovers after the server is back").isNotNull();
      assertThat(strict.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
      long before = lenient.fallbacks();
      lenient.encodeQuery(questions.get(21));
      assertThat(lenient.fallbacks()).as("no fallback once the server is back").isEqualTo(before);
      System.out.println("after the outage: " + strict.metrics());
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
