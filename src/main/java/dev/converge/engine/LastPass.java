package dev.converge.engine;

/** A pass's report together with the spec revision that was in force for it. */
public record LastPass(PassReport report, String revision) {}
