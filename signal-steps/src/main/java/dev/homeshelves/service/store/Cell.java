package dev.homeshelves.service.store;

import com.google.protobuf.ByteString;

/**
 * One Bigtable cell, independent of any client: what the layout classes ({@link ShelfRows},
 * {@link PlayRows}, {@link FollowRows}, {@link TrendingRows}, {@link ConfigRows}) write and
 * decode. The service's stores turn cells into the Cloud Bigtable client's mutations, the
 * pipeline into {@code com.google.bigtable.v2.Mutation}s for BigtableIO; both read rows back into
 * cells in the order Bigtable returns them (family, then qualifier, then newest first).
 *
 * @param timestampMicros microseconds, whole milliseconds (the tables' granularity)
 */
public record Cell(String family, ByteString qualifier, long timestampMicros, ByteString value) {}
