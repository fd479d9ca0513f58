package dev.homeshelves.service;

/** A request names something that does not exist; becomes {@code NOT_FOUND} (see {@link GrpcErrorMapping}). */
public final class NotFoundException extends RuntimeException {

  /** @param what the kind of thing ("experiment"); @param id the id the request gave */
  public NotFoundException(String what, String id) {
    super("no " + what + " with id \"" + id + "\"");
  }
}
