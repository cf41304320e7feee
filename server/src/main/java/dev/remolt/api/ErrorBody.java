package dev.remolt.api;

/** The body of every error answer. */
public record ErrorBody(String error, String message) {}
