package dev.homeshelves.service.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.homeshelves.api.v1.AdminServiceGrpc;
import dev.homeshelves.api.v1.AdminServiceGrpc.AdminServiceBlockingStub;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * What every admin command of homectl shares: the target, the admin token, {@code --json}, and
 * one way to call AdminService and report a failure.
 */
public final class AdminCall {

  @Mixin GrpcTarget target;

  @Option(
      names = "--admin-token",
      defaultValue = "${env:HOME_SHELVES_ADMIN_TOKEN}",
      paramLabel = "TOKEN",
      description = "Admin bearer token (default: env HOME_SHELVES_ADMIN_TOKEN).")
  String adminToken;

  @Option(names = "--json", description = "Print the response as proto3 JSON.")
  boolean json;

  @Option(names = "--timeout-ms", defaultValue = "10000", description = "Call deadline in ms (default: ${DEFAULT-VALUE}).")
  long timeoutMs;

  /**
   * Calls AdminService on the target and prints the answer: as JSON with {@code --json},
   * otherwise with {@code readable}. Returns the exit code (1 when the call failed).
   */
  <T extends MessageOrBuilder> int run(
      CommandSpec spec, String rpc, Function<AdminServiceBlockingStub, T> call, Readable<T> readable) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ManagedChannel channel = target.open();
    try {
      T response = call.apply(stub(channel));
      if (json) {
        out.println(JsonFormat.printer().print(response));
      } else {
        readable.print(response, out);
      }
      out.flush();
      return 0;
    } catch (StatusRuntimeException e) {
      err.printf("homectl: %s on %s failed: %s%s%n", rpc, target, e.getStatus().getCode(),
          e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription());
      err.flush();
      return 1;
    } catch (InvalidProtocolBufferException e) {
      err.printf("homectl: cannot print the %s response as JSON: %s%n", rpc, e.getMessage());
      err.flush();
      return 1;
    } finally {
      channel.shutdownNow();
    }
  }

  private AdminServiceBlockingStub stub(ManagedChannel channel) {
    Metadata headers = new Metadata();
    if (adminToken != null && !adminToken.isBlank()) {
      headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + adminToken.trim());
    }
    return AdminServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS);
  }

  /** Prints a response for people. */
  @FunctionalInterface
  interface Readable<T> {
    void print(T response, PrintWriter out);
  }
}
