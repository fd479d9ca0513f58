package dev.homeshelves.loadtest.signals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of a Prometheus text endpoint (the worker's {@code /prometheus}): samples by name
 * and labels, with the sums and histogram quantiles the signals report needs.
 */
public record PrometheusScrape(long atNanos, List<Sample> samples) {
  private static final Pattern LINE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\d+)?");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** Fetches and parses {@code url}. */
  public static PrometheusScrape fetch(HttpClient http, URI url) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(url + " answered HTTP " + response.statusCode());
    }
    return parse(System.nanoTime(), response.body());
  }

  /** Parses Prometheus text exposition format; comment and malformed lines are skipped. */
  public static PrometheusScrape parse(long atNanos, String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line.trim());
      if (!m.matches()) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels, parseValue(m.group(4))));
    }
    return new PrometheusScrape(atNanos, List.copyOf(samples));
  }

  /** Sum of the samples named {@code name} whose labels pass {@code labels}. */
  public double sum(String name, Predicate<Map<String, String>> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && labels.test(s.labels()))
        .mapToDouble(Sample::value)
        .sum();
  }

  public double sum(String name) {
    return sum(name, l -> true);
  }

  /** Largest value of the samples named {@code name} with label {@code key=value}; NaN if none. */
  public double max(String name, String key, String value) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && value.equals(s.labels().get(key)))
        .mapToDouble(Sample::value)
        .max()
        .orElse(Double.NaN);
  }

  /**
   * The {@code q} quantile (0..1) of what histogram {@code name} (its {@code _bucket} series)
   * recorded between {@code before} and this scrape, linearly interpolated inside the bucket as
   * Prometheus' {@code histogram_quantile} does; NaN when nothing was recorded.
   */
  public double quantileSince(PrometheusScrape before, String name, double q) {
    Map<Double, Double> now = buckets(name);
    Map<Double, Double> then = before.buckets(name);
    List<double[]> deltas = new ArrayList<>();
    now.forEach((le, count) -> deltas.add(new double[] {le, count - then.getOrDefault(le, 0.0)}));
    deltas.sort((a, b) -> Double.compare(a[0], b[0]));
    if (deltas.isEmpty() || deltas.get(deltas.size() - 1)[1] <= 0) {
      return Double.NaN;
    }
    double total = deltas.get(deltas.size() - 1)[1];
    double rank = q * total;
    double lowerBound = 0;
    double lowerCount = 0;
    for (double[] bucket : deltas) {
      if (bucket[1] >= rank) {
        if (Double.isInfinite(bucket[0])) {
          return lowerBound;
        }
        double inBucket = bucket[1] - lowerCount;
        return inBucket <= 0
            ? bucket[0] : lowerBound + (bucket[0] - lowerBound) * (rank - lowerCount) / inBucket;
      }
      lowerBound = bucket[0];
      lowerCount = bucket[1];
    }
    return lowerBound;
  }

  private Map<Double, Double> buckets(String name) {
    Map<Double, Double> out = new LinkedHashMap<>();
    for (Sample s : samples) {
      if (s.name().equals(name + "_bucket") && s.labels().containsKey("le")) {
        out.merge(parseValue(s.labels().get("le")), s.value(), Double::sum);
      }
    }
    return out;
  }

  private static double parseValue(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }
}
