package dev.tandem.realtimebridge.supabase;

/** The Phoenix serializers Realtime offers, by the {@code vsn} query parameter that picks one. */
public enum ProtocolVersion {
    /** JSON objects in text frames; the server omits join_ref from what it sends. */
    V1("1.0.0"),
    /** JSON arrays {@code [join_ref, ref, topic, event, payload]} in text frames, plus binary broadcast frames. */
    V2("2.0.0");

    private final String vsn;

    ProtocolVersion(String vsn) {
        this.vsn = vsn;
    }

    public String vsn() {
        return vsn;
    }

    public static ProtocolVersion fromVsn(String vsn) {
        for (ProtocolVersion v : values()) {
            if (v.vsn.equals(vsn)) {
                return v;
            }
        }
        throw new IllegalArgumentException("vsn must be 1.0.0 or 2.0.0, got: " + vsn);
    }

    Serializer serializer() {
        return this == V1 ? new V1Serializer() : new V2Serializer();
    }
}
