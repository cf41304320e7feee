package dev.remolt.bench;

/** A row's target as PERF.md states it, and whether this run met it, with the figures that decided. */
public record Verdict(String target, boolean met, String detail) {}
