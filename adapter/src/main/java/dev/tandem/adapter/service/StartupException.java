package dev.tandem.adapter.service;

/** Tandem cannot start; the message says what is wrong and what to do, and is shown without a stack trace. */
public final class StartupException extends Exception {
    private static final long serialVersionUID = 1L;

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
