package dev.homeshelves.loadtest.echo;

import dev.homeshelves.api.v1.GetHomeRequest;
import dev.homeshelves.api.v1.GetHomeResponse;
import dev.homeshelves.api.v1.HomeServiceGrpc;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling for a unary call on this machine: a grpc-java server that answers
 * {@code GetHome} with one canned reply, doing no work beyond gRPC itself. It speaks the real
 * API, so the generator drives it exactly like the service and the reply has a real Home's size.
 */
public final class EchoHomeServer implements AutoCloseable {
  private final Server server;
  private final GetHomeResponse reply;

  private EchoHomeServer(Server server, GetHomeResponse reply) {
    this.server = server;
    this.reply = reply;
  }

  /** Starts on 127.0.0.1:{@code port} (0 = any free port), answering every call with {@code reply}. */
  public static EchoHomeServer start(int port, GetHomeResponse reply) throws IOException {
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
        .directExecutor()
        .addService(new HomeServiceGrpc.HomeServiceImplBase() {
          @Override
          public void getHome(GetHomeRequest request, StreamObserver<GetHomeResponse> out) {
            out.onNext(reply);
            out.onCompleted();
          }
        })
        .build()
        .start();
    return new EchoHomeServer(server, reply);
  }

  public int port() {
    return server.getPort();
  }

  public int replyBytes() {
    return reply.getSerializedSize();
  }

  /** Blocks until the server is shut down (for the stand-alone {@code echo-server} command). */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }
}
