package dev.tandem.realtimebridge.tap;

import static dev.tandem.realtimebridge.tap.PgOutputBytes.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.realtimebridge.tap.PgOutputMessage.Begin;
import dev.tandem.realtimebridge.tap.PgOutputMessage.Changes;
import dev.tandem.realtimebridge.tap.PgOutputMessage.Commit;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decoding of hand-built pgoutput (proto_version 1) messages, byte layouts as in the protocol docs. */
class PgOutputDecoderTest {
    private static final int OID = 16385;
    /** 2024-01-02T03:04:05.678901Z as microseconds since 2000-01-01. */
    private static final long COMMIT_MICROS = 757_479_845_678_901L;
    private static final Instant COMMIT_TIME = Instant.parse("2024-01-02T03:04:05.678901Z");

    private final PgOutputDecoder decoder = new PgOutputDecoder();

    /** A table (id key, big, note), as the server describes it before the first change. */
    private static PgOutputBytes relation() {
        return message('R').int32(OID).string("public").string("docs").int8('f').int16(3)
                .int8(1).string("id").int32(20).int32(-1)
                .int8(0).string("big").int32(25).int32(-1)
                .int8(0).string("note").int32(25).int32(-1);
    }

    @Test
    void beginCarriesFinalLsnCommitTimeAndUnsignedXid() {
        Begin begin = assertInstanceOf(Begin.class, decoder.decode(
                message('B').int64(0x16B3748L).int64(COMMIT_MICROS).int32(0xFFFFFFF0).slice()));
        assertEquals(0x16B3748L, begin.finalLsn());
        assertEquals(COMMIT_TIME, begin.commitTime());
        assertEquals(4_294_967_280L, begin.xid(), "xids are unsigned 32-bit");
    }

    @Test
    void commitCarriesCommitAndEndLsn() {
        Commit commit = assertInstanceOf(Commit.class, decoder.decode(
                message('C').int8(0).int64(0x1_0000_0010L).int64(0x1_0000_0040L).int64(COMMIT_MICROS).buffer()));
        assertEquals(0x1_0000_0010L, commit.commitLsn());
        assertEquals(0x1_0000_0040L, commit.endLsn());
        assertEquals(COMMIT_TIME, commit.commitTime());
    }

    @Test
    void insertFromASlicedBufferNamesColumnsInTableOrderAndKeepsNulls() {
        decoder.decode(relation().slice());
        ByteBuffer insert = message('I').int32(OID).int8('N').int16(3).text("7").text("größe ✓").sqlNull().slice();
        assertTrue(insert.arrayOffset() > 0, "the test must exercise a buffer that does not start the array");

        TapChange change = only(decoder.decode(insert));

        assertEquals(TapChange.Op.INSERT, change.op());
        assertEquals("public", change.schema());
        assertEquals("docs", change.table());
        assertEquals(List.of("id", "big", "note"), List.copyOf(change.columns().keySet()));
        assertEquals("7", change.columns().get("id"));
        assertEquals("größe ✓", change.columns().get("big"), "text values are UTF-8");
        assertTrue(change.columns().containsKey("note"), "a NULL column is present, with a null value");
        assertNull(change.columns().get("note"));
        assertNull(change.oldColumns());
    }

    @Test
    void readsFromPositionToLimitAndLeavesTheCallersPositionAlone() {
        decoder.decode(relation().embedded());
        ByteBuffer insert = message('I').int32(OID).int8('N').int16(3).text("1").text("b").text("n").embedded();
        int position = insert.position();
        assertTrue(position > 0);

        assertEquals("1", only(decoder.decode(insert)).columns().get("id"));
        assertEquals(position, insert.position());
    }

    @Test
    void updateWithOldRowFillsUnchangedToastFromIt() {
        decoder.decode(relation().buffer());
        TapChange change = only(decoder.decode(message('U').int32(OID)
                .int8('O').int16(3).text("1").text("long value").text("before")
                .int8('N').int16(3).text("1").unchangedToast().text("after").slice()));

        assertEquals(TapChange.Op.UPDATE, change.op());
        assertEquals(ordered("id", "1", "big", "long value", "note", "after"), change.columns());
        assertEquals(ordered("id", "1", "big", "long value", "note", "before"), change.oldColumns());
        assertEquals(List.of("id", "big", "note"), List.copyOf(change.columns().keySet()), "table order kept");
    }

    @Test
    void updateWithOnlyTheOldKeyLeavesAnUnchangedToastColumnOut() {
        decoder.decode(relation().buffer());
        TapChange change = only(decoder.decode(message('U').int32(OID)
                .int8('K').int16(3).text("1").sqlNull().sqlNull()
                .int8('N').int16(3).text("2").unchangedToast().sqlNull().buffer()));

        assertEquals(ordered("id", "2", "note", null), change.columns(), "not sent and not known: absent, not null");
        assertEquals(ordered("id", "1"), change.oldColumns(), "an old key holds the key columns only");
    }

