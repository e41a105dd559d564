package dev.tandem.adapter.config;

/** A setting has a value Tandem cannot use; the message names the setting and what it accepts. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
