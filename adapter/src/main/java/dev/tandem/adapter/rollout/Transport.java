package dev.tandem.adapter.rollout;

import java.util.Locale;

/** Which stream a dashboard reads. */
public enum Transport {
    LEGACY, REALTIME;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
