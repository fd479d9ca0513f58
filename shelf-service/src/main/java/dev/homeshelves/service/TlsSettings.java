package dev.homeshelves.service;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * TLS of the gRPC port ({@code home-shelves.tls.*} in application.yml): both {@code cert} and
 * {@code key} set turn it on; {@code clientCa} additionally requires client certificates (mTLS).
 *
 * @param cert PEM file with the server's certificate chain
 * @param key PEM file with its private key (PKCS#8)
 * @param clientCa PEM file with the CAs client certificates must chain to, or empty
 */
@ConfigurationProperties("home-shelves.tls")
public record TlsSettings(String cert, String key, String clientCa) {

  /** Unset values are empty; one of cert and key without the other is refused. */
  public TlsSettings {
    cert = cert == null ? "" : cert.trim();
    key = key == null ? "" : key.trim();
    clientCa = clientCa == null ? "" : clientCa.trim();
    if (cert.isEmpty() != key.isEmpty()) {
      throw new IllegalArgumentException(cert.isEmpty()
          ? "home-shelves.tls.cert (HOME_SHELVES_TLS_CERT) is required when home-shelves.tls.key is set"
          : "home-shelves.tls.key (HOME_SHELVES_TLS_KEY) is required when home-shelves.tls.cert is set");
    }
    if (cert.isEmpty() && !clientCa.isEmpty()) {
      throw new IllegalArgumentException(
          "home-shelves.tls.client-ca needs TLS on: set home-shelves.tls.cert and home-shelves.tls.key too");
    }
  }

  /** True when the gRPC port serves TLS. */
  public boolean enabled() {
    return !cert.isEmpty();
  }
}
