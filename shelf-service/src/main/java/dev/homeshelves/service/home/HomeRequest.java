package dev.homeshelves.service.home;

/** A validated GetHome request: limits already defaulted and capped. */
public record HomeRequest(String userId, int maxShelves, int maxItemsPerShelf, String locale) {}
