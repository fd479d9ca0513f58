package dev.homeshelves.service.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import dev.homeshelves.api.v1.GetHomeRequest;
import dev.homeshelves.api.v1.GetHomeResponse;
import dev.homeshelves.api.v1.HomeServiceGrpc;
import dev.homeshelves.api.v1.Item;
import dev.homeshelves.api.v1.Shelf;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code homectl home}: prints a user's Home, readably or as proto3 JSON. */
@Command(name = "home", mixinStandardHelpOptions = true,
    description = "Prints a user's Home (GetHome): each shelf with its id, each card with its item id and title.")
final class HomeCommand implements Callable<Integer> {

  @Option(names = "--user", required = true, description = "The user id.")
  String user;

  @Option(names = "--json", description = "Print the GetHomeResponse as proto3 JSON.")
  boolean json;

  @Option(names = "--max-shelves", defaultValue = "0", description = "Shelves to ask for (0 = server default).")
  int maxShelves;

  @Option(names = "--max-items", defaultValue = "0", description = "Items per shelf to ask for (0 = server default).")
  int maxItems;

  @Option(names = "--timeout-ms", defaultValue = "5000", description = "Call deadline in ms (default: ${DEFAULT-VALUE}).")
  long timeoutMs;

  @Mixin GrpcTarget target;

  @Override
  public Integer call() throws InvalidProtocolBufferException {
    ManagedChannel channel = target.open();
    try {
      GetHomeResponse response =
          HomeServiceGrpc.newBlockingStub(channel)
              .withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS)
              .getHome(
                  GetHomeRequest.newBuilder()
                      .setUserId(user)
                      .setMaxShelves(maxShelves)
                      .setMaxItemsPerShelf(maxItems)
                      .build());
      if (json) {
        System.out.println(JsonFormat.printer().print(response));
      } else {
        print(user, response, System.out);
      }
      return 0;
    } catch (StatusRuntimeException e) {
      target.reportFailure("GetHome", e, new PrintWriter(System.err, true));
      return 1;
    } finally {
      channel.shutdownNow();
    }
  }

  /**
   * Readable form: per shelf its title and id, per card its item id first (what `homectl play
   * --track` takes), then title, subtitle and reason.
   */
  static void print(String user, GetHomeResponse response, PrintStream out) {
    out.printf("Home of %s  (%s, generated %s)%n", user, response.getSource(), Timestamps.toString(response.getGeneratedAt()));
    int n = 1;
    for (Shelf shelf : response.getShelvesList()) {
      out.printf("%n%d. %s%s%n", n++, shelf.getTitle(), shelf.getStale() ? "  [stale]" : "");
      out.printf("   shelf %s by %s, computed %s%n", shelf.getId(), shelf.getFunctionId(),
          shelf.hasComputedAt() ? Timestamps.toString(shelf.getComputedAt()) : "-");
      int idWidth = shelf.getItemsList().stream().mapToInt(item -> item.getId().length()).max().orElse(0);
      for (Item item : shelf.getItemsList()) {
        out.printf("   - %-" + Math.max(1, idWidth) + "s  %s%s%s%n", item.getId(), item.getTitle(),
            item.getSubtitle().isEmpty() ? "" : " — " + item.getSubtitle(),
            item.getReason().isEmpty() ? "" : "   (" + item.getReason() + ")");
      }
    }
    if (response.getShelvesCount() == 0) {
      out.println("(no shelves)");
    }
  }
}
