package io.caravan.connectors.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {

  @Test
  void itemsWaitingTogetherShareOneCallAndEachGetsItsOwnResult() throws Exception {
    List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch release = new CountDownLatch(1);
    try (MicroBatcher<Integer, Integer> b =
        new MicroBatcher<>("t", items -> {
          sizes.add(items.size());
          await(release);
          return items.stream().map(i -> i * 10).toList();
        }, Duration.ofMillis(1), 4, 1)) {
      // the first call holds the only worker; the next 10 items queue up meanwhile
      CompletableFuture<Integer> first = b.submit(0);
      Thread.sleep(50);
      List<CompletableFuture<Integer>> rest = new ArrayList<>();
      for (int i = 1; i <= 10; i++) {
        rest.add(b.submit(i));
      }
      Thread.sleep(50);
      release.countDown();
      assertThat(first.get(5, TimeUnit.SECONDS)).isZero();
      for (int i = 1; i <= 10; i++) {
        assertThat(rest.get(i - 1).get(5, TimeUnit.SECONDS)).isEqualTo(i * 10);
      }
    }
    assertThat(sizes).startsWith(1, 4).allMatch(s -> s <= 4);
    assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(11);
  }

  @Test
  void aFailedCallFailsEveryItemOfItsBatchWithTheCause() {
    try (MicroBatcher<Integer, Integer> b =
        new MicroBatcher<>("t", items -> {
          throw new TritonException(TritonException.Kind.UNAVAILABLE, "down");
        }, Duration.ofMillis(1), 4, 1)) {
      CompletableFuture<Integer> f = b.submit(1);
      assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TritonException.class);
    }
  }

  @Test
  void aCallReturningTheWrongNumberOfResultsIsAnError() {
    try (MicroBatcher<Integer, Integer> b = new MicroBatcher<>("t", items -> List.of(), Duration.ofMillis(1), 4, 1)) {
      assertThatThrownBy(() -> b.submit(1).get(5, TimeUnit.SECONDS)).hasRootCauseMessage("batch call returned 0 results for 1 items");
    }
  }

  @Test
  void concurrencyIsBounded() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    try (MicroBatcher<Integer, Integer> b =
        new MicroBatcher<>("t", items -> {
          most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          sleep(20);
          inFlight.decrementAndGet();
          return items;
        }, Duration.ofNanos(1), 1, 2)) {
      List<CompletableFuture<Integer>> all = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        all.add(b.submit(i));
      }
      for (CompletableFuture<Integer> f : all) {
        f.get(5, TimeUnit.SECONDS);
      }
    }
    assertThat(most.get()).isEqualTo(2);
  }

  @Test
  void aClosedBatcherRefusesNewItems() {
    MicroBatcher<Integer, Integer> b = new MicroBatcher<>("t", items -> items, Duration.ofMillis(1), 4, 1);
    b.close();
    assertThatThrownBy(() -> b.submit(1).get(1, TimeUnit.SECONDS)).hasRootCauseMessage("batcher is closed");
  }

  private static void await(CountDownLatch l) {
    try {
      l.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
