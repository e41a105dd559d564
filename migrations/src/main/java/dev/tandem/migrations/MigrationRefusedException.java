package dev.tandem.migrations;

/**
 * The schema cannot be brought where the options ask on this database (broadcast mode without Supabase's
 * {@code realtime} schema); raised before anything is changed.
 */
public final class MigrationRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MigrationRefusedException(String message) {
        super(message);
    }
}
