package dev.tandem.realtimebridge.writer;

/** The writer has been closed: reservations are refused, and rows it could not write in time fail with this. */
public final class WriterClosedException extends IllegalStateException {
    WriterClosedException(String message) {
        super(message);
    }
}
