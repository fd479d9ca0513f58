package dev.homeshelves.service.auth;

/** A bearer token that was missing, malformed, badly signed or expired; the message says which. */
public final class TokenRejectedException extends Exception {

  /** Why the token was rejected, safe to show to the caller. */
  public TokenRejectedException(String reason) {
    super(reason);
  }
}
