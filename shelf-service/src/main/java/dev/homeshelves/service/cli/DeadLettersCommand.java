package dev.homeshelves.service.cli;

import com.google.api.core.ApiFuture;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.homeshelves.service.HomeShelvesApp;
import dev.homeshelves.service.cli.DeadLetterQueue.DeadLetter;
import dev.homeshelves.service.signals.PubSubClients;
import dev.homeshelves.service.signals.PubSubSettings;
import dev.homeshelves.service.signals.SignalParser.Rejection;
import io.micronaut.context.ApplicationContext;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code home-shelves dead-letters}: what reached the dead-letter topic, and replaying it. */
@Command(
    name = "dead-letters",
    mixinStandardHelpOptions = true,
    description = {
      "Shows and replays the messages on the dead-letter subscription (user-signals-dead-letter):",
      "signals the worker rejected (with dead-letter-reason and -detail) and messages Pub/Sub moved",
      "there after too many failed deliveries. See docs/worker.md#dead-letters-inspect-and-replay.",
      "Configuration as the worker's: application.yml and env vars (PUBSUB_EMULATOR_HOST,",
      "GOOGLE_CLOUD_PROJECT, HOME_SHELVES_PUBSUB_*)."
    },
    subcommands = {DeadLettersCommand.Inspect.class, DeadLettersCommand.Replay.class})
