package dev.homeshelves.service;

import io.grpc.BindableService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Turns on gRPC server reflection, so grpcurl and other clients can discover the API. */
@Factory
final class GrpcReflectionFactory {

  @Singleton
  BindableService reflectionService() {
    return ProtoReflectionServiceV1.newInstance();
  }
}
