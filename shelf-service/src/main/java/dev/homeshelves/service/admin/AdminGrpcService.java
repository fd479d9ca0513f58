package dev.homeshelves.service.admin;

import dev.homeshelves.api.v1.AdminServiceGrpc;
import dev.homeshelves.api.v1.DeleteExperimentRequest;
import dev.homeshelves.api.v1.DeleteExperimentResponse;
import dev.homeshelves.api.v1.Experiment;
import dev.homeshelves.api.v1.ExplainHomeRequest;
import dev.homeshelves.api.v1.ExplainHomeResponse;
import dev.homeshelves.api.v1.GetExperimentRequest;
import dev.homeshelves.api.v1.KillFunctionRequest;
import dev.homeshelves.api.v1.KillSwitch;
import dev.homeshelves.api.v1.ListExperimentsRequest;
import dev.homeshelves.api.v1.ListExperimentsResponse;
import dev.homeshelves.api.v1.ListFunctionsRequest;
import dev.homeshelves.api.v1.ListFunctionsResponse;
import dev.homeshelves.api.v1.ListKillSwitchesRequest;
import dev.homeshelves.api.v1.ListKillSwitchesResponse;
import dev.homeshelves.api.v1.ParamInfo;
import dev.homeshelves.api.v1.PutExperimentRequest;
import dev.homeshelves.api.v1.RecomputeHomeRequest;
import dev.homeshelves.api.v1.RecomputeHomeResponse;
import dev.homeshelves.api.v1.ReviveFunctionRequest;
import dev.homeshelves.api.v1.ShelfFunctionInfo;
import dev.homeshelves.service.InvalidArgumentException;
import dev.homeshelves.service.LogContext;
import dev.homeshelves.service.NotFoundException;
import dev.homeshelves.service.experiments.ConfigStore;
import dev.homeshelves.service.experiments.ExperimentConfig;
import dev.homeshelves.service.experiments.ExperimentValidator;
import dev.homeshelves.service.experiments.LiveExperiments;
import dev.homeshelves.shelves.Param;
import dev.homeshelves.shelves.RegisteredShelf;
import dev.homeshelves.shelves.ShelfFunctions;
import io.grpc.stub.StreamObserver;
import io.micronaut.context.annotation.Bean;
import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.Locale;

/**
 * {@code homeshelves.v1.AdminService}: experiments and kill switches (validated, stored in
 * {@code config}, applied on this replica at once and on the others within the poll interval),
 * recompute and explain. Guarded by the admin token ({@code auth.AdminTokenInterceptor}); a
 * config-table outage becomes UNAVAILABLE in {@code GrpcErrorMapping}. Runs
 * on every replica, serving and worker alike, so that RecomputeHome reaches a worker replica.
 */
@Singleton
@Bean(typed = AdminGrpcService.class)
public final class AdminGrpcService extends AdminServiceGrpc.AdminServiceImplBase {

  private static final int MAX_REASON_LENGTH = 500;

  private final ShelfFunctions functions;
  private final ExperimentValidator validator;
  private final ConfigStore store;
  private final LiveExperiments live;
  private final HomeExplainer explainer;
  private final HomeRecompute recompute;

  /** Wires the admin RPCs to the shelf registry, the config store, the live config, explain and recompute. */
  public AdminGrpcService(ShelfFunctions functions, ConfigStore store, LiveExperiments live,
      HomeExplainer explainer, HomeRecompute recompute) {
    this.functions = functions;
    this.validator = new ExperimentValidator(functions);
    this.store = store;
    this.live = live;
    this.explainer = explainer;
    this.recompute = recompute;
  }

  @Override
  public void listFunctions(ListFunctionsRequest request, StreamObserver<ListFunctionsResponse> responses) {
    ExperimentConfig config = live.current();
    ListFunctionsResponse.Builder response = ListFunctionsResponse.newBuilder();
    functions.all().forEach(shelf -> response.addFunctions(info(shelf, config.isKilled(shelf.id()))));
    reply(responses, response.build());
  }

  @Override
  public void listExperiments(ListExperimentsRequest request, StreamObserver<ListExperimentsResponse> responses) {
    ExperimentConfig config = store.readAll();
    reply(responses, ListExperimentsResponse.newBuilder().addAllExperiments(config.experiments()).build());
  }

