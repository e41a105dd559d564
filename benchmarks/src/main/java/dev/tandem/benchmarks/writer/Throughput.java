package dev.tandem.benchmarks.writer;

import dev.tandem.realtimebridge.writer.EventRow;
import dev.tandem.realtimebridge.writer.EventWriter;
import dev.tandem.realtimebridge.writer.WriteTicket;
import dev.tandem.realtimebridge.writer.WriterFullException;
import dev.tandem.realtimebridge.writer.WriterStats;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The throughput runs, each into an emptied {@code monitoring_events} with the tap reading: raw COPY, Tandem's
 * {@link EventWriter}, and one autocommit INSERT per event. Before each run the table is truncated, a
 * checkpoint is taken (so no run pays for another's dirty pages) and the tap has caught up; after it, the
 * time the tap took to hand over the run's last row is noted.
 */
final class Throughput {
    /** Rows per submission to the writer: what one ingest request of a busy producer carries. */
    static final int WRITER_CHUNK = 100;
    private static final Duration TAP_CATCH_UP_LIMIT = Duration.ofMinutes(2);

    /** One run: {@code rows} committed in {@code seconds}, and when the tap had the last of them. */
    record Result(String name, long rows, double seconds, String note) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private final ScratchDatabase db;
    private final TapCounter tap;
    private final EventWriter writer;
    private long rowsWritten;
    private boolean checkpointRefused;

    Throughput(ScratchDatabase db, TapCounter tap, EventWriter writer) {
        this.db = db;
        this.tap = tap;
        this.writer = writer;
    }

    /** One COPY ... FROM STDIN of every row, in one transaction. */
    Result copyStream(String name, byte[] payload, int rows) throws SQLException, IOException {
        reset();
        try (Connection c = db.connect()) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long start = System.nanoTime();
            copy.copyIn(copySql(), new ByteArrayInputStream(payload));
            return finished(name, rows, start, "");
        }
    }

    /** One COPY per batch, each its own transaction: the writer's batch size, without its statement. */
    Result copyBatches(String name, List<byte[]> batches, int rows) throws SQLException, IOException {
        reset();
        try (Connection c = db.connect()) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long start = System.nanoTime();
            for (byte[] batch : batches) {
                copy.copyIn(copySql(), new ByteArrayInputStream(batch));
            }
            return finished(name, rows, start, "");
        }
    }

    /** Every row through the writer, {@link #WRITER_CHUNK} per submission, as fast as it takes them. */
    Result tandem(String name, List<EventRow> rows) throws Exception {
        reset();
        WriterStats before = writer.stats();
        List<CompletableFuture<Void>> done = new ArrayList<>(rows.size() / WRITER_CHUNK + 1);
        long start = System.nanoTime();
        for (int i = 0; i < rows.size(); i += WRITER_CHUNK) {
            List<EventRow> chunk = rows.subList(i, Math.min(rows.size(), i + WRITER_CHUNK));
            done.add(reserve(writer, chunk.size()).submit(chunk));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        WriterStats after = writer.stats();
        long batches = after.batchesWritten() - before.batchesWritten();
        return finished(name, rows.size(), start, String.format(Locale.ROOT, "%,d batches of %.0f rows on average",
                batches, (double) (after.rowsWritten() - before.rowsWritten()) / Math.max(1, batches)));
    }

    /** One INSERT per event in autocommit, one after the other: a commit per event, as a naive dual write does. */
    Result naive(String name, List<EventRow> rows, Duration limit) throws SQLException {
        reset();
        String sql = "INSERT INTO monitoring_events (" + BenchRows.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?::jsonb, ?, ?) ON CONFLICT (event_id) DO NOTHING";
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            long start = System.nanoTime();
            long deadline = start + limit.toNanos();
            int n = 0;
            while (n < rows.size() && System.nanoTime() < deadline) {
                Object[] values = BenchRows.values(rows.get(n));
                for (int i = 0; i < values.length; i++) {
                    ps.setObject(i + 1, values[i]);
                }
                ps.executeUpdate();
                n++;
            }
            return finished(name, n, start, n < rows.size() ? "stopped after " + limit.toSeconds() + " s" : "");
        }
    }

    private Result finished(String name, long rows, long startNanos, String note) {
        long end = System.nanoTime();
        rowsWritten += rows;
        boolean caughtUp = tap.awaitRows(rowsWritten, TAP_CATCH_UP_LIMIT);
        String tapNote = caughtUp
                ? String.format(Locale.ROOT, "tap had the last row %,d ms after the last commit", (System.nanoTime() - end) / 1_000_000)
                : "tap had NOT caught up " + TAP_CATCH_UP_LIMIT.toSeconds() + " s after the last commit";
        return new Result(name, rows, (end - startNanos) / 1e9, note.isEmpty() ? tapNote : note + "; " + tapNote);
    }

    /** An empty table, a checkpoint, and the tap caught up with everything so far: how every run starts. */
    void reset() throws SQLException {
        if (!tap.awaitRows(rowsWritten, TAP_CATCH_UP_LIMIT)) {
            System.err.println("bench-writer: the tap is still behind before a run; figures will be disturbed");
        }
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE monitoring_events");
            if (!checkpointRefused) {
                try {
                    st.execute("CHECKPOINT");
                } catch (SQLException e) {
                    checkpointRefused = true;
                    System.err.println("bench-writer: no CHECKPOINT between runs (" + e.getMessage().strip()
                            + "); a run may pay for the previous one's dirty pages");
                }
            }
        }
    }

    private static String copySql() {
        return "COPY monitoring_events (" + BenchRows.COLUMNS + ") FROM STDIN";
    }

    /** Reserves room, waiting while the writer's queue is full (the writer sets the pace). */
    static WriteTicket reserve(EventWriter writer, int count) {
        while (true) {
            try {
                return writer.reserve(count);
            } catch (WriterFullException e) {
                LockSupport.parkNanos(200_000L);
            }
        }
    }
}
