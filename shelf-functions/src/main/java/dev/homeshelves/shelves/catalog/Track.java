package dev.homeshelves.shelves.catalog;

/** A track of the catalog with the metadata cards show. */
public record Track(String id, String title, String artistId, String artistName) {}
