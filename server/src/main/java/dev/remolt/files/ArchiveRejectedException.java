package dev.remolt.files;

/** An upload refused whole; the message names the first bad entry and why. */
public final class ArchiveRejectedException extends RuntimeException {
    private final boolean tooLarge;

    ArchiveRejectedException(String message, boolean tooLarge) {
        super(message);
        this.tooLarge = tooLarge;
    }

    /** True for the size, count and ratio limits (413); false for a malformed or dangerous entry (400). */
    public boolean tooLarge() {
        return tooLarge;
    }
}
