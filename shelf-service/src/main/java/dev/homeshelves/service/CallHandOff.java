package dev.homeshelves.service;

import io.grpc.Context;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each call's work from the network thread to the call pool exactly once, at the point
 * where the service's handler runs, and keeps the call's callbacks in order.
 *
 * <p>The gRPC server delivers callbacks on its network thread ({@link GrpcTransportThreads}).
 * A unary or server-streaming handler runs at half-close, so the call is started (the
 * interceptors' header checks), and its one request message taken, right there on the network
 * thread; the half-close, and with it the handler, goes to the pool. A client- or bidi-streaming
 * call's messages go to the pool too. Later callbacks (ready, cancelled, complete) run inline
 * when nothing of the call is on the pool, else after it, so the service sees them in order and
 * never two at a time, as with grpc-java's own per-call executor.
 *
 * <p>Why: grpc-java's executor takes each callback as a task of its own, and each task woke a
 * pool thread: about 7 wake-ups per call on the pool alone when GetHome still ran there
 * (loadtest/scripts/thread-wakeups.sh, docs/performance.md). The call's {@link Context} (its
 * deadline and cancellation) is current on the pool thread as it was on the network thread.
 *
 * <p>A method whose handler never blocks (GetHome: its Bigtable read is asynchronous, and the
 * answer is built where the read completes) skips the pool altogether.
 */
final class CallHandOff implements ServerInterceptor {

  private static final Logger LOG = LoggerFactory.getLogger(CallHandOff.class);

  private final Executor pool;
  private final Set<String> nonBlocking;

  /**
   * @param nonBlockingMethods full names of the methods whose handlers never block (they start
   *     asynchronous work and return): these run on the network thread with no hand-off at all
   */
  CallHandOff(Executor pool, Set<String> nonBlockingMethods) {
    this.pool = pool;
    this.nonBlocking = Set.copyOf(nonBlockingMethods);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (nonBlocking.contains(call.getMethodDescriptor().getFullMethodName())) {
      return next.startCall(call, headers);
    }
    Ordered<R> order = new Ordered<>(call, Context.current(), pool);
    boolean messagesOnPool = !call.getMethodDescriptor().getType().clientSendsOneMessage();
    return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
      @Override
      public void onMessage(Q message) {
        if (messagesOnPool) {
          order.onPool(() -> super.onMessage(message));
        } else {
          order.inlineIfIdle(() -> super.onMessage(message));
        }
      }

      @Override
      public void onHalfClose() {
        order.onPool(super::onHalfClose);
      }

      @Override
      public void onCancel() {
        order.inlineIfIdle(super::onCancel);
      }

      @Override
      public void onComplete() {
        order.inlineIfIdle(super::onComplete);
      }

      @Override
      public void onReady() {
        order.inlineIfIdle(super::onReady);
      }
    };
  }

  /**
   * One call's callbacks, one at a time and in order: a callback arriving while an earlier one
   * runs or waits on the pool queues behind it and runs on the same pool thread. The network
   * thread delivers a call's callbacks one after another, so nothing is queued while a callback
   * runs inline.
   */
  private static final class Ordered<R> {
    private final ServerCall<?, R> call;
    private final Context context;
    private final Executor pool;
    private final ArrayDeque<Runnable> queued = new ArrayDeque<>();
    private boolean busy;

    Ordered(ServerCall<?, R> call, Context context, Executor pool) {
      this.call = call;
      this.context = context;
      this.pool = pool;
    }

    void inlineIfIdle(Runnable callback) {
      if (claim(callback)) {
        runFrom(callback);
      }
    }

    void onPool(Runnable callback) {
      if (!claim(callback)) {
        return;
      }
      try {
        pool.execute(() -> runFrom(callback));
      } catch (RejectedExecutionException e) {
        // The pool is shut down: the server is stopping.
        synchronized (this) {
          queued.clear();
          busy = false;
        }
        closeQuietly(Status.UNAVAILABLE.withDescription("the server is shutting down"));
      }
    }

    /** Whether the caller runs {@code callback} now; if not, it is queued behind the running one. */
    private synchronized boolean claim(Runnable callback) {
      if (busy) {
        queued.add(callback);
        return false;
      }
      busy = true;
      return true;
    }

    private void runFrom(Runnable first) {
      Runnable next = first;
      while (next != null) {
        run(next);
        synchronized (this) {
          next = queued.poll();
          if (next == null) {
            busy = false;
          }
        }
      }
    }

    private void run(Runnable callback) {
      try {
        context.run(callback);
      } catch (RuntimeException e) {
        // GrpcErrorMapping, further in, turns the services' errors into statuses; what reaches
        // here is a bug in the chain itself. grpc-java would cancel the stream with UNKNOWN.
        LOG.error("unexpected error in a gRPC callback of {}", call.getMethodDescriptor().getFullMethodName(), e);
        closeQuietly(Status.INTERNAL.withDescription("internal error (details in the server log)"));
      }
    }

    private void closeQuietly(Status status) {
      try {
        call.close(status, new Metadata());
      } catch (IllegalStateException alreadyClosed) {
        // Nothing to tell the client.
      }
    }
  }
}
