package dev.tandem.realtimebridge.tap;

import dev.tandem.realtimebridge.tap.PgOutputMessage.Begin;
import dev.tandem.realtimebridge.tap.PgOutputMessage.Changes;
import dev.tandem.realtimebridge.tap.PgOutputMessage.Commit;
import dev.tandem.realtimebridge.tap.PgOutputMessage.Other;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes pgoutput messages (protocol version 1) into {@link PgOutputMessage}s. Pure: no I/O, no threads.
 * It remembers Relation messages by OID (the server sends one before a relation's first change in a session
 * and again after its schema changes), so use one decoder per replication session.
 *
 * <p>Reads from the buffer's position to its limit through a duplicate, never through {@code array()}: the
 * buffers PgJDBC hands out are slices of a shared array, and the caller's position is left untouched.
 */
public final class PgOutputDecoder {
    /** Microseconds from 1970-01-01 to 2000-01-01, the epoch of Postgres timestamps. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;
    /** Marks an unchanged TOASTed value (kind 'u') inside the decoder; compared by identity, never exposed. */
    private static final String UNCHANGED_TOAST = new String("unchanged TOAST");

    /** A table as the last Relation message described it. */
    record Relation(int oid, String schema, String table, char replicaIdentity, List<String> columns,
                    List<Boolean> keyColumns) {
    }

    private final Map<Integer, Relation> relations = new HashMap<>();

    public PgOutputMessage decode(ByteBuffer message) {
        ByteBuffer in = message.duplicate().order(ByteOrder.BIG_ENDIAN);
        if (!in.hasRemaining()) {
            throw new PgOutputException("empty pgoutput message");
        }
        char type = (char) in.get();
        try {
            return switch (type) {
                case 'B' -> new Begin(in.getLong(), timestamp(in.getLong()), Integer.toUnsignedLong(in.getInt()));
                case 'C' -> commit(in);
                case 'R' -> relation(in);
                case 'I' -> insert(in);
                case 'U' -> update(in);
                case 'D' -> delete(in);
                case 'T' -> truncate(in);
                // Type and Origin describe things we do not use; Message (pg_logical_emit_message) is not a row.
                case 'Y', 'O', 'M' -> new Other(type);
                default -> throw new PgOutputException("unknown pgoutput message type '" + type + "' (0x"
                        + Integer.toHexString(type) + "); the tap speaks proto_version 1");
            };
        } catch (BufferUnderflowException e) {
            throw new PgOutputException("truncated pgoutput '" + type + "' message of " + message.remaining() + " bytes", e);
        }
    }

    private static Commit commit(ByteBuffer in) {
        in.get(); // flags: unused, always 0
        long commitLsn = in.getLong();
        long endLsn = in.getLong();
        return new Commit(commitLsn, endLsn, timestamp(in.getLong()));
    }

    private Other relation(ByteBuffer in) {
        int oid = in.getInt();
        String namespace = string(in);
        String name = string(in);
        char replicaIdentity = (char) in.get();
        int columnCount = in.getShort();
        List<String> columns = new ArrayList<>(columnCount);
        List<Boolean> keyColumns = new ArrayList<>(columnCount);
        for (int i = 0; i < columnCount; i++) {
            keyColumns.add((in.get() & 1) != 0); // flags: 1 = part of the replica identity
            columns.add(string(in));
            in.getInt(); // type OID
            in.getInt(); // type modifier
        }
        // pgoutput sends an empty namespace for pg_catalog.
        String schema = namespace.isEmpty() ? "pg_catalog" : namespace;
        relations.put(oid, new Relation(oid, schema, name, replicaIdentity, List.copyOf(columns), List.copyOf(keyColumns)));
        return new Other('R');
    }

    private Changes insert(ByteBuffer in) {
        Relation rel = knownRelation(in.getInt());
        expect(in, 'N', "Insert");
        return one(new TapChange(TapChange.Op.INSERT, rel.schema(), rel.table(), row(rel, tuple(in, rel), null), null));
    }

    private Changes update(ByteBuffer in) {
        Relation rel = knownRelation(in.getInt());
        char kind = (char) in.get();
        Map<String, String> old = null;
        if (kind == 'K' || kind == 'O') {
            old = oldRow(rel, kind, tuple(in, rel));
            kind = (char) in.get();
        }
        if (kind != 'N') {
            throw new PgOutputException("Update for " + rel.table() + ": expected 'N', 'K' or 'O', got '" + kind + "'");
        }
        Map<String, String> columns = row(rel, tuple(in, rel), old);
        return one(new TapChange(TapChange.Op.UPDATE, rel.schema(), rel.table(), columns, old));
    }

