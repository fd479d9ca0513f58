package dev.homeshelves.embeddings;

/** One result of a nearest-neighbour query: an item id and its score (higher is closer). */
public record Neighbor(String id, float score) {}
