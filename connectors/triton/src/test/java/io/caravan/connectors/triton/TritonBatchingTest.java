package io.caravan.connectors.triton;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravan.connectors.onnx.EncoderVariant;
import io.caravan.connectors.onnx.InProcessEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real Triton server: concurrent queries share server calls, visible in the metrics. */
class TritonBatchingTest {

  private static TritonServerProcess server;
  private static TritonClient client;

  @BeforeAll
  static void start() {
    server = TritonServerProcess.startOrSkip();
    client = new TritonClient(server.grpcTarget());
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
  void manyConcurrentQueriesBatchIntoFewerServerCalls() throws Exception {
    TritonOptions options = TritonOptions.defaults(server.grpcTarget()).withBatching(Duration.ofMillis(5), 32, 2);
    List<String> questions = SampleCorpus.questions();
    InProcessEncoder reference = new InProcessEncoder(EncoderVariant.FP32);
    try (TritonEncoder encoder = TritonEncoder.miniLm(client, TritonEncoder.MINILM_MODEL, options)) {
      encoder.start();
      ExecutorService pool = Executors.newFixedThreadPool(16);
      try {
        List<Future<float[]>> results = new ArrayList<>();
        for (int i = 0; i < 128; i++) {
          String q = questions.get(i % questions.size());
          results.add(pool.submit(() -> encoder.encodeQuery(q)));
        }
        for (int i = 0; i < results.size(); i++) {
          float[] v = results.get(i).get();
          // each caller gets its own text's vector back, not a neighbour's from the batch
          assertThat(TritonEncoderParityTest.dot(v, reference.encodeQuery(questions.get(i % questions.size())))).isGreaterThan(0.999);
        }
      } finally {
        pool.shutdown();
      }
      ModelMetrics.Snapshot m = encoder.metrics();
      System.out.println("128 concurrent queries: " + m + " batches " + m.batchSizes());
      assertThat(m.items()).isEqualTo(128);
      assertThat(m.calls()).isLessThan(128);
      assertThat(m.meanBatch()).isGreaterThan(1.0);
      assertThat(m.maxBatch()).isLessThanOrEqualTo(32);
    }
  }

  @Test
  void oneIngestionBatchIsSentInCallsOfAtMostMaxBatch() {
    TritonOptions options = TritonOptions.defaults(server.grpcTarget()).withBatching(Duration.ofMillis(2), 8, 2);
    List<String> texts = SampleCorpus.questions().subList(0, 40);
    try (TritonEncoder encoder = TritonEncoder.miniLm(client, TritonEncoder.MINILM_MODEL, options)) {
      assertThat(encoder.encodeAll(texts)).hasSize(40);
      ModelMetrics.Snapshot m = encoder.metrics();
      assertThat(m.items()).isEqualTo(40);
      assertThat(m.maxBatch()).isEqualTo(8);
      assertThat(m.calls()).isBetween(5L, 10L);
    }
  }
}
