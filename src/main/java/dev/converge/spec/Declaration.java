package dev.converge.spec;

import dev.converge.model.Environment;
import dev.converge.model.Resource;

/** One bound document of a spec, with where it came from so that later checks can point at it. */
public sealed interface Declaration {

    DocumentSource source();

    record OfEnvironment(Environment environment, DocumentSource source) implements Declaration {}

    record OfResource(Resource resource, DocumentSource source) implements Declaration {}
}
