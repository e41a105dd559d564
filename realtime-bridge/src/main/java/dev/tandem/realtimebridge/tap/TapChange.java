package dev.tandem.realtimebridge.tap;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row change as pgoutput reports it, values in Postgres' text format.
 *
 * @param columns column name to text value (null for SQL NULL), in the table's column order. INSERT/UPDATE:
 *     the new row; DELETE: the old key's columns only (the whole old row with REPLICA IDENTITY FULL);
 *     TRUNCATE: empty. An UPDATE column whose unchanged TOASTed value the server did not send is taken from
 *     {@code oldColumns} when that has it, and is otherwise absent from the map (absent is not NULL).
 * @param oldColumns UPDATE only, when the server sent an old tuple: the old key's columns if the key changed,
 *     or the whole old row with REPLICA IDENTITY FULL; otherwise null
 */
public record TapChange(Op op, String schema, String table, Map<String, String> columns, Map<String, String> oldColumns) {
    public enum Op { INSERT, UPDATE, DELETE, TRUNCATE }

    public TapChange {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        // Map.copyOf would reject the null values that stand for SQL NULL; keep order and nulls, forbid changes.
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(columns, "columns")));
        oldColumns = oldColumns == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(oldColumns));
    }
}
