package dev.tandem.realtimebridge.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.realtimebridge.tap.TapChange;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * One {@code postgres_changes} entry of a join: which changes of which table a channel wants.
 *
 * @param id stable for identical parameters, like the real server's {@code :erlang.phash2(params)}: the same
 *     subscription gets the same id on every join and every run, which clients match against {@code ids}
 * @param echo the entry as the client sent it, plus {@code id}: what the join reply lists
 */
record Binding(int id, String event, String schema, String table, String filterText, ChangeFilter filter,
        ObjectNode echo) {

    /** phash2's range is 0..2^27-1; staying inside it keeps ids looking like the real ones. */
    static final int ID_MASK = (1 << 27) - 1;

    static int stableId(String event, String schema, String table, String filter) {
        CRC32 crc = new CRC32();
        crc.update((event + "\u0000" + schema + "\u0000" + table + "\u0000" + (filter == null ? "" : filter))
                .getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() & ID_MASK);
    }

    /** Whether this binding wants the change (table, event and filter; row access is checked elsewhere). */
    boolean matches(TapChange change, TableInfo info) {
        if (!schema.equals(change.schema()) || !(table.equals("*") || table.equals(change.table()))) {
            return false;
        }
        if (!event.equals("*") && !event.equals(change.op().name())) {
            return false;
        }
        if (filter == null) {
            return true;
        }
        // A DELETE's columns are its old key (or whole old row with REPLICA IDENTITY FULL), as on the real server.
        return filter.matches(change.columns(), info);
    }

    /** The parameters as the real server logs them in its subscription error texts. */
    String describe() {
        return "event: " + event + ", schema: " + schema + ", table: " + table + ", filters: ["
                + (filter == null ? "" : filter.describe()) + "], select: nil";
    }
}
