package dev.homeshelves.loadtest.home;

import dev.homeshelves.api.v1.GetHomeRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongFunction;
import picocli.CommandLine.Option;

/** Which users the GetHome requests ask for, and how popular each is. */
public final class UserOptions {

  @Option(names = "--users", defaultValue = "1000",
      description = "Users in the population; `home-shelves seed` writes 1000 by default"
          + " (default: ${DEFAULT-VALUE}).")
  public int users;

  @Option(names = "--zipf", defaultValue = "1.0",
      description = "Zipf exponent of user popularity; 0 = uniform (default: ${DEFAULT-VALUE}).")
  public double zipf;

  @Option(names = "--user-pattern", defaultValue = UserIdPattern.DEFAULT,
      description = "printf pattern of user ids, with one integer (default: ${DEFAULT-VALUE},"
          + " what `home-shelves seed` writes).")
  public String userPattern;

  @Option(names = "--first-user", defaultValue = "0",
      description = "Integer of the first user id (default: ${DEFAULT-VALUE}).")
  public int firstUser;

  @Option(names = "--max-shelves", defaultValue = "0",
      description = "max_shelves of each request; 0 = server default (default: ${DEFAULT-VALUE}).")
  public int maxShelves;

  @Option(names = "--max-items", defaultValue = "0",
      description = "max_items_per_shelf of each request; 0 = server default"
          + " (default: ${DEFAULT-VALUE}).")
  public int maxItems;

  @Option(names = "--seed", defaultValue = "42",
      description = "Random seed of the user sequence (default: ${DEFAULT-VALUE}).")
  public long seed;

  public UserPopulation population() {
    return new UserPopulation(userPattern, users, firstUser, zipf, seed);
  }

  /**
   * Request {@code i} for a user drawn from a fresh {@link #population()}. The requests are built
   * once per user (lazily), so sending one costs a Zipf draw, not a String.format and a build.
   */
  public LongFunction<GetHomeRequest> requests() {
    return perUser(this::request);
  }

  /** The id of the user of request {@code i}, drawn like {@link #requests()}. */
  public LongFunction<String> userIds() {
    return perUser(Function.identity());
  }

  private <T> LongFunction<T> perUser(Function<String, T> make) {
    UserPopulation population = population();
    List<T> byRank = new ArrayList<>(Collections.nCopies(population.size() + 1, null));
    return sequence -> {
      int rank = population.nextRank();
      T value = byRank.get(rank);
      if (value == null) {
        value = make.apply(population.idOfRank(rank));
        byRank.set(rank, value);
      }
      return value;
    };
  }

  /** The request for {@code userId} with these options' limits. */
  public GetHomeRequest request(String userId) {
    return GetHomeRequest.newBuilder()
        .setUserId(userId)
        .setMaxShelves(maxShelves)
        .setMaxItemsPerShelf(maxItems)
        .build();
  }
}
