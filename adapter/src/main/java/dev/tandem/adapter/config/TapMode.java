package dev.tandem.adapter.config;

/** Whether the replication tap runs. */
public enum TapMode {
    /** Run it when PostgreSQL allows; otherwise start without it and say why. */
    AUTO,
    /** Run it or refuse to start. */
    ON,
    /** Never run it. */
    OFF
}
