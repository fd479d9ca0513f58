package dev.homeshelves.loadtest.echo;

import dev.homeshelves.loadtest.LoadTestCli;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The echo server in its own JVM, as the service runs in its own: a child process of this
 * command ({@code loadtest echo-server}), stopped when closed.
 */
public final class EchoServerProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

  private final Process process;
  private final int port;

  private EchoServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts a child JVM with {@code jvmOptions} serving {@code replyFile} (a serialized
   * GetHomeResponse) on a free port.
   */
  public static EchoServerProcess start(Path replyFile, List<String> jvmOptions)
      throws IOException {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.addAll(List.of(
        "-cp", System.getProperty("java.class.path"), LoadTestCli.class.getName(),
        "echo-server", "--port", "0", "--reply-file", replyFile.toString()));
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .start();
    BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> drain(out), "echo-server-output");
        drain.setDaemon(true);
        drain.start();
        return new EchoServerProcess(process, Integer.parseInt(m.group(1)));
      }
      seen.append(line).append('\n');
    }
    process.destroyForcibly();
    throw new IOException("echo server did not start; its output:\n" + seen);
  }

  /** Writes {@code reply} to a temporary file for {@link #start}. */
  public static Path writeReply(com.google.protobuf.MessageLite reply) throws IOException {
    Path file = Files.createTempFile("echo-reply", ".binpb");
    file.toFile().deleteOnExit();
    Files.write(file, reply.toByteArray());
    return file;
  }

  // The child's later output is read and dropped, so that a full pipe never blocks it.
  private static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // discard
      }
    } catch (IOException e) {
      // the child has exited and its pipe is closed: nothing left to read
    }
  }

  public int port() {
    return port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
