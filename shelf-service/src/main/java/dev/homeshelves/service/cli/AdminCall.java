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
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * What every admin command of homectl shares: the target, the admin token, {@code --json}, and
 * one way to call AdminService and report a failure. Every command that mixes this in needs the
 * admin token; its usage help says so in the footer {@link #NEEDS_TOKEN}.
 */
public final class AdminCall {

  /** The usage-help footer of every admin command. */
  static final String NEEDS_TOKEN = "%nNeeds the admin token: env HOME_SHELVES_ADMIN_TOKEN (bin/run-local writes it to "
      + "var/local.env, which bin/homectl reads), or --admin-token-file FILE.";

  @Mixin GrpcTarget target;

  @Option(
      names = "--admin-token-file",
      paramLabel = "FILE",
      description = "File holding the admin bearer token (first line). Default: env HOME_SHELVES_ADMIN_TOKEN, "
          + "which bin/run-local writes to var/local.env.")
  Path adminTokenFile;

  @Option(
      names = "--admin-token",
      paramLabel = "TOKEN",
      description = "The admin bearer token itself (visible in `ps`: prefer --admin-token-file or the env var).")
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
    String token = token(spec.qualifiedName().replaceFirst("^homectl ", ""));
    ManagedChannel channel = target.open();
    try {
      T response = call.apply(stub(channel, token));
      if (json) {
        out.println(JsonFormat.printer().print(response));
      } else {
        readable.print(response, out);
      }
      out.flush();
      return 0;
    } catch (StatusRuntimeException e) {
      target.reportFailure(rpc, e, err);
      return 1;
    } catch (InvalidProtocolBufferException e) {
      err.printf("homectl: cannot print the %s response as JSON: %s%n", rpc, e.getMessage());
      err.flush();
      return 1;
    } finally {
      channel.shutdownNow();
    }
  }

  /**
   * The admin token: {@code --admin-token-file}, else {@code --admin-token}, else env
   * HOME_SHELVES_ADMIN_TOKEN. Without one the call could only be refused, so none is made.
   */
  String token(String command) {
    if (adminTokenFile != null) {
      try {
        String first = Files.readAllLines(adminTokenFile).stream().findFirst().orElse("").trim();
        if (first.isEmpty()) {
          throw new UsageException("--admin-token-file " + adminTokenFile + " is empty");
        }
        return first;
      } catch (NoSuchFileException e) {
        throw new UsageException("no such file: " + adminTokenFile + " (--admin-token-file)");
      } catch (IOException e) {
        throw new UsageException("--admin-token-file " + adminTokenFile + " cannot be read: " + e.getMessage());
      }
    }
    if (adminToken != null && !adminToken.isBlank()) {
      return adminToken.trim();
    }
    String fromEnv = LocalEnv.get("HOME_SHELVES_ADMIN_TOKEN");
    if (fromEnv == null) {
      throw new UsageException(command + " needs the admin token: set HOME_SHELVES_ADMIN_TOKEN or pass "
          + "--admin-token-file FILE (bin/run-local writes the token to " + LocalEnv.describe() + ")");
    }
    return fromEnv;
  }

  private AdminServiceBlockingStub stub(ManagedChannel channel, String token) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
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
