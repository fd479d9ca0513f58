package dev.homeshelves.service.experiments;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hash behind experiment assignment, specified so that an analyst can reproduce it offline
 * (docs/experiments.md gives the same recipe in Python): {@code d = SHA-256(UTF-8(salt + ":" +
 * userId))}; the allocation bucket is the first 8 bytes of {@code d} as an unsigned big-endian
 * integer modulo {@value #BUCKETS}; the variant point is bytes 8 to 15, the same way, modulo the
 * experiment's total weight. Two independent parts of the digest mean that growing an
 * experiment's allocation adds users without moving anyone between variants.
 */
public final class AssignmentHash {

  /** Number of allocation buckets: allocation has a resolution of 1/10,000 (0.01 %). */
  public static final int BUCKETS = 10_000;

  private final long allocationWord;
  private final long variantWord;

  private AssignmentHash(long allocationWord, long variantWord) {
    this.allocationWord = allocationWord;
    this.variantWord = variantWord;
  }

  /** Hashes one (salt, user) pair. */
  public static AssignmentHash of(String salt, String userId) {
    ByteBuffer digest = ByteBuffer.wrap(sha256((salt + ":" + userId).getBytes(StandardCharsets.UTF_8)));
    return new AssignmentHash(digest.getLong(0), digest.getLong(8));
  }

  /** The user's allocation bucket, in [0, {@value #BUCKETS}). */
  public int bucket() {
    return (int) Long.remainderUnsigned(allocationWord, BUCKETS);
  }

  /** The user's point on the variants' cumulative weights, in [0, totalWeight). */
  public long variantPoint(long totalWeight) {
    return Long.remainderUnsigned(variantWord, totalWeight);
  }

  /** The number of buckets an allocation covers: users whose bucket is below it are in. */
  public static int bucketsFor(double allocation) {
    return (int) Math.round(allocation * BUCKETS);
  }

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform is required to provide SHA-256.
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
