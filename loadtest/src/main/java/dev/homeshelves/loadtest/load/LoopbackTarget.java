package dev.homeshelves.loadtest.load;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A {@code host:port} that resolves to this machine. Load is only ever sent to loopback, so a
 * mistyped address cannot flood someone else's server.
 */
public record LoopbackTarget(String host, int port) {

  public LoopbackTarget {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("target port must be 1..65535, was " + port);
    }
    try {
      if (!InetAddress.getByName(host).isLoopbackAddress()) {
        throw new IllegalArgumentException(
            "target host '" + host + "' is not a loopback address; load is only sent to this"
                + " machine (use 127.0.0.1 or localhost)");
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("target host '" + host + "' does not resolve", e);
    }
  }

  /** Parses {@code host:port}, e.g. {@code 127.0.0.1:50051}. */
  public static LoopbackTarget parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("target must be host:port, was '" + text + "'");
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("target port must be a number, was '" + text + "'");
    }
    return new LoopbackTarget(text.substring(0, colon), port);
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
