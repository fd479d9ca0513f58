package dev.homeshelves.service;

import dev.homeshelves.service.auth.AdminTokenInterceptor;
import dev.homeshelves.service.auth.AuthSettings;
import dev.homeshelves.service.auth.UserTokenInterceptor;
import dev.homeshelves.service.auth.UserTokenVerifier;
import dev.homeshelves.service.tracing.GrpcServerSpans;
import dev.homeshelves.service.tracing.Tracing;
import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthGrpc;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What every gRPC call goes through before it reaches a service, in this order (outermost
 * first), written out here and nowhere else:
 *
 * <ol>
 *   <li>{@link GrpcServerSpans} (when tracing is on; not for {@code grpc.health.v1.Health}, whose
 *       probes would be most of the spans): the call's server span, current for all below;
 *   <li>{@link RequestParsing}: the body is parsed here, so one that is not the method's
 *       request message gets INVALID_ARGUMENT (unless an interceptor below already refused the
 *       call: an unauthenticated caller learns nothing about parsing);
 *   <li>{@link GrpcErrorMapping}: turns anything thrown below into a status;
 *   <li>{@link AdminTokenInterceptor}: AdminService needs the admin token;
 *   <li>{@link UserTokenInterceptor} (when {@code home-shelves.auth.user-tokens} is on):
 *       HomeService needs the user's own JWT;
 *   <li>the service.
 * </ol>
 *
 * The services are registered through {@link GrpcServices} with this chain applied; none of
 * these interceptors is a bean, so Micronaut gRPC does not add them a second time in an order
 * of its own.
 */
@Singleton
public final class GrpcCallChain {

  private final List<ServerInterceptor> interceptors;
  private final ServerInterceptor serverSpans;

  GrpcCallChain(AuthSettings auth, @Value("${home-shelves.admin.token:}") String adminToken, Tracing tracing) {
    List<ServerInterceptor> chain = new ArrayList<>();
    chain.add(new GrpcErrorMapping());
    chain.add(new AdminTokenInterceptor(adminToken.trim()));
    if (auth.userTokens()) {
      chain.add(new UserTokenInterceptor(userTokens(auth)));
    }
    this.interceptors = List.copyOf(chain);
    // Off, not installed at all: an untraced call goes through no tracing code.
    this.serverSpans = tracing.on() ? new GrpcServerSpans(tracing) : null;
  }

  /** The interceptors between request parsing and the service, outermost first. */
  public List<ServerInterceptor> interceptors() {
    return interceptors;
  }

  /** The service with the whole chain in front of it. */
  public ServerServiceDefinition wrap(BindableService service) {
    return wrap(service.bindService());
  }

  /** The service with the whole chain in front of it. */
  public ServerServiceDefinition wrap(ServerServiceDefinition service) {
    ServerServiceDefinition chained = RequestParsing.wrap(ServerInterceptors.interceptForward(service, interceptors));
    if (serverSpans == null || HealthGrpc.SERVICE_NAME.equals(service.getServiceDescriptor().getName())) {
      return chained;
    }
    return ServerInterceptors.intercept(chained, serverSpans);
  }

  private static UserTokenVerifier userTokens(AuthSettings settings) {
    try {
      return new UserTokenVerifier(
          UserTokenVerifier.keysFrom(settings.jwks()), settings.issuer(), settings.audience(), settings.clockSkew());
    } catch (IOException e) {
      throw new UncheckedIOException("home-shelves.auth.jwks: cannot load keys: " + e.getMessage(), e);
    }
  }
}
