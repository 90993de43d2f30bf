package dev.converge.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Plans as text for people, like an infrastructure diff: per environment, one block per resource with
 * its action and the fields that change, sets as the elements added and removed. Colour is optional
 * so that the caller decides from the terminal, and the text is otherwise identical.
 */
public final class PlanRenderer {

    private static final String ARROW = " → ";
    private static final String INDENT = "  ";
    private static final String FIELD_INDENT = "      ";

    private final boolean colour;

    public PlanRenderer(boolean colour) {
        this.colour = colour;
    }

    /** Every plan, then the summary line. */
    public String render(List<Plan> plans) {
        StringBuilder out = new StringBuilder();
        for (Plan plan : plans) {
            out.append(environment(plan.environment(), plan.changes(), change -> null));
            out.append(acknowledged(plan.acknowledged()));
        }
        out.append(PlanSummary.of(plans)).append('\n');
        return out.toString();
    }

    /**
     * One environment's changes, each header followed by what {@code result} says about it (for
     * example how executing it went), when that is not null.
     */
    public String environment(String name, List<Change> changes, Function<Change, String> result) {
        StringBuilder out = new StringBuilder();
        if (changes.isEmpty()) {
            return out.append("Environment ").append(name).append(": no changes\n\n").toString();
        }
        out.append("Environment ").append(name).append('\n');
        int labelWidth = changes.stream().mapToInt(c -> label(c.action()).length()).max().orElse(0);
        for (Change change : changes) {
            String header = symbol(change.action()) + " " + pad(label(change.action()), labelWidth) + "  " + change.key();
            String outcome = result.apply(change);
            out.append(INDENT).append(paint(colourOf(change.action()), header))
                    .append(outcome == null ? "" : "  " + outcome)
                    .append('\n');
            fields(change, out);
            if (change.note() != null) {
                out.append(FIELD_INDENT).append(paint(Ansi.DIM, "# " + change.note())).append('\n');
            }
        }
        return out.append('\n').toString();
    }

    /** What an environment's reach holds that no spec describes, one line per object. */
    public String unmanaged(String environment, UnmanagedReport report) {
        StringBuilder out = new StringBuilder();
        if (report.objects().isEmpty() && report.failed().isEmpty()) {
            return out.append("Unmanaged in ").append(environment).append(": none\n\n").toString();
        }
        out.append("Unmanaged in ").append(environment).append(" (no Converge tags; never changed)\n");
        int kindWidth = report.objects().stream().mapToInt(o -> o.kind().length()).max().orElse(0);
        for (UnmanagedObject object : report.objects()) {
            out.append(INDENT).append(paint(Ansi.CYAN, "? " + pad(object.kind(), kindWidth) + "  " + object.awsId()));
            if (object.name() != null) {
                out.append("  \"").append(object.name()).append('"');
            }
            if (object.vpc() != null) {
                out.append("  in Vpc ").append(object.vpc());
            }
            out.append('\n');
        }
        report.failed().forEach((kind, why) -> out.append(INDENT).append(paint(Ansi.RED, "x " + kind + " could not be read: " + why))
                .append('\n'));
        return out.append('\n').toString();
    }

    /**
     * Drift left in place because the spec acknowledges it, after the environment's changes:
     * {@code ≈ acknowledged  Kind/name} with its fields and the reason and last day.
     */
    public String acknowledged(List<AcknowledgedDrift> drift) {
        StringBuilder out = new StringBuilder();
        for (AcknowledgedDrift acknowledged : drift) {
            out.append(INDENT).append(paint(Ansi.CYAN, "≈ acknowledged  " + acknowledged.key())).append('\n');
            fields(acknowledged.fields(), false, out);
            out.append(FIELD_INDENT).append(paint(Ansi.DIM, "# acknowledged until " + acknowledged.until() + ": "
                    + acknowledged.reason())).append('\n');
        }
        return drift.isEmpty() ? "" : out.append('\n').toString();
    }

    private void fields(Change change, StringBuilder out) {
        fields(change.fields(), change.action() == Action.CREATE, out);
    }

    private void fields(List<FieldChange> changed, boolean creating, StringBuilder out) {
        int width = changed.stream().mapToInt(f -> f.field().length() + 1).max().orElse(0);
        for (FieldChange field : changed) {
            String name = pad(field.field() + ":", width);
            Object after = field.after();
            if (field.sensitive()) {
                out.append(FIELD_INDENT).append(name).append("  ")
                        .append(value(creating, field.shownBefore(), field.shownAfter())).append('\n');
            } else if (after instanceof Collection<?> || field.before() instanceof Collection<?>) {
                out.append(FIELD_INDENT).append(name.strip()).append('\n');
                field.added().forEach(e -> element(out, Ansi.GREEN, "+ " + PlanValues.text(e)));
                field.removed().forEach(e -> element(out, Ansi.RED, "- " + PlanValues.text(e)));
            } else if (after instanceof Map<?, ?> wanted) {
                out.append(FIELD_INDENT).append(name.strip()).append('\n');
                Map<?, ?> had = field.before() instanceof Map<?, ?> m ? m : Map.of();
                int keyWidth = wanted.keySet().stream().mapToInt(k -> k.toString().length() + 1).max().orElse(0);
                wanted.keySet().stream().map(Object::toString).sorted().forEach(key -> element(out, null,
                        pad(key + ":", keyWidth) + "  " + value(creating, had.get(key), wanted.get(key))));
            } else {
                out.append(FIELD_INDENT).append(name).append("  ").append(value(creating, field.before(), after)).append('\n');
            }
        }
    }

    private void element(StringBuilder out, String ansi, String text) {
        out.append(FIELD_INDENT).append(INDENT).append(ansi == null ? text : paint(ansi, text)).append('\n');
    }

    /** A created resource has no before; an update shows both, absent as {@code (none)}. */
    private static String value(boolean creating, Object before, Object after) {
        return creating ? PlanValues.text(after) : PlanValues.text(before) + ARROW + PlanValues.text(after);
    }

    public static String symbol(Action action) {
        return switch (action) {
            case CREATE -> "+";
            case UPDATE -> "~";
            case REPLACE -> "±";
            case DELETE -> "-";
            case REPLACEMENT_BLOCKED, UPDATE_BLOCKED -> "!";
            case ORPHAN, PROTECTED -> "?";
            case CONFLICT -> "x";
            case DELETE_REFUSED -> "⊘";
            case ADOPT -> "⊕";
            case AWAITING_APPROVAL -> "⏸";
        };
    }

    private static String label(Action action) {
        return action.label().replace('-', ' ');
    }

    private static String colourOf(Action action) {
        return switch (action) {
            case CREATE, ADOPT -> Ansi.GREEN;
            case AWAITING_APPROVAL -> Ansi.YELLOW;
            case UPDATE -> Ansi.YELLOW;
            case REPLACE, REPLACEMENT_BLOCKED, UPDATE_BLOCKED -> Ansi.MAGENTA;
            case DELETE, CONFLICT, DELETE_REFUSED -> Ansi.RED;
            case ORPHAN, PROTECTED -> Ansi.CYAN;
        };
    }

    private String paint(String ansi, String text) {
        return colour ? ansi + text + Ansi.RESET : text;
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    /** The few SGR sequences a plan uses. */
    private static final class Ansi {
        static final String RESET = "\u001b[0m";
        static final String DIM = "\u001b[2m";
        static final String RED = "\u001b[31m";
        static final String GREEN = "\u001b[32m";
        static final String YELLOW = "\u001b[33m";
        static final String MAGENTA = "\u001b[35m";
        static final String CYAN = "\u001b[36m";
    }
}
