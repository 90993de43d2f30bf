package dev.converge.spec;

/**
 * A problem found while reading one document, already phrased and located; it stops reading that
 * document (or file) and becomes one {@link SpecError}. No stack trace: it is never shown.
 */
final class Located extends Exception {

    private final SpecError error;

    Located(SpecError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    SpecError error() {
        return error;
    }
}
