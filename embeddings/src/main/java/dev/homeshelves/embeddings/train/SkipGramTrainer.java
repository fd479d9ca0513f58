package dev.homeshelves.embeddings.train;

import dev.homeshelves.embeddings.Embeddings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Trains word2vec skip-gram with negative sampling, as the original C tool and gensim do:
 * random window shrinking, sub-sampling of frequent items, negatives drawn with probability
 * {@code count^nsExponent} ({@link NegativeSampler}), a precomputed sigmoid table and a
 * learning rate decaying linearly over all epochs. Threads update the shared matrices without
 * locks (Hogwild); with one thread a seed reproduces the result bit for bit.
 */
public final class SkipGramTrainer {
  private static final int EXP_TABLE_SIZE = 1000;
  private static final int MAX_EXP = 6;
  private static final float[] EXP_TABLE = sigmoidTable();
  /** How many items a worker processes between reading the shared progress (as word2vec.c). */
  private static final int PROGRESS_STEP = 10_000;

  private final Word2VecParams params;
  private final Consumer<TrainingProgress> progress;
  private final TrainingKernel kernel = TrainingKernel.best();

  /** A trainer reporting {@code progress} about once a second (use {@code p -> {}} for none). */
  public SkipGramTrainer(Word2VecParams params, Consumer<TrainingProgress> progress) {
    this.params = params;
    this.progress = progress;
  }

