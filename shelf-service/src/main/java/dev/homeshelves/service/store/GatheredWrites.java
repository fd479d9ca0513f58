package dev.homeshelves.service.store;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import com.google.api.core.SettableApiFuture;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.models.BulkMutation;
import com.google.cloud.bigtable.data.v2.models.MutateRowsException;
import com.google.cloud.bigtable.data.v2.models.Mutation;
import com.google.cloud.bigtable.data.v2.models.TableId;
import com.google.common.util.concurrent.MoreExecutors;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Row mutations on their way to one table. While one bulk request is in flight, the mutations
 * that arrive gather and go together in the next request the moment it returns: no timer and
 * no added wait (a lone write goes at once), but at a steady stream one request carries every
 * write of one round trip instead of one request per write. Each write's future completes with
 * its own row's outcome.
 */
final class GatheredWrites {
  private static final int MAX_PER_REQUEST = 1000;

  private final BigtableDataClient data;
  private final TableId table;
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private boolean writing;

  GatheredWrites(BigtableDataClient data, TableId table) {
    this.data = data;
    this.table = table;
  }

  ApiFuture<Void> add(String rowKey, Mutation mutation) {
    var written = SettableApiFuture.<Void>create();
    List<Pending> batch;
    synchronized (this) {
      waiting.add(new Pending(rowKey, mutation, written));
      if (writing) {
        return written;
      }
      writing = true;
      batch = take();
    }
    write(batch);
    return written;
  }

  private List<Pending> take() {
    var batch = new ArrayList<Pending>(Math.min(waiting.size(), MAX_PER_REQUEST));
    while (batch.size() < MAX_PER_REQUEST && !waiting.isEmpty()) {
      batch.add(waiting.poll());
    }
    return batch;
  }

  private void write(List<Pending> batch) {
    var bulk = BulkMutation.create(table);
    batch.forEach(p -> bulk.add(p.rowKey(), p.mutation()));
    ApiFuture<Void> sent;
    try {
      sent = data.bulkMutateRowsAsync(bulk);
    } catch (RuntimeException e) {
      sent = ApiFutures.immediateFailedFuture(e);
    }
    var request = sent;
    request.addListener(() -> {
      complete(batch, request);
      writeNext();
    }, MoreExecutors.directExecutor());
  }

  private void writeNext() {
    List<Pending> batch;
    synchronized (this) {
      if (waiting.isEmpty()) {
        writing = false;
        return;
      }
      batch = take();
    }
    write(batch);
  }

  private void complete(List<Pending> batch, ApiFuture<Void> request) {
    Throwable failure = null;
    try {
      request.get();
    } catch (ExecutionException e) {
      failure = e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = e;
    } catch (RuntimeException e) {
      failure = e;
    }
    if (failure == null) {
      batch.forEach(p -> p.written().set(null));
      return;
    }
    if (failure instanceof MutateRowsException partial) {
      // Only the rows named failed; the others of the request are stored.
      var failed = new Throwable[batch.size()];
      for (var f : partial.getFailedMutations()) {
        failed[f.getIndex()] = f.getError();
      }
      for (int i = 0; i < batch.size(); i++) {
        if (failed[i] == null) {
          batch.get(i).written().set(null);
        } else {
          batch.get(i).written().setException(failed[i]);
        }
      }
      return;
    }
    for (var p : batch) {
      p.written().setException(failure);
    }
  }

  private record Pending(String rowKey, Mutation mutation, SettableApiFuture<Void> written) {}
}