    @Test
    void updateWithoutOldTupleHasNoOldColumns() {
        decoder.decode(relation().buffer());
        TapChange change = only(decoder.decode(message('U').int32(OID)
                .int8('N').int16(3).text("3").text("x").text("y").buffer()));
        assertNull(change.oldColumns());
        assertEquals("y", change.columns().get("note"));
    }

    @Test
    void deleteCarriesTheOldKey() {
        decoder.decode(relation().buffer());
        TapChange change = only(decoder.decode(message('D').int32(OID)
                .int8('K').int16(3).text("9").sqlNull().sqlNull().slice()));
        assertEquals(TapChange.Op.DELETE, change.op());
        assertEquals(ordered("id", "9"), change.columns(), "the old key, without placeholders for other columns");
        assertNull(change.oldColumns());
    }

    @Test
    void truncateNamesEveryTruncatedTable() {
        decoder.decode(relation().buffer());
        decoder.decode(message('R').int32(OID + 1).string("audit").string("log").int8('d').int16(1)
                .int8(1).string("id").int32(23).int32(-1).buffer());

        Changes changes = assertInstanceOf(Changes.class, decoder.decode(
                message('T').int32(2).int8(1).int32(OID).int32(OID + 1).slice()));

        assertEquals(2, changes.changes().size());
        assertEquals(TapChange.Op.TRUNCATE, changes.changes().get(0).op());
        assertEquals("docs", changes.changes().get(0).table());
        assertEquals("audit", changes.changes().get(1).schema());
        assertEquals("log", changes.changes().get(1).table());
        assertTrue(changes.changes().get(1).columns().isEmpty());
    }

    @Test
    void relationIsReplacedWhenTheServerResendsItAfterASchemaChange() {
        decoder.decode(relation().buffer());
        decoder.decode(message('R').int32(OID).string("public").string("docs").int8('f').int16(2)
                .int8(1).string("id").int32(20).int32(-1)
                .int8(0).string("title").int32(25).int32(-1).buffer());

        TapChange change = only(decoder.decode(message('I').int32(OID).int8('N').int16(2).text("1").text("t").buffer()));
        assertEquals(ordered("id", "1", "title", "t"), change.columns());
    }

    @Test
    void typeOriginAndMessageCarryNoChange() {
        assertEquals(new PgOutputMessage.Other('Y'),
                decoder.decode(message('Y').int32(600).string("public").string("mood").buffer()));
        assertEquals(new PgOutputMessage.Other('O'), decoder.decode(message('O').int64(5).string("node_a").buffer()));
        assertEquals(new PgOutputMessage.Other('M'), decoder.decode(message('M').int8(1).int64(5).string("p")
                .int32(2).int8('h').int8('i').buffer()));
    }

    @Test
    void aWholeTransactionIsAssembledBetweenBeginAndCommit() {
        TransactionAssembler assembler = new TransactionAssembler();
        List<ByteBuffer> stream = List.of(
                message('B').int64(0x16B3748L).int64(COMMIT_MICROS).int32(731).slice(),
                relation().slice(),
                message('I').int32(OID).int8('N').int16(3).text("1").text("a").sqlNull().slice(),
                message('I').int32(OID).int8('N').int16(3).text("2").text("b").sqlNull().slice());
        for (ByteBuffer b : stream) {
            assertTrue(assembler.accept(decoder.decode(b)).isEmpty(), "nothing is complete before the Commit");
        }

        TapTransaction tx = assembler.accept(decoder.decode(message('C').int8(0).int64(0x16B3748L)
                .int64(0x16B3778L).int64(COMMIT_MICROS).slice())).orElseThrow();

        assertEquals(731, tx.xid());
        assertEquals("0/16B3748", tx.commitLsn());
        assertEquals("0/16B3778", tx.endLsn());
        assertEquals(COMMIT_TIME, tx.commitTime());
        assertEquals(List.of("1", "2"), tx.changes().stream().map(c -> c.columns().get("id")).toList());
    }

    @Test
    void malformedMessagesFailWithADecodingError() {
        PgOutputException unknownRelation = assertThrows(PgOutputException.class, () -> decoder.decode(
                message('I').int32(999).int8('N').int16(0).buffer()));
        assertTrue(unknownRelation.getMessage().contains("999"), unknownRelation.getMessage());

        byte[] begin = message('B').int64(1).int64(2).int32(3).toBytes();
        assertThrows(PgOutputException.class, () -> decoder.decode(ByteBuffer.wrap(Arrays.copyOf(begin, 10))));
        assertThrows(PgOutputException.class, () -> decoder.decode(message('Z').buffer()));

        decoder.decode(relation().buffer());
        PgOutputException wrongWidth = assertThrows(PgOutputException.class, () -> decoder.decode(
                message('I').int32(OID).int8('N').int16(2).text("1").text("2").buffer()));
        assertTrue(wrongWidth.getMessage().contains("2 columns"), wrongWidth.getMessage());
    }

    private static TapChange only(PgOutputMessage message) {
        Changes changes = assertInstanceOf(Changes.class, message);
        assertEquals(1, changes.changes().size());
        return changes.changes().get(0);
    }

    /** A map in the given key order; Map.of would neither keep order nor allow null values. */
    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
