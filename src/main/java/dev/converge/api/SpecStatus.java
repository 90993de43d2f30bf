package dev.converge.api;

import java.util.List;

/**
 * The spec the controller converges to.
 *
 * @param revision content hash of the revision in force; null while no revision has ever been valid
 * @param source where the spec is read from
 * @param errors the {@code file:line:column: message} errors of the newest revision when it was
 *     rejected; empty when the newest revision is the one in force
 */
public record SpecStatus(String revision, String source, List<String> errors) {}
