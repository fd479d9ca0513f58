package dev.homeshelves.service.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class OrderedParallelTest {

  @Test
  void reportsItemsInStreamOrderWhenLaterOnesFinishFirst() throws Exception {
    // Item 0 waits until item 5 has run, so items 1..5 finish before it.
    var fifthRan = new CountDownLatch(1);
    var reported = Collections.synchronizedList(new ArrayList<Integer>());
    var counts = Collections.synchronizedList(new ArrayList<Long>());

    long finished = new OrderedParallel(2).forEach(IntStream.range(0, 20).boxed().iterator(), i -> {
      if (i == 0) {
        await(fifthRan);
      } else if (i == 5) {
        fifthRan.countDown();
      }
    }, (item, count) -> {
      reported.add(item);
      counts.add(count);
    });

    assertThat(finished).isEqualTo(20);
    assertThat(reported).isEqualTo(IntStream.range(0, 20).boxed().toList());
    assertThat(counts).isEqualTo(IntStream.rangeClosed(1, 20).mapToObj(Long::valueOf).toList());
  }

  @Test
  void takesAtMostFourItemsPerThreadFromTheStreamBeforeTheOldestFinishes() throws Exception {
    var release = new CountDownLatch(1);
    var taken = new AtomicInteger();
    var reported = new AtomicInteger();
    Iterator<Integer> items = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return taken.get() < 30;
      }

      @Override
      public Integer next() {
        return taken.getAndIncrement();
      }
    };
    var runner = new Thread(() -> {
      try {
        new OrderedParallel(3).forEach(items, i -> await(release), (item, count) -> reported.set((int) count));
      } catch (InterruptedException | ExecutionException e) {
        throw new IllegalStateException(e);
      }
    });
    runner.start();

    // Every task is blocked: the runner takes 3 * 4 items, then waits for the oldest.
    Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> runner.getState() == Thread.State.WAITING && taken.get() >= 12);
    assertThat(taken).hasValue(12);
    release.countDown();
    runner.join(10_000);
    assertThat(reported).hasValue(30);
  }

  @Test
  void aFailingTaskStopsTheRunAndIsRethrown() {
    var ran = Collections.synchronizedList(new ArrayList<Integer>());
    List<Integer> items = IntStream.range(0, 1000).boxed().toList();

    assertThatThrownBy(() -> new OrderedParallel(1).forEach(items.iterator(), i -> {
      ran.add(i);
      if (i == 3) {
        throw new IllegalStateException("user 3 broke");
      }
    }, (item, count) -> { }))
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseMessage("user 3 broke");
    assertThat(ran).hasSizeLessThan(1000);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
