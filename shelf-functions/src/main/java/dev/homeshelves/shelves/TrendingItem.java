package dev.homeshelves.shelves;

/** An item and how many times it was played by everyone over the trending window. */
public record TrendingItem(String itemId, long count) {}