  @Override
  public void getExperiment(GetExperimentRequest request, StreamObserver<Experiment> responses) {
    String id = required("id", request.getId());
    reply(responses, store.experiment(id).orElseThrow(() -> notFound("experiment", id)));
  }

  @Override
  public void putExperiment(PutExperimentRequest request, StreamObserver<Experiment> responses) {
    if (!request.hasExperiment()) {
      throw new InvalidArgumentException("experiment", "is required");
    }
    Experiment valid = validator.validate(request.getExperiment());
    Experiment stored = store.putExperiment(valid);
    live.refresh();
    reply(responses, stored);
  }

  @Override
  public void deleteExperiment(DeleteExperimentRequest request, StreamObserver<DeleteExperimentResponse> responses) {
    String id = required("id", request.getId());
    if (!store.deleteExperiment(id)) {
      throw notFound("experiment", id);
    }
    live.refresh();
    reply(responses, DeleteExperimentResponse.newBuilder().setId(id).build());
  }

  @Override
  public void killFunction(KillFunctionRequest request, StreamObserver<KillSwitch> responses) {
    String functionId = knownFunction(request.getFunctionId());
    if (request.getReason().length() > MAX_REASON_LENGTH) {
      throw new InvalidArgumentException("reason", "must be at most " + MAX_REASON_LENGTH + " characters");
    }
    KillSwitch kill = store.setKillSwitch(functionId, true, request.getReason());
    live.refresh();
    reply(responses, kill);
  }

  @Override
  public void reviveFunction(ReviveFunctionRequest request, StreamObserver<KillSwitch> responses) {
    String functionId = knownFunction(request.getFunctionId());
    KillSwitch kill = store.setKillSwitch(functionId, false, "");
    live.refresh();
    reply(responses, kill);
  }

  @Override
  public void listKillSwitches(ListKillSwitchesRequest request, StreamObserver<ListKillSwitchesResponse> responses) {
    ListKillSwitchesResponse.Builder response = ListKillSwitchesResponse.newBuilder();
    store.readAll().killSwitches().values().stream()
        .sorted(Comparator.comparing(KillSwitch::getFunctionId))
        .forEach(response::addKillSwitches);
    reply(responses, response.build());
  }

  @Override
  public void recomputeHome(RecomputeHomeRequest request, StreamObserver<RecomputeHomeResponse> responses) {
    reply(responses, recompute.recompute(forUser(request.getUserId())));
  }

  @Override
  public void explainHome(ExplainHomeRequest request, StreamObserver<ExplainHomeResponse> responses) {
    reply(responses, explainer.explain(forUser(request.getUserId())));
  }

  /**
   * The required user id, also set as the MDC's {@code user_id} for the lines this call logs
   * (a failed recompute's, an unexpected error's); GrpcErrorMapping's scope removes it.
   */
  private static String forUser(String userId) {
    required("user_id", userId);
    LogContext.set(LogContext.USER_ID, userId);
    return userId;
  }

  private String knownFunction(String functionId) {
    required("function_id", functionId);
    if (functions.get(functionId).isEmpty()) {
      throw new InvalidArgumentException("function_id", "unknown shelf function \"" + functionId
          + "\"; known: " + String.join(", ", functions.ids()));
    }
    return functionId;
  }

  private static ShelfFunctionInfo info(RegisteredShelf shelf, boolean killed) {
    ShelfFunctionInfo.Builder info = ShelfFunctionInfo.newBuilder()
        .setId(shelf.id())
        .setTitle(shelf.title().text())
        .setKilled(killed);
    for (Param<?> param : shelf.params()) {
      info.addParams(ParamInfo.newBuilder()
          .setName(param.name())
          .setType(param.type().name().toLowerCase(Locale.ROOT))
          .setDefaultValue(defaultText(param))
          .setDescription(param.description()));
    }
    return info.build();
  }

  private static <T extends Comparable<? super T>> String defaultText(Param<T> param) {
    return param.format(param.defaultValue());
  }

  private static String required(String field, String value) {
    if (value.isBlank()) {
      throw new InvalidArgumentException(field, "is required");
    }
    return value;
  }

  private static RuntimeException notFound(String what, String id) {
    return new NotFoundException(what, id);
  }

  private static <T> void reply(StreamObserver<T> responses, T response) {
    responses.onNext(response);
    responses.onCompleted();
  }
}
