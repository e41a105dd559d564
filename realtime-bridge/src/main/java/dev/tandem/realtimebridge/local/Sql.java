package dev.tandem.realtimebridge.local;

/** Quoting for the identifiers this package writes into SQL text (everything else is a bound parameter). */
final class Sql {
    private Sql() {
    }

    /** A double-quoted identifier, as PostgreSQL's quote_ident would always quote it. */
    static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
