package dev.tandem.realtimebridge.local;

import java.util.List;
import java.util.Optional;

/**
 * What the endpoint needs to know about a published table: its columns with their type names (as
 * {@code pg_type.typname}, which is what Realtime puts in {@code columns[].type}), its primary key, and whether
 * row level security is on.
 */
record TableInfo(String schema, String table, List<Column> columns, List<String> primaryKey, boolean rlsEnabled) {
    record Column(String name, String type) {
    }

    TableInfo {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    String type(String column) {
        return column(column).map(Column::type).orElse("text");
    }

    String qualifiedName() {
        return Sql.ident(schema) + "." + Sql.ident(table);
    }
}
