package dev.converge.cli;

/** Whether output goes to a person: colour only on a terminal, and never when NO_COLOR is set (no-color.org). */
final class Terminal {

    private Terminal() {}

    static boolean colour() {
        String noColour = System.getenv("NO_COLOR");
        return System.console() != null && (noColour == null || noColour.isEmpty());
    }
}
