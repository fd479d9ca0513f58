package dev.homeshelves.shelves.builtin;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.Neighbor;
import dev.homeshelves.embeddings.VectorMath;
import dev.homeshelves.shelves.Card;
import dev.homeshelves.shelves.Diversity;
import dev.homeshelves.shelves.Param;
import dev.homeshelves.shelves.ShelfContext;
import dev.homeshelves.shelves.ShelfDraft;
import dev.homeshelves.shelves.ShelfFunction;
import dev.homeshelves.shelves.ShelfSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** "Made for you": unheard tracks close to the user's recent taste, a few per artist. */
@ShelfSpec(
    id = "made-for-you",
    title = "Made for you",
    description = "Seed: a taste vector, the plays of the history window weighted by recency"
        + " (half-life) plus liked tracks. Candidates: the recommender's tracks for that taste,"
        + " at most per-artist tracks of one artist. Exclusions: every track the user played or"
        + " liked.")
public final class MadeForYou implements ShelfFunction {
  static final Param<Duration> HISTORY = Param.duration("history", Duration.ofDays(90))
      .between(Duration.ofDays(1), Duration.ofDays(3650))
      .describedAs("plays older than this do not shape the taste");
  static final Param<Duration> HALF_LIFE = Param.duration("half-life", Duration.ofDays(14))
      .between(Duration.ofHours(1), Duration.ofDays(365))
      .describedAs("a play this old weighs half as much as one today");
  static final Param<Double> LIKE_WEIGHT = Param.decimal("like-weight", 1.0).between(0.0, 100.0)
      .describedAs("weight of a liked track in the taste, as many fresh plays");
  static final Param<Integer> MAX_SEEDS = Param.integer("max-seeds", 50).between(1, 1000)
      .describedAs("the heaviest tracks kept in the taste");
  static final Param<Integer> PER_ARTIST = Param.integer("per-artist", 2).between(1, 50)
      .describedAs("diversity: at most this many cards of one artist");
  static final Param<Integer> SIZE = Param.integer("size", 20).between(1, 50)
      .describedAs("cards in the row");
  static final Param<Double> PRIORITY = Param.decimal("priority", 0.8).between(0.0, 10.0)
      .describedAs("shelf score: higher shelves come first on Home");

  /** Candidates fetched per card, so the per-artist cap still leaves a full row. */
  private static final int CANDIDATES_PER_CARD = 5;

  @Override
  public Optional<ShelfDraft> compute(ShelfContext ctx) {
    Map<String, Double> taste = taste(ctx);
    if (taste.isEmpty()) {
      return Optional.empty();
    }

    Set<String> heard = new HashSet<>(ctx.plays().trackIds());
    heard.addAll(ctx.likedTracks());
    int size = ctx.param(SIZE);
    List<Neighbor> candidates = ctx.recommend(taste, size * CANDIDATES_PER_CARD, heard);
    List<Neighbor> picked = Diversity.capPerArtist(candidates, ctx.catalog(), ctx.param(PER_ARTIST), size);

    var shelf = ShelfDraft.builder()
        .score(ctx.param(PRIORITY))
        .input("taste tracks", taste.size())
        .input("half-life", HALF_LIFE.format(ctx.param(HALF_LIFE)))
        .input("excluded", heard.size() + " tracks played or liked");
    taste.keySet().stream().limit(5).forEach(shelf::seed);
    TasteVectors vectors = picked.isEmpty() ? null : TasteVectors.of(ctx.recommender().embeddings(), taste.keySet());
    for (Neighbor n : picked) {
      ctx.track(n.id()).ifPresent(t -> shelf.card(Card.track(t, n.score(), reasonFor(ctx, n.id(), vectors))));
    }
    return shelf.buildIfAny();
  }

  /** Track id to weight, heaviest first: recency-weighted plays plus likes. */
  private static Map<String, Double> taste(ShelfContext ctx) {
    Map<String, Double> weights = new LinkedHashMap<>(
        ctx.plays().since(ctx.ago(ctx.param(HISTORY))).recencyWeights(ctx.now(), ctx.param(HALF_LIFE)));
    for (String liked : ctx.likedTracks()) {
      weights.merge(liked, ctx.param(LIKE_WEIGHT), Double::sum);
    }
    Map<String, Double> kept = new LinkedHashMap<>();
    weights.entrySet().stream()
        .filter(e -> e.getValue() > 0 && ctx.catalog().containsTrack(e.getKey()))
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(ctx.param(MAX_SEEDS))
        .forEach(e -> kept.put(e.getKey(), e.getValue()));
    return kept;
  }

  /** Names the taste track closest to the card, so the user sees which habit it comes from. */
  private static String reasonFor(ShelfContext ctx, String cardId, TasteVectors taste) {
    float[] card = ctx.recommender().embeddings().vector(cardId);
    String closest = null;
    float best = Float.NEGATIVE_INFINITY;
    if (card != null) {
      float cardSquared = squaredNorm(card);
      for (int i = 0; i < taste.ids().length; i++) {
        float[] v = taste.vectors()[i];
        float norms = (float) Math.sqrt(cardSquared * taste.squaredNorms()[i]);
        float sim = norms == 0 ? 0 : VectorMath.dot(card, 0, v, 0, card.length) / norms;
        if (sim > best) {
          best = sim;
          closest = taste.ids()[i];
        }
      }
    }
    return Optional.ofNullable(closest).flatMap(ctx::track)
        .map(t -> "Because you play " + t.title())
        .orElse("From your recent listening");
  }

  /** The taste tracks that have a vector, looked up and measured once per shelf, not per card. */
  private record TasteVectors(String[] ids, float[][] vectors, float[] squaredNorms) {
    static TasteVectors of(Embeddings embeddings, Iterable<String> trackIds) {
      List<String> ids = new ArrayList<>();
      List<float[]> vectors = new ArrayList<>();
      for (String id : trackIds) {
        float[] v = embeddings.vector(id);
        if (v != null) {
          ids.add(id);
          vectors.add(v);
        }
      }
      float[] norms = new float[vectors.size()];
      for (int i = 0; i < norms.length; i++) {
        norms[i] = squaredNorm(vectors.get(i));
      }
      return new TasteVectors(ids.toArray(String[]::new), vectors.toArray(float[][]::new), norms);
    }
  }

  private static float squaredNorm(float[] v) {
    return VectorMath.dot(v, 0, v, 0, v.length);
  }
}
