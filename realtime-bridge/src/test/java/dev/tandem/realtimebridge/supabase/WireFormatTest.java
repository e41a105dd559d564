package dev.tandem.realtimebridge.supabase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tandem.realtimebridge.tap.TapChange;
import java.util.Map;
import okio.ByteString;
import org.junit.jupiter.api.Test;

/** Serializers, the error table and the row decoder, on frames taken from the reference. */
class WireFormatTest {
    @Test
    void serializersEncodeAndDecodeTheirFrameShapes() throws Exception {
        Message hb = new Message(null, "26", "phoenix", "heartbeat", Serializer.JSON.createObjectNode());
        assertEquals("[null,\"26\",\"phoenix\",\"heartbeat\",{}]", new V2Serializer().encode(hb));
        assertEquals("{\"topic\":\"phoenix\",\"event\":\"heartbeat\",\"payload\":{},\"ref\":\"26\",\"join_ref\":null}",
                new V1Serializer().encode(hb));
        Message v1 = new V1Serializer().decode("{\"topic\":\"realtime:x\",\"event\":\"phx_reply\",\"payload\":{\"status\":\"ok\"},\"ref\":\"1\"}");
        assertNull(v1.joinRef());
        assertEquals("1", v1.ref());
        Message v2 = new V2Serializer().decode("[null,null,\"realtime:chat-room\",\"postgres_changes\",{\"ids\":[1]}]");
        assertEquals("realtime:chat-room", v2.topic());
        assertEquals(1, v2.payload().path("ids").get(0).asInt());
        assertThrows(ProtocolException.class, () -> new V2Serializer().decode("{\"topic\":\"x\"}"));
        assertThrows(ProtocolException.class, () -> new V1Serializer().decode("[1]"));
        assertThrows(ProtocolException.class, () -> new V1Serializer().decode(ByteString.of((byte) 4)));
        assertThrows(ProtocolException.class, () -> new V2Serializer().decode(ByteString.of((byte) 3, (byte) 0)));
    }

    @Test
    void joinErrorsFollowTheDocumentedTable() {
        assertEquals(Recovery.STOP, RecoveryTable.forJoinError("Unauthorized: You do not have permissions"));
        assertEquals(Recovery.STOP, RecoveryTable.forJoinError("MalformedJWT: The token is malformed"));
        assertEquals(Recovery.STOP, RecoveryTable.forJoinError("TenantNotFound: no tenant"));
        assertEquals(Recovery.REFRESH_TOKEN, RecoveryTable.forJoinError("InvalidJWTExpiration: Token has expired"));
        assertEquals(Recovery.BACK_OFF, RecoveryTable.forJoinError("ClientJoinRateLimitReached: Too many joins per second"));
        assertEquals(Recovery.BACK_OFF, RecoveryTable.forJoinError("DatabaseLackOfConnections: ..."));
        assertEquals(Recovery.RETRY, RecoveryTable.forJoinError("RealtimeRestarting: restarting"));
        assertEquals(Recovery.BACK_OFF, RecoveryTable.forJoinError("Unknown Error on Channel"));
        assertEquals(Recovery.REFRESH_TOKEN, RecoveryTable.forSystemError("Token has expired 3 seconds ago"));
        assertEquals(Recovery.STOP, RecoveryTable.forSystemError("Fields `role` and `exp` are required in JWT"));
        assertEquals(Recovery.BACK_OFF, RecoveryTable.forSystemError("Too many messages per second"));
        assertEquals(Recovery.BACK_OFF, RecoveryTable.forSystemError("Server requested disconnect"));
    }

    @Test
    void updatesAndDeletesKeepOldRowsInTheTapShape() throws Exception {
        // The reference's §1.8 example.
        TapChange update = ChangeDecoder.postgresChange(Serializer.JSON.readTree("""
                {"schema":"public","table":"test","commit_timestamp":"2025-11-19T00:22:40.877Z","type":"UPDATE",
                 "columns":[{"name":"id","type":"int8"},{"name":"created_at","type":"timestamptz"},{"name":"text","type":"text"}],
                 "record":{"id":46,"text":"content","created_at":"2025-11-03T09:32:55+00:00"},
                 "old_record":{"id":46},"errors":null}"""));
        assertEquals(TapChange.Op.UPDATE, update.op());
        assertEquals("{id=46, created_at=2025-11-03T09:32:55+00:00, text=content}", update.columns().toString());
        assertEquals(Map.of("id", "46"), update.oldColumns());
        TapChange delete = ChangeDecoder.postgresChange(Serializer.JSON.readTree(
                "{\"schema\":\"public\",\"table\":\"t\",\"type\":\"DELETE\",\"old_record\":{\"id\":1,\"ok\":false,\"x\":1.0E+3}}"));
        assertEquals("{id=1, ok=f, x=1.0E+3}", delete.columns().toString());
        assertNull(delete.oldColumns());
        assertThrows(ProtocolException.class, () -> ChangeDecoder.postgresChange(Serializer.JSON.readTree(
                "{\"schema\":\"public\",\"table\":\"t\",\"type\":\"MERGE\"}")));
        assertNull(ChangeDecoder.broadcastChange(Serializer.JSON.readTree("{\"hello\":1}")));
    }
}
