package dev.homeshelves.service;

import dev.homeshelves.service.admin.AdminGrpcService;
import dev.homeshelves.service.home.HomeGrpcService;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * The gRPC services this process serves, each behind {@link GrpcCallChain} (Micronaut gRPC
 * registers every {@link ServerServiceDefinition} bean): HomeService when serving, AdminService
 * on every replica (RecomputeHome needs a worker replica, the rest works anywhere), health
 * ({@code grpc.health.v1}, driven by {@link ReplicaReadiness}) and server reflection (for
 * grpcurl). The service classes are beans of their own type only ({@code @Bean(typed = ...)}),
 * so Micronaut does not also register them unwrapped.
 */
@Factory
final class GrpcServices {

  @Singleton
  @Named("home")
  @Requires(property = HomeShelvesApp.SERVE_ENABLED, notEquals = "false")
  ServerServiceDefinition homeService(HomeGrpcService service, GrpcCallChain chain) {
    return chain.wrap(service);
  }

  @Singleton
  @Named("admin")
  ServerServiceDefinition adminService(AdminGrpcService service, GrpcCallChain chain) {
    return chain.wrap(service);
  }

  @Singleton
  @Named("reflection")
  ServerServiceDefinition reflectionService(GrpcCallChain chain) {
    return chain.wrap(ProtoReflectionServiceV1.newInstance());
  }

  /** Replaces Micronaut gRPC's own (turned off by {@code grpc.server.health.enabled: false}), to be wrapped too. */
  @Singleton
  HealthStatusManager healthStatusManager() {
    return new HealthStatusManager();
  }

  @Singleton
  @Named("health")
  ServerServiceDefinition healthService(HealthStatusManager health, GrpcCallChain chain) {
    return chain.wrap(health.getHealthService());
  }
}
