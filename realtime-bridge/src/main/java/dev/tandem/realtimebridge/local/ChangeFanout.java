package dev.tandem.realtimebridge.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.realtimebridge.tap.TapChange;
import dev.tandem.realtimebridge.tap.TapListener;
import dev.tandem.realtimebridge.tap.TapTransaction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the tap's transactions to the subscribed channels as {@code postgres_changes}, in commit order (it runs
 * on the tap's thread, one transaction at a time). Per transaction: match every change against every binding,
 * ask PostgreSQL once per (role, table) which rows each role may read, then deliver change by change.
 */
final class ChangeFanout implements TapListener {
    private static final Logger log = LoggerFactory.getLogger(ChangeFanout.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** How long a committed transaction may take to become visible before its rows are checked anyway. */
    static final Duration VISIBILITY_WAIT = Duration.ofSeconds(5);
    /** Realtime's commit_timestamp: UTC, milliseconds. */
    static final DateTimeFormatter COMMIT_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Catalog catalog;
    private final RowAccess access;
    private final Subscribers subscribers;
    private final LocalProtocol protocol;

    ChangeFanout(Catalog catalog, RowAccess access, Subscribers subscribers, LocalProtocol protocol) {
        this.catalog = catalog;
        this.access = access;
        this.subscribers = subscribers;
        this.protocol = protocol;
    }

    /** A change with the channels that want it, and the ids of their bindings that matched. */
    private record Matched(TapChange change, TableInfo table, Map<Channel, List<Integer>> ids) {
    }

    @Override
    public void onTransaction(TapTransaction tx) throws Exception {
        List<Channel> channels = subscribers.snapshot();
        if (channels.isEmpty()) {
            return; // like the real poller: changes nobody subscribed to are gone
        }
        List<Matched> matched = new ArrayList<>();
        // role -> table -> rows whose visibility must be asked
        Map<String, Map<TableInfo, List<Map<String, String>>>> toCheck = new HashMap<>();
        for (TapChange change : tx.changes()) {
            if (change.op() == TapChange.Op.TRUNCATE) {
                continue;
            }
            Optional<TableInfo> table = catalog.table(change.schema(), change.table());
            if (table.isEmpty()) {
                continue;
            }
            Map<Channel, List<Integer>> ids = new LinkedHashMap<>();
            for (Channel c : channels) {
                for (Binding b : c.bindings) {
                    if (b.matches(change, table.get())) {
                        ids.computeIfAbsent(c, k -> new ArrayList<>()).add(b.id());
                    }
                }
            }
            if (ids.isEmpty()) {
                continue;
            }
            matched.add(new Matched(change, table.get(), ids));
            if (change.op() != TapChange.Op.DELETE) { // RLS is not applied to DELETEs, as on Supabase
                for (Channel c : ids.keySet()) {
                    if (!c.role().equals(RowAccess.BYPASS_ROLE)) {
                        toCheck.computeIfAbsent(c.role(), r -> new HashMap<>())
                                .computeIfAbsent(table.get(), t -> new ArrayList<>()).add(change.columns());
                    }
                }
            }
        }
        if (!toCheck.isEmpty() && !access.awaitVisible(tx.xid(), VISIBILITY_WAIT)) {
            log.warn("local realtime: transaction {} still not visible after {}; its rows may be missed", tx.xid(),
                    VISIBILITY_WAIT);
        }
        Map<String, Map<TableInfo, Set<String>>> visible = new HashMap<>();
        toCheck.forEach((role, tables) -> tables.forEach((table, rows) -> visible
                .computeIfAbsent(role, r -> new HashMap<>()).put(table, access.visible(role, table, rows))));
        String commitTimestamp = COMMIT_TIMESTAMP.format(tx.commitTime());
        for (Matched m : matched) {
            ObjectNode data = data(m.change(), m.table(), commitTimestamp);
            String key = RowAccess.key(m.table(), m.change().columns());
            Map<String, byte[]> encoded = new HashMap<>(); // same serializer, topic and ids: encode once
            Map<String, Boolean> readable = new HashMap<>(); // per role: asked once per change, not per channel
            m.ids().forEach((c, ids) -> {
                if (c.closed() || !readable.computeIfAbsent(c.role(), role -> mayRead(role, m, key, visible))) {
                    return;
                }
                String cacheKey = c.socket.serializer + "\u0000" + c.topic + "\u0000" + ids;
                byte[] utf8 = encoded.computeIfAbsent(cacheKey, k -> {
                    ObjectNode payload = NODES.objectNode();
                    ArrayNode idArray = payload.putArray("ids");
                    ids.forEach(idArray::add);
                    payload.set("data", data);
                    return c.socket.serializer.encodeText(Frame.push(c.topic, "postgres_changes", payload))
                            .getBytes(StandardCharsets.UTF_8);
                });
                protocol.deliver(c, utf8);
            });
        }
    }

    private static boolean mayRead(String role, Matched m, String key,
            Map<String, Map<TableInfo, Set<String>>> visible) {
        if (role.equals(RowAccess.BYPASS_ROLE) || m.change().op() == TapChange.Op.DELETE) {
            return true;
        }
        return visible.getOrDefault(role, Map.of()).getOrDefault(m.table(), Set.of()).contains(key);
    }

    /** The {@code data} object of Realtime's apply_rls for one change. */
    static ObjectNode data(TapChange change, TableInfo table, String commitTimestamp) {
        ObjectNode d = NODES.objectNode();
        d.put("schema", change.schema());
        d.put("table", change.table());
        d.put("commit_timestamp", commitTimestamp);
        d.put("type", change.op().name());
        ArrayNode columns = d.putArray("columns");
        for (TableInfo.Column c : table.columns()) {
            columns.addObject().put("name", c.name()).put("type", c.type());
        }
        switch (change.op()) {
            case INSERT -> d.set("record", RecordJson.of(change.columns(), table));
            case UPDATE -> {
                d.set("record", RecordJson.of(change.columns(), table));
                d.set("old_record", RecordJson.of(oldRecord(change.oldColumns(), change.columns(), table), table));
            }
            case DELETE -> d.set("old_record", RecordJson.of(oldRecord(change.columns(), change.columns(), table), table));
            default -> throw new IllegalArgumentException("no data for " + change.op());
        }
        d.putNull("errors");
        return d;
    }

    /**
     * The old record: what the WAL has, but only the primary key when RLS is on (Realtime's apply_rls keeps
     * only key columns of the old row of an RLS table); the key from the new row when the WAL has no old row.
     */
    private static Map<String, String> oldRecord(Map<String, String> old, Map<String, String> current, TableInfo table) {
        Map<String, String> source = old != null ? old : current;
        if (old != null && !table.rlsEnabled()) {
            return old;
        }
        Map<String, String> key = new LinkedHashMap<>();
        for (String col : table.primaryKey()) {
            if (source.containsKey(col)) {
                key.put(col, source.get(col));
            }
        }
        return key;
    }
}
