package dev.homeshelves.service.admin;

import dev.homeshelves.api.v1.ExplainHomeResponse;
import dev.homeshelves.api.v1.Shelf;
import dev.homeshelves.api.v1.ShelfExplanation;
import dev.homeshelves.api.v1.Source;
import dev.homeshelves.service.experiments.LiveExperiments;
import dev.homeshelves.service.experiments.Treatment;
import dev.homeshelves.service.home.DefaultHome;
import dev.homeshelves.service.store.ShelfStore;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;

/**
 * Explains a user's Home for AdminService.ExplainHome: every stored shelf with the function,
 * variant, seeds and inputs that made it, in the order GetHome shows them, followed by the
 * shelves GetHome hides right now and why.
 */
@Singleton
public final class HomeExplainer {

  // Off the request path, so a generous deadline: an explanation should not fall back.
  private static final Duration READ_DEADLINE = Duration.ofSeconds(5);

  private final ShelfStore store;
  private final DefaultHome defaultHome;
  private final LiveExperiments live;

  /** Reads shelves from {@code store} and applies the configuration held by {@code live}. */
  public HomeExplainer(ShelfStore store, DefaultHome defaultHome, LiveExperiments live) {
    this.store = store;
    this.defaultHome = defaultHome;
    this.live = live;
  }

  /** The explanation of this user's Home as it is stored now. */
  public ExplainHomeResponse explain(String userId) {
    // A failed read is UNAVAILABLE (GrpcErrorMapping): an explanation must not fall back.
    List<Shelf> stored = store.readHome(userId, READ_DEADLINE);
    Source source = Source.SOURCE_FRESH;
    if (stored.isEmpty()) {
      stored = defaultHome.shelves();
      source = Source.SOURCE_DEFAULT;
    }
    Treatment treatment = live.treatmentFor(userId);
    ExplainHomeResponse.Builder response = ExplainHomeResponse.newBuilder()
        .setUserId(userId)
        .setSource(source)
        .addAllAssignments(treatment.assignmentsProto());
    List<Shelf> visible = treatment.applyTo(stored);
    visible.forEach(shelf -> response.addShelves(explanation(shelf, "")));
    for (Shelf shelf : stored) {
      treatment.disabledReason(shelf.getFunctionId())
          .ifPresent(reason -> response.addShelves(explanation(shelf, reason)));
    }
    return response.build();
  }

  private static ShelfExplanation explanation(Shelf shelf, String hiddenReason) {
    return ShelfExplanation.newBuilder()
        .setShelfId(shelf.getId())
        .setTitle(shelf.getTitle())
        .setFunctionId(shelf.getFunctionId())
        .setVariant(shelf.getVariant())
        .setComputedAt(shelf.getComputedAt())
        .setStale(shelf.getStale())
        .setProvenance(shelf.getProvenance())
        .setItemCount(shelf.getItemsCount())
        .setHiddenReason(hiddenReason)
        .build();
  }
}
