package dev.remolt.sandbox;

/** The outcome of a command run inside a sandbox. */
public record ExecResult(int exitCode, String output) {}
