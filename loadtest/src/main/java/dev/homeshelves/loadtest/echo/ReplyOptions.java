package dev.homeshelves.loadtest.echo;

import dev.homeshelves.api.v1.GetHomeRequest;
import dev.homeshelves.api.v1.GetHomeResponse;
import dev.homeshelves.api.v1.HomeServiceGrpc;
import dev.homeshelves.loadtest.load.LoopbackTarget;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/** What the echo server answers: a real Home fetched from the service, or one of a chosen size. */
public final class ReplyOptions {
  /**
   * Serialized size of a typical Home, used when no service is at hand to fetch a real one;
   * docs/performance.md says how it was measured.
   */
  public static final int TYPICAL_HOME_BYTES = 3500;

  @Option(names = "--reply-bytes",
      description = "Echo a synthetic Home of this serialized size (default when no service is"
          + " given: " + TYPICAL_HOME_BYTES + ").")
  Integer replyBytes;

  @Option(names = "--reply-file",
      description = "Echo this serialized GetHomeResponse (binary protobuf).")
  Path replyFile;

  @Option(names = "--reply-from",
      description = "Echo the Home that the service at host:port returns for --reply-user.")
  String replyFrom;

  @Option(names = "--reply-user",
      description = "User whose Home --reply-from fetches (default: the most popular user of"
          + " --user-pattern).")
  String replyUser;

  /**
   * The reply to echo, by the first that applies: {@code --reply-file}, {@code --reply-bytes},
   * the Home of {@code --reply-user} (else {@code defaultUser}) fetched from
   * {@code --reply-from} (or from {@code service} when not null), a
   * synthetic Home of {@link #TYPICAL_HOME_BYTES}.
   */
  public GetHomeResponse reply(LoopbackTarget service, String defaultUser) throws IOException {
    if (replyFile != null) {
      try {
        return GetHomeResponse.parseFrom(Files.readAllBytes(replyFile));
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "--reply-file " + replyFile + " is not a readable GetHomeResponse: " + e.getMessage(), e);
      }
    }
    if (replyBytes != null) {
      return TypicalHome.ofSize(replyBytes);
    }
    LoopbackTarget from = replyFrom != null ? LoopbackTarget.parse(replyFrom) : service;
    if (from != null) {
      String user = replyUser != null ? replyUser : defaultUser;
      return fetch(from, GetHomeRequest.newBuilder().setUserId(user).build());
    }
    return TypicalHome.ofSize(TYPICAL_HOME_BYTES);
  }

  private static GetHomeResponse fetch(LoopbackTarget service, GetHomeRequest request) {
    ManagedChannel channel = NettyChannelBuilder.forAddress(service.host(), service.port())
        .usePlaintext().build();
    try {
      return HomeServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .getHome(request);
    } catch (StatusRuntimeException e) {
      throw new IllegalStateException("could not fetch the Home of '" + request.getUserId()
          + "' from " + service + " to use as the echo reply: " + e.getStatus().getCode() + " "
          + e.getStatus().getDescription(), e);
    } finally {
      channel.shutdownNow();
    }
  }
}
