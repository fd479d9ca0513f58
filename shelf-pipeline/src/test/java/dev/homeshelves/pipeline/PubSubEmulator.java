package dev.homeshelves.pipeline;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Cloud CLI's Pub/Sub emulator on a free port, started through {@code bin/pubsub-emulator}
 * as shelf-service's PubSubEmulatorExtension starts it; topics and subscriptions through its
 * REST API.
 */
final class PubSubEmulator implements BeforeAllCallback, AfterAllCallback {

  static final String PROJECT = "test-project";

  private final HttpClient http = HttpClient.newHttpClient();
  private Process process;
  private int port;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    var log = Files.createTempFile("pubsub-emulator", ".log");
    process = new ProcessBuilder(Launchers.ROOT.resolve("bin/pubsub-emulator").toString(), "--port", String.valueOf(port))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the Pub/Sub emulator exited: " + Files.readString(log));
      }
      try (var socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the Pub/Sub emulator did not listen in 30 s: " + Files.readString(log));
        }
        process.waitFor(50, TimeUnit.MILLISECONDS);
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  String rootUrl() {
    return "http://127.0.0.1:" + port;
  }

  String topic(String name) {
    return "projects/" + PROJECT + "/topics/" + name;
  }

  String subscription(String name) {
    return "projects/" + PROJECT + "/subscriptions/" + name;
  }

  /** Calls the REST API; fails on an HTTP error. */
  String call(String method, String path, String json) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(rootUrl() + "/v1/" + path))
        .header("content-type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
    var response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  void createTopic(String name) throws Exception {
    call("PUT", topic(name), "{}");
  }

  void createSubscription(String name, String topic) throws Exception {
    call("PUT", subscription(name), "{\"topic\":\"" + topic(topic) + "\",\"ackDeadlineSeconds\":30}");
  }
}
