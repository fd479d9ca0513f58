package dev.homeshelves.service;

import io.grpc.ServerBuilder;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * Lets grpc-java deliver each call's callbacks on the transport's own network thread instead of
 * handing every one (call started, message, half-close, ready, complete) to an executor: the
 * services' code runs on {@link GrpcCallPool}, handed to it once per call by {@link CallHandOff},
 * the outermost step of {@link GrpcCallChain}. Every service is registered behind that chain, so
 * no service code runs on a network thread.
 */
@Singleton
final class GrpcTransportThreads implements BeanCreatedEventListener<ServerBuilder<?>> {

  @Override
  public ServerBuilder<?> onCreated(BeanCreatedEvent<ServerBuilder<?>> event) {
    return event.getBean().directExecutor();
  }
}
