package dev.homeshelves.service;

import io.grpc.ServerBuilder;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContextBuilder;
import jakarta.inject.Singleton;
import java.io.File;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the gRPC port over TLS when {@link TlsSettings} name a certificate and key, and
 * requires client certificates signed by {@code client-ca} when that is set. A certificate or
 * key that cannot be read stops start-up with the setting and the reason.
 */
@Singleton
final class GrpcServerTls implements BeanCreatedEventListener<ServerBuilder<?>> {

  private static final Logger LOG = LoggerFactory.getLogger(GrpcServerTls.class);

  private final TlsSettings settings;

  GrpcServerTls(TlsSettings settings) {
    this.settings = settings;
  }

  @Override
  public ServerBuilder<?> onCreated(BeanCreatedEvent<ServerBuilder<?>> event) {
    ServerBuilder<?> builder = event.getBean();
    if (!settings.enabled()) {
      return builder;
    }
    if (!(builder instanceof NettyServerBuilder netty)) {
      throw new IllegalStateException("home-shelves.tls: the gRPC server is not Netty-based ("
          + builder.getClass().getName() + "), cannot configure TLS");
    }
    try {
      SslContextBuilder ssl = GrpcSslContexts.forServer(readable("cert", settings.cert()), readable("key", settings.key()));
      if (!settings.clientCa().isEmpty()) {
        ssl.trustManager(readable("client-ca", settings.clientCa())).clientAuth(ClientAuth.REQUIRE);
      }
      netty.sslContext(ssl.build());
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalStateException("home-shelves.tls: cannot use " + settings.cert() + " / " + settings.key()
          + ": " + e.getMessage(), e);
    }
    LOG.info("gRPC serves TLS with {}{}", settings.cert(),
        settings.clientCa().isEmpty() ? "" : ", client certificates signed by " + settings.clientCa() + " required");
    return builder;
  }

  private static File readable(String setting, String path) {
    File file = new File(path);
    if (!file.canRead()) {
      throw new IllegalArgumentException("home-shelves.tls." + setting + ": cannot read " + path);
    }
    return file;
  }
}