    private Changes delete(ByteBuffer in) {
        Relation rel = knownRelation(in.getInt());
        char kind = (char) in.get();
        if (kind != 'K' && kind != 'O') {
            throw new PgOutputException("Delete for " + rel.table() + ": expected 'K' or 'O', got '" + kind + "'");
        }
        return one(new TapChange(TapChange.Op.DELETE, rel.schema(), rel.table(), oldRow(rel, kind, tuple(in, rel)), null));
    }

    private Changes truncate(ByteBuffer in) {
        int count = in.getInt();
        in.get(); // options: 1 = CASCADE, 2 = RESTART IDENTITY
        List<TapChange> changes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Relation rel = knownRelation(in.getInt());
            changes.add(new TapChange(TapChange.Op.TRUNCATE, rel.schema(), rel.table(), Map.of(), null));
        }
        return new Changes(changes);
    }

    private Relation knownRelation(int oid) {
        Relation rel = relations.get(oid);
        if (rel == null) {
            throw new PgOutputException("change for relation OID " + Integer.toUnsignedString(oid)
                    + " arrived before its Relation message");
        }
        return rel;
    }

    /** TupleData: Int16 column count, then per column a kind byte and, for 't'/'b', Int32 length + bytes. */
    private static String[] tuple(ByteBuffer in, Relation rel) {
        int count = in.getShort();
        if (count != rel.columns().size()) {
            throw new PgOutputException("tuple for " + rel.schema() + "." + rel.table() + " has " + count
                    + " columns but its Relation message listed " + rel.columns().size());
        }
        String[] values = new String[count];
        for (int i = 0; i < count; i++) {
            char kind = (char) in.get();
            values[i] = switch (kind) {
                case 'n' -> null;
                case 'u' -> UNCHANGED_TOAST;
                case 't' -> new String(bytes(in), StandardCharsets.UTF_8);
                // Only with the 'binary' option, which the tap does not request; kept visible rather than lost.
                case 'b' -> "\\x" + HexFormat.of().formatHex(bytes(in));
                default -> throw new PgOutputException("unknown TupleData kind '" + kind + "' in column "
                        + rel.columns().get(i) + " of " + rel.table());
            };
        }
        return values;
    }

    /**
     * An old tuple. 'K' (old key) carries the replica identity columns and NULL placeholders for the rest,
     * which are not NULL in the row: keep only the key columns. 'O' is the whole old row.
     */
    private static Map<String, String> oldRow(Relation rel, char kind, String[] values) {
        Map<String, String> all = row(rel, values, null);
        if (kind == 'K') {
            for (int i = 0; i < values.length; i++) {
                if (!rel.keyColumns().get(i)) {
                    all.remove(rel.columns().get(i));
                }
            }
        }
        return all;
    }

    /** Names the values in column order; an unchanged TOAST value is taken from {@code old} or left out. */
    private static Map<String, String> row(Relation rel, String[] values, Map<String, String> old) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            String name = rel.columns().get(i);
            if (values[i] != UNCHANGED_TOAST) {
                row.put(name, values[i]);
            } else if (old != null && old.containsKey(name)) {
                row.put(name, old.get(name));
            }
        }
        return row;
    }

    private static byte[] bytes(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new PgOutputException("value length " + length + " exceeds the " + in.remaining() + " bytes left");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    /** A NUL-terminated UTF-8 string. */
    private static String string(ByteBuffer in) {
        int start = in.position();
        int end = start;
        while (end < in.limit() && in.get(end) != 0) {
            end++;
        }
        if (end == in.limit()) {
            throw new PgOutputException("string starting at offset " + start + " has no terminating NUL");
        }
        byte[] bytes = new byte[end - start];
        in.get(bytes);
        in.get(); // the NUL
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void expect(ByteBuffer in, char wanted, String message) {
        char got = (char) in.get();
        if (got != wanted) {
            throw new PgOutputException(message + ": expected '" + wanted + "', got '" + got + "'");
        }
    }

    private static Changes one(TapChange change) {
        return new Changes(List.of(change));
    }

    static Instant timestamp(long pgMicros) {
        long micros = pgMicros + PG_EPOCH_MICROS;
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
