package dev.homeshelves.service.cli;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --target host:port}, {@code --tls} and {@code --ca} options shared by homectl
 * commands, and the one way they report a failed call.
 */
public final class GrpcTarget {

  /** Where homectl calls when neither {@code --target} nor an env var says otherwise. */
  static final String DEFAULT_TARGET = "localhost:50051";

  @Option(
      names = "--target",
      paramLabel = "HOST:PORT",
      description = "Address of the service's gRPC port (default: env HOME_SHELVES_TARGET, which bin/run-local "
          + "writes to var/local.env, else " + DEFAULT_TARGET + ").")
  String target;

  @Option(names = "--tls", description = "Call over TLS, trusting the system's certificate authorities (or --ca).")
  boolean tls;

  @Option(names = "--ca", paramLabel = "FILE",
      description = "PEM file of the certificate authority to trust for the server's certificate (implies --tls; "
          + "default with --tls: the system's).")
  Path ca;

  @Option(names = "--cert", paramLabel = "FILE",
      description = "PEM certificate chain this client presents, for a server that requires client certificates (mTLS; with --key).")
  Path cert;

  @Option(names = "--key", paramLabel = "FILE", description = "PEM private key (PKCS#8) of --cert.")
  Path key;

  /** The env var that names the target when {@code --target} is not given (a command may prefer another). */
  private String targetVariable = "HOME_SHELVES_TARGET";

  /** Makes this command look at {@code variable} first (e.g. the worker's target for recompute). */
  void preferVariable(String variable) {
    this.targetVariable = variable;
  }

  /** The address called: {@code --target}, else the env var, else {@link #DEFAULT_TARGET}. */
  String address() {
    if (target != null && !target.isBlank()) {
      return target;
    }
    String fromEnv = LocalEnv.get(targetVariable);
    if (fromEnv == null && !targetVariable.equals("HOME_SHELVES_TARGET")) {
      fromEnv = LocalEnv.get("HOME_SHELVES_TARGET");
    }
    return fromEnv != null ? fromEnv : DEFAULT_TARGET;
  }

  /** A channel to the target (plaintext, or TLS with {@code --tls}/{@code --ca}); shut it down when done. */
  public ManagedChannel open() {
    return Grpc.newChannelBuilder(address(), credentials()).build();
  }

  private ChannelCredentials credentials() {
    if ((cert == null) != (key == null)) {
      throw new UsageException(cert == null ? "--key needs --cert" : "--cert needs --key");
    }
    if (ca == null && cert == null) {
      return tls ? TlsChannelCredentials.create() : InsecureChannelCredentials.create();
    }
    var builder = TlsChannelCredentials.newBuilder();
    if (ca != null) {
      readable(ca, "--ca");
      try {
        builder.trustManager(ca.toFile());
      } catch (IOException | IllegalArgumentException e) {
        throw new UsageException("--ca " + ca + " is not a PEM certificate: " + e.getMessage());
      }
    }
    if (cert != null) {
      readable(cert, "--cert");
      readable(key, "--key");
      try {
        builder.keyManager(cert.toFile(), key.toFile());
      } catch (IOException | IllegalArgumentException e) {
        throw new UsageException("--cert " + cert + " / --key " + key + " are not a PEM certificate and key: " + e.getMessage());
      }
    }
    return builder.build();
  }

  private static void readable(Path file, String option) {
    if (!Files.isReadable(file)) {
      throw new UsageException("no such file: " + file + " (" + option + ")");
    }
  }

  /**
   * Prints one line for a failed call: when nothing answered, what was tried and where the
   * local demo writes its target; otherwise the status and its description.
   */
  void reportFailure(String rpc, StatusRuntimeException e, PrintWriter err) {
    Status status = e.getStatus();
    if (status.getCode() == Status.Code.UNAVAILABLE) {
      boolean explicit = target != null && !target.isBlank();
      err.printf("homectl: nothing answered at %s (%s: %s%s): is the service running there?%s%s%n",
          address(), rpc, status.getCode(), status.getDescription() == null ? "" : ": " + status.getDescription(),
          explicit ? "" : " bin/run-local writes its endpoints to " + LocalEnv.describe() + "; or pass --target HOST:PORT.",
          tls || ca != null || cert != null ? "" : " A TLS endpoint needs --tls.");
    } else {
      err.printf("homectl: %s on %s failed: %s%s%n", rpc, address(), status.getCode(),
          status.getDescription() == null ? "" : ": " + status.getDescription());
    }
    err.flush();
  }

  @Override
  public String toString() {
    return address();
  }
}
