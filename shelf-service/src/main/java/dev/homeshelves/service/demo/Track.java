package dev.homeshelves.service.demo;

/** A catalog track: id, title, artist (a line of catalog.tsv / songs.tsv). */
public record Track(String id, String title, String artist) {}
