package dev.homeshelves.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeshelves.api.v1.AdminServiceGrpc;
import dev.homeshelves.api.v1.HomeServiceGrpc;
import io.grpc.health.v1.HealthGrpc;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** GetHome stays on the network thread; every method that may block gets the pool. */
class GrpcServerExecutorTest {

  @Test
  void onlyGetHomeRunsOnTheNetworkThread() {
    GrpcServerExecutor executor = new GrpcServerExecutor(2);
    try {
      Executor pool = executor.executorFor(AdminServiceGrpc.getListFunctionsMethod().getFullMethodName());

      assertThat(executor.executorFor(HomeServiceGrpc.getGetHomeMethod().getFullMethodName())).isNull();
      assertThat(pool).isNotNull();
      assertThat(executor.executorFor(HealthGrpc.getCheckMethod().getFullMethodName())).isSameAs(pool);
      assertThat(executor.executorFor("grpc.reflection.v1.ServerReflection/ServerReflectionInfo")).isSameAs(pool);
    } finally {
      executor.close();
    }
  }
}