final class DeadLettersCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "dead-letters: say inspect or replay (see --help)");
  }

  /** Where the dead letters are: the worker's settings, optionally overridden. */
  static final class Source {
    @Option(names = "--emulator", paramLabel = "HOST:PORT",
        description = "Pub/Sub emulator (default: home-shelves.pubsub.emulator-host, i.e. PUBSUB_EMULATOR_HOST;"
            + " unset means real Pub/Sub).")
    String emulator;

    @Option(names = "--project", description = "Pub/Sub project (default: home-shelves.pubsub.project, i.e. GOOGLE_CLOUD_PROJECT).")
    String project;

    @Option(names = "--reason", paramLabel = "REASON", split = ",",
        description = "Only dead letters with this dead-letter-reason (repeatable, or comma-separated):"
            + " message-too-large, malformed-protobuf, malformed-json, unsupported-content-type,"
            + " invalid-signal, field-too-large, timestamp-out-of-range, delivery-attempts-exhausted.")
    List<String> reasons = new ArrayList<>();

    @Option(names = "--message-id", paramLabel = "ID", split = ",",
        description = "Only the dead letter with this message id, as inspect shows it, or with this"
            + " dead-letter-source-message-id (repeatable, or comma-separated).")
    List<String> messageIds = new ArrayList<>();

    /** The worker's Pub/Sub settings (application.yml, env, these options). */
    PubSubSettings settings() {
      Map<String, Object> properties = new HashMap<>();
      properties.put(HomeShelvesApp.SERVE_ENABLED, false);
      properties.put(HomeShelvesApp.WORKER_ENABLED, false);
      // Only Pub/Sub is needed: no Bigtable connection at start.
      properties.put("home-shelves.bigtable.create-tables", false);
      if (emulator != null) {
        properties.put("home-shelves.pubsub.emulator-host", emulator);
      }
      if (project != null) {
        properties.put("home-shelves.pubsub.project", project);
      }
      try (var context = ApplicationContext.builder().banner(false).properties(properties).start()) {
        return context.getBean(PubSubSettings.class);
      }
    }

    /** The selection as a test on dead letters; bad values are named. */
    Predicate<DeadLetter> filter(CommandSpec spec) {
      var known = Stream.concat(Arrays.stream(Rejection.values()).map(Rejection::attributeValue),
          Stream.of(DeadLetterQueue.DELIVERY_ATTEMPTS_EXHAUSTED)).collect(Collectors.toCollection(LinkedHashSet::new));
      for (var r : reasons) {
        if (!known.contains(r)) {
          throw new ParameterException(spec.commandLine(), "--reason " + r + ": not a dead-letter reason; one of "
              + String.join(", ", known));
        }
      }
      Set<String> ids = Set.copyOf(messageIds);
      Set<String> why = Set.copyOf(reasons);
      return d -> (why.isEmpty() || why.contains(d.reason()))
          && (ids.isEmpty() || ids.contains(d.messageId()) || ids.contains(d.sourceMessageId()));
    }
  }

  @Command(name = "inspect", mixinStandardHelpOptions = true,
      description = {
        "Shows dead letters: reason, detail, the signal's event, user, kind and item (when the data",
        "decodes), the original attributes. Reads them without acking, so they stay on the",
        "subscription (and are handed back at once for the next reader), unless --ack is given."
      })
  static final class Inspect implements Callable<Integer> {
    @Mixin Source source;

    @Option(names = "--limit", defaultValue = "100", description = "Show at most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "One JSON document: {\"subscription\", \"deadLetters\": [...]}.")
    boolean json;

    @Option(names = "--ack", description = "Acknowledge the dead letters shown: they are deleted from the"
        + " subscription for good (after a fix was replayed, or to discard known junk).")
    boolean ack;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      requirePositive(spec, limit);
      var filter = source.filter(spec);
      var settings = source.settings();
      PrintWriter out = spec.commandLine().getOut();
      try (var clients = new PubSubClients(settings);
          var queue = new DeadLetterQueue(clients, settings.deadLetterSubscription())) {
        var shown = new ArrayList<DeadLetter>();
        int read = 0;
        while (shown.size() < limit) {
          var batch = queue.next(limit - shown.size());
          if (batch.isEmpty()) {
            break;
          }
          read += batch.size();
          batch.stream().filter(filter).forEach(shown::add);
        }
        if (json) {
          out.println(toJson(clients.subscription(settings.deadLetterSubscription()).toString(), shown));
        } else {
          shown.forEach(d -> out.print(readable(d)));
          out.printf("%d dead letter%s shown (%d read, --limit %d) on %s%s%n", shown.size(),
              shown.size() == 1 ? "" : "s", read, limit, clients.subscription(settings.deadLetterSubscription()),
              shown.isEmpty() ? "" : "; by reason: " + byReason(shown));
        }
        if (ack) {
          queue.ack(shown);
          spec.commandLine().getErr().printf("inspect: acked %d dead letter%s: they are gone from the subscription%n",
              shown.size(), shown.size() == 1 ? "" : "s");
        }
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "replay", mixinStandardHelpOptions = true,
      description = {
        "Republishes chosen dead letters to the signal topic (user-signals) with their original data",
        "and attributes (the dead-letter-* and CloudPubSubDeadLetter* ones stripped), and acks each on",
        "the dead-letter subscription only after its publish succeeded. Choose with --reason and/or",
        "--message-id, or --all. Progress goes to stderr; --dry-run lists what would be replayed."
      })
  static final class Replay implements Callable<Integer> {
    private static final long PUBLISH_TIMEOUT_SECONDS = 60;

    @Mixin Source source;

    @Option(names = "--all", description = "Replay every dead letter (instead of --reason / --message-id).")
    boolean all;

    @Option(names = "--limit", defaultValue = "1000000",
        description = "Replay at most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--dry-run", description = "List what would be replayed; publish and ack nothing.")
    boolean dryRun;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      boolean chosen = !source.reasons.isEmpty() || !source.messageIds.isEmpty();
      if (all == chosen) {
        throw new ParameterException(spec.commandLine(), all
            ? "--all cannot be combined with --reason or --message-id"
            : "say which dead letters to replay: --reason R, --message-id ID, or --all");
      }
      requirePositive(spec, limit);
      var filter = source.filter(spec);
      var settings = source.settings();
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      int replayed = 0;
      int failed = 0;
      int skipped = 0;
      try (var clients = new PubSubClients(settings);
          var queue = new DeadLetterQueue(clients, settings.deadLetterSubscription())) {
        Publisher publisher = dryRun ? null : clients.publisher(settings.topic());
        try {
          while (replayed + failed < limit) {
            var batch = queue.next(Math.min(100, limit - replayed - failed));
            if (batch.isEmpty()) {
              break;
            }
            var matching = batch.stream().filter(filter).toList();
            skipped += batch.size() - matching.size();
            if (dryRun) {
              matching.forEach(d -> out.print(readable(d)));
              replayed += matching.size();
              continue;
            }
            var published = publishAll(publisher, matching, err);
            queue.ack(published);
            replayed += published.size();
            failed += matching.size() - published.size();
            err.printf("replay: %d republished to %s and acked, %d failed (left on the dead-letter"
                + " subscription), %d not chosen%n", replayed, settings.topic(), failed, skipped);
            err.flush();
          }
        } finally {
          if (publisher != null) {
            publisher.shutdown();
            publisher.awaitTermination(10, TimeUnit.SECONDS);
          }
        }
      }
      out.printf(dryRun
              ? "dry run: %d dead letters would be replayed to %s, %d not chosen; nothing published or acked%n"
              : "replayed %d dead letters to %s, %d not chosen%n",
          replayed, settings.topic(), skipped);
      if (failed > 0) {
        out.printf("%d failed to publish and stay on the dead-letter subscription; run replay again%n", failed);
      }
      out.flush();
      return failed == 0 ? 0 : 1;
    }

    /** Publishes each letter's original; returns the letters Pub/Sub accepted. */
    private static List<DeadLetter> publishAll(Publisher publisher, List<DeadLetter> letters, PrintWriter err)
        throws InterruptedException {
      var futures = new ArrayList<ApiFuture<String>>(letters.size());
      for (var d : letters) {
        futures.add(publisher.publish(d.original()));
      }
      var ok = new ArrayList<DeadLetter>(letters.size());
      for (int i = 0; i < letters.size(); i++) {
        try {
          futures.get(i).get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
          ok.add(letters.get(i));
        } catch (ExecutionException | TimeoutException e) {
          err.printf("replay: publishing dead letter %s failed: %s%n", letters.get(i).messageId(),
              e instanceof ExecutionException ? e.getCause() : "no answer within " + PUBLISH_TIMEOUT_SECONDS + " s");
        }
      }
      return ok;
    }
  }

  private static void requirePositive(CommandSpec spec, int limit) {
    if (limit < 1) {
      throw new ParameterException(spec.commandLine(), "--limit must be at least 1, was " + limit);
    }
  }

  private static String byReason(List<DeadLetter> letters) {
    var counts = new TreeMap<String, Long>(letters.stream()
        .collect(Collectors.groupingBy(DeadLetter::reason, Collectors.counting())));
    return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  static String readable(DeadLetter d) {
    var s = new StringBuilder();
    s.append("message ").append(d.messageId()).append("  published ").append(d.publishTime())
        .append("  reason ").append(d.reason()).append('\n');
    if (!d.detail().isEmpty()) {
      s.append("  detail: ").append(d.detail()).append('\n');
    }
    s.append("  signal: ").append(d.signal()
        .map(u -> u.getKind() + " event " + orNone(u.getEventId()) + " user " + orNone(u.getUserId())
            + " item " + orNone(u.getItemId()))
        .orElse("(data does not decode: " + d.data().size() + " bytes)")).append('\n');
    s.append("  attributes: ").append(d.originalAttributes().isEmpty() ? "(none)"
        : new TreeMap<>(d.originalAttributes()).entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))).append('\n');
    if (!d.sourceMessageId().isEmpty()) {
      s.append("  source message: ").append(d.sourceMessageId()).append('\n');
    }
    return s.toString();
  }

  private static String orNone(String v) {
    return v.isEmpty() ? "(none)" : v;
  }

  static String toJson(String subscription, List<DeadLetter> letters) {
    var list = ListValue.newBuilder();
    for (var d : letters) {
      var attributes = Struct.newBuilder();
      new TreeMap<>(d.originalAttributes()).forEach((k, v) -> attributes.putFields(k, string(v)));
      var letter = Struct.newBuilder()
          .putFields("messageId", string(d.messageId()))
          .putFields("publishTime", string(d.publishTime().toString()))
          .putFields("reason", string(d.reason()))
          .putFields("detail", string(d.detail()))
          .putFields("sourceMessageId", string(d.sourceMessageId()))
          .putFields("dataBytes", Value.newBuilder().setNumberValue(d.data().size()).build())
          .putFields("attributes", Value.newBuilder().setStructValue(attributes).build());
      d.signal().ifPresent(u -> letter
          .putFields("eventId", string(u.getEventId()))
          .putFields("userId", string(u.getUserId()))
          .putFields("kind", string(u.getKind().name()))
          .putFields("itemId", string(u.getItemId())));
      list.addValues(Value.newBuilder().setStructValue(letter));
    }
    var doc = Struct.newBuilder()
        .putFields("subscription", string(subscription))
        .putFields("deadLetters", Value.newBuilder().setListValue(list).build())
        .build();
    try {
      return JsonFormat.printer().omittingInsignificantWhitespace().print(doc);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException("a Struct always prints", e);
    }
  }

  private static Value string(String v) {
    return Value.newBuilder().setStringValue(v).build();
  }
}
