package dev.homeshelves.service.cli;

/** A command cannot run as asked (a missing setting, an unreadable file); homectl prints the message alone and exits 2. */
final class UsageException extends RuntimeException {

  UsageException(String message) {
    super(message);
  }
}
