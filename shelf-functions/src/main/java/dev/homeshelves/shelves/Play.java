package dev.homeshelves.shelves;

import java.time.Instant;

/** One counted play of a track by the user: when it happened and how long it was listened to. */
public record Play(String trackId, Instant at, long msPlayed) {}
