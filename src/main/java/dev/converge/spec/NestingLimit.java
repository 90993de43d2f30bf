package dev.converge.spec;

import dev.converge.spec.DocumentSource.Position;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;

/**
 * Rejects documents nested deeper than {@link YamlTree#MAX_DEPTH} before they are composed: snakeyaml's
 * composer recurses once per level, so a few kilobytes of {@code [[[[…} would overflow the stack. Its
 * parser keeps an explicit stack, so walking the event stream first is safe at any depth.
 */
final class NestingLimit {

    private NestingLimit() {}

    static void check(String file, LoadSettings settings, String text) throws Located {
        int depth = 0;
        for (Event event : new Parse(settings).parseString(text)) {
            switch (event.getEventId()) {
                case MappingStart, SequenceStart -> {
                    if (++depth > YamlTree.MAX_DEPTH) {
                        Position at = YamlTree.position(event.getStartMark());
                        throw new Located(new SpecError(file, at.line(), at.column(),
                                "nesting is deeper than " + YamlTree.MAX_DEPTH + " levels"));
                    }
                }
                case MappingEnd, SequenceEnd -> depth--;
                default -> { }
            }
        }
    }
}
