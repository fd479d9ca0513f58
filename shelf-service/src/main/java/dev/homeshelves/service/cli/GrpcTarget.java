package dev.homeshelves.service.cli;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import picocli.CommandLine.Option;

/** The {@code --target host:port} option shared by homectl commands. */
public final class GrpcTarget {

  @Option(
      names = "--target",
      defaultValue = "localhost:50051",
      paramLabel = "HOST:PORT",
      description = "Address of the service's gRPC port (default: ${DEFAULT-VALUE}).")
  String target;

  /** A plaintext channel to the target; shut it down when done. */
  public ManagedChannel open() {
    return ManagedChannelBuilder.forTarget(target).usePlaintext().build();
  }

  @Override
  public String toString() {
    return target;
  }
}