  /** Trains on {@code corpus}; rows of the result follow the vocabulary order. */
  public Embeddings train(Corpus corpus) {
    int vocab = corpus.vocabularySize();
    if (vocab == 0) {
      throw new IllegalArgumentException(
          "no item occurs at least minCount=" + corpus.minCount() + " times: nothing to train");
    }
    int dim = params.dim();
    float[] syn0 = new float[vocab * dim];
    float[] syn1neg = new float[vocab * dim];
    SplittableRandom init = new SplittableRandom(params.seed());
    for (int i = 0; i < syn0.length; i++) {
      syn0[i] = (float) ((init.nextDouble() * 2 - 1) / dim);  // gensim 4's range
    }
    Shared shared = new Shared(
        corpus, syn0, syn1neg, NegativeSampler.of(corpus, params.nsExponent()), keepProbabilities(corpus));

    long started = System.nanoTime();
    ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "word2vec-progress");
      t.setDaemon(true);
      return t;
    });
    reporter.scheduleAtFixedRate(() -> report(shared, started), 1, 1, TimeUnit.SECONDS);
    try {
      runWorkers(shared);
    } finally {
      reporter.shutdownNow();
    }
    report(shared, started);

    List<String> ids = new ArrayList<>(vocab);
    for (int i = 0; i < vocab; i++) {
      ids.add(corpus.item(i));
    }
    return Embeddings.of(ids, syn0, dim);
  }

  private void runWorkers(Shared shared) {
    int threads = params.threads();
    int sequences = shared.corpus.sequenceCount();
    // Threads take chunks of sequences in file order and meet at the end of each epoch, so a
    // descheduled thread never trains its share with a learning rate meant for a later epoch.
    AtomicInteger cursor = new AtomicInteger();
    CyclicBarrier endOfEpoch = new CyclicBarrier(threads, () -> cursor.set(0));
    int longest = 0;
    for (int s = 0; s < sequences; s++) {
      longest = Math.max(longest, shared.corpus.start(s + 1) - shared.corpus.start(s));
    }
    List<Thread> running = new ArrayList<>(threads);
    Throwable[] failure = new Throwable[1];
    for (int t = 0; t < threads; t++) {
      long seed = params.seed() + 0x9E3779B97F4A7C15L * (t + 1);
      int maxLength = longest;
      // Each worker is allocated by its own thread (its own allocation buffer), so the fields
      // one thread writes on every step never share a cache line with another's.
      Thread thread = new Thread(
          () -> new Worker(shared, cursor, endOfEpoch, maxLength, seed).run(), "word2vec-" + t);
      thread.setUncaughtExceptionHandler((th, e) -> {
        synchronized (failure) {
          failure[0] = e;
        }
        endOfEpoch.reset();
      });
      running.add(thread);
      thread.start();
    }
    for (Thread thread : running) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while training", e);
      }
    }
    synchronized (failure) {
      if (failure[0] != null) {
        throw new IllegalStateException("a training thread failed", failure[0]);
      }
    }
  }

  private void report(Shared shared, long started) {
    long done = shared.processed.get();
    double fraction = Math.min(1.0, done / (double) shared.totalWork);
    double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
    double rate = done / seconds;
    long etaSeconds = rate > 0 ? (long) ((shared.totalWork - done) / rate) : 0;
    int epoch = Math.min(params.epochs(), 1 + (int) (fraction * params.epochs()));
    progress.accept(new TrainingProgress(
        epoch, params.epochs(), fraction, rate, alphaAt(fraction),
        Duration.ofNanos(System.nanoTime() - started), Duration.ofSeconds(etaSeconds)));
  }

  private double alphaAt(double fraction) {
    return Math.max(params.minAlpha(), params.alpha() - (params.alpha() - params.minAlpha()) * fraction);
  }

  /** Probability of keeping each occurrence of an item, as gensim computes it from {@code sample}. */
  private float[] keepProbabilities(Corpus corpus) {
    float[] keep = new float[corpus.vocabularySize()];
    double threshold = params.sample() * corpus.retainedItemCount();
    for (int i = 0; i < keep.length; i++) {
      double count = corpus.count(i);
      double p = params.sample() == 0 ? 1.0 : (Math.sqrt(count / threshold) + 1) * threshold / count;
      keep[i] = (float) Math.min(1.0, p);
    }
    return keep;
  }

  private static float[] sigmoidTable() {
    float[] table = new float[EXP_TABLE_SIZE];
    for (int i = 0; i < EXP_TABLE_SIZE; i++) {
      double e = Math.exp((i / (double) EXP_TABLE_SIZE * 2 - 1) * MAX_EXP);
      table[i] = (float) (e / (e + 1));
    }
    return table;
  }

  /** What every worker reads and writes. */
  private final class Shared {
    final Corpus corpus;
    final float[] syn0;
    final float[] syn1neg;
    final NegativeSampler negatives;
    final float[] keep;
    final long totalWork;
    final AtomicLong processed = new AtomicLong();

    Shared(Corpus corpus, float[] syn0, float[] syn1neg, NegativeSampler negatives, float[] keep) {
      this.corpus = corpus;
      this.syn0 = syn0;
      this.syn1neg = syn1neg;
      this.negatives = negatives;
      this.keep = keep;
      this.totalWork = Math.max(1, corpus.retainedItemCount() * params.epochs());
    }
  }

  /** One training thread: takes chunks of sequences until the epoch is done, for every epoch. */
  private final class Worker implements Runnable {
    private static final int CHUNK = 256;
    private final Shared shared;
    private final AtomicInteger cursor;
    private final CyclicBarrier endOfEpoch;
    private final float[] neu1e = new float[params.dim()];
    private final int[] sentence;
    private long next;
    private long unreported;
    private float alpha = (float) params.alpha();

    Worker(Shared shared, AtomicInteger cursor, CyclicBarrier endOfEpoch, int longest, long seed) {
      this.shared = shared;
      this.cursor = cursor;
      this.endOfEpoch = endOfEpoch;
      this.sentence = new int[longest];
      this.next = seed;
    }

    /** The 48-bit linear congruential generator of word2vec.c and gensim. */
    private long random() {
      next = next * 25214903917L + 11;
      return next >>> 16;
    }

    /** A random int in [0, bound): the top 31 random bits scaled by a multiplication, not a division. */
    private int randomBelow(int bound) {
      return (int) (((random() >>> 17) * bound) >>> 31);
    }

    @Override
    public void run() {
      int sequences = shared.corpus.sequenceCount();
      for (int epoch = 0; epoch < params.epochs(); epoch++) {
        for (int chunk = cursor.getAndAdd(CHUNK); chunk < sequences; chunk = cursor.getAndAdd(CHUNK)) {
          for (int s = chunk; s < Math.min(sequences, chunk + CHUNK); s++) {
            trainSequence(s);
          }
        }
        awaitEndOfEpoch();
      }
      shared.processed.addAndGet(unreported);
    }

    private void trainSequence(int s) {
      int[] tokens = shared.corpus.tokens();
      float[] keep = shared.keep;
      int window = params.window();
      int start = shared.corpus.start(s);
      int end = shared.corpus.start(s + 1);
      int len = 0;
      for (int t = start; t < end; t++) {
        int w = tokens[t];
        float k = keep[w];
        if (k < 1f && k < (random() & 0xFFFFFF) / 16_777_216f) {
          continue;
        }
        sentence[len++] = w;
      }
      unreported += end - start;
      if (unreported >= PROGRESS_STEP) {
        long done = shared.processed.addAndGet(unreported);
        unreported = 0;
        alpha = (float) alphaAt(done / (double) shared.totalWork);
      }
      for (int i = 0; i < len; i++) {
        int b = randomBelow(window);
        int lo = Math.max(0, i - window + b);
        int hi = Math.min(len - 1, i + window - b);
        for (int j = lo; j <= hi; j++) {
          if (j != i) {
            trainPair(sentence[i], sentence[j], alpha);
          }
        }
      }
    }

    private void awaitEndOfEpoch() {
      try {
        endOfEpoch.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while training", e);
      } catch (BrokenBarrierException e) {
        throw new IllegalStateException("another training thread failed", e);
      }
    }

    /** One positive pair and its negatives: {@code context}'s input vector predicts {@code word}. */
    private void trainPair(int word, int context, float alpha) {
      final int dim = params.dim();
      final float[] syn0 = shared.syn0;
      final float[] syn1 = shared.syn1neg;
      final NegativeSampler negatives = shared.negatives;
      final int columns = negatives.columns();
      final float[] e = neu1e;
      final int l1 = context * dim;
      Arrays.fill(e, 0f);
      for (int n = 0; n <= params.negative(); n++) {
        int target;
        float label;
        if (n == 0) {
          target = word;
          label = 1f;
        } else {
          target = negatives.sample(randomBelow(columns), (int) (random() & 0xFFFFFF));
          if (target == word) {
            continue;
          }
          label = 0f;
        }
        int l2 = target * dim;
        float f = kernel.dot(syn0, l1, syn1, l2, dim);
        if (f <= -MAX_EXP || f >= MAX_EXP) {
          // Saturated: gensim skips the update, which keeps rare negatives from being pushed further.
          continue;
        }
        float g = (label - EXP_TABLE[(int) ((f + MAX_EXP) * (EXP_TABLE_SIZE / MAX_EXP / 2))]) * alpha;
        kernel.update(e, syn1, l2, syn0, l1, g, dim);
      }
      kernel.add(syn0, l1, e, dim);
    }
  }
}
