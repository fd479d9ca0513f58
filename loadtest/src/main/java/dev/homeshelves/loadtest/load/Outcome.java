package dev.homeshelves.loadtest.load;

import io.grpc.Status;

/**
 * How one request ended: its gRPC status code and, for a successful answer, a label the caller
 * chose (for GetHome, the answer's {@code source}).
 */
public record Outcome(Status.Code code, String label) {

  /** A successful answer labelled {@code label}. */
  public static Outcome ok(String label) {
    return new Outcome(Status.Code.OK, label);
  }

  /** A failed call, labelled by its status code. */
  public static Outcome failed(Throwable error) {
    return new Outcome(Status.fromThrowable(error).getCode(), "");
  }

  public boolean isOk() {
    return code == Status.Code.OK;
  }
}
