package dev.converge.spec;

import dev.converge.spec.DocumentSource.Position;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/** snakeyaml's parse errors, located and phrased for people who write specs rather than parsers. */
final class YamlErrors {

    private YamlErrors() {}

    static SpecError located(String file, MarkedYamlEngineException e) {
        Position at = YamlTree.position(e.getProblemMark().or(e::getContextMark));
        String problem = e.getProblem() == null ? e.getContext() : e.getProblem();
        String context = e.getProblem() == null || e.getContext() == null || e.getContextMark().isEmpty()
                ? ""
                : " (" + e.getContext() + " at line " + YamlTree.position(e.getContextMark()).line() + ")";
        return new SpecError(file, at.line(), at.column(), phrase(problem) + context);
    }

    static String phrase(String problem) {
        if (problem == null) {
            return "YAML syntax error";
        }
        if (problem.contains("(TAB)")) {
            return "tab character: indent YAML with spaces, not tabs";
        }
        if (problem.contains("aliases")) {
            return "too many aliases (" + problem.trim() + ")";
        }
        return "YAML syntax error: " + problem.trim();
    }
}
