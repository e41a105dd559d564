package dev.tandem.adapter.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.legacyws.ConnectedClient;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells connected legacy dashboards when their decision changes: on every flag change (made on this instance or
 * another), each connected client's decision under the old flags is compared with the new one, and a
 * {@code transport_change} goes to each whose transport changed. The legacy server keeps it for a client that has
 * just dropped (critical messages wait for a reconnect).
 */
public final class TransportNotifier {
    public static final String TYPE = "transport_change";
    private static final Logger log = LoggerFactory.getLogger(TransportNotifier.class);
    private final Supplier<List<ConnectedClient>> clients;
    private final BiConsumer<String, ObjectNode> send;
    private final TransportAnswer answer;
    private final String legacyUrl;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param clients   the legacy dashboards connected now
     * @param send      sends a control message to a client id
     * @param legacyUrl the public legacy URL, or null
     */
    public TransportNotifier(Supplier<List<ConnectedClient>> clients, BiConsumer<String, ObjectNode> send,
                             TransportAnswer answer, String legacyUrl) {
        this.clients = clients;
        this.send = send;
        this.answer = answer;
        this.legacyUrl = legacyUrl;
    }

    /** A {@link Rollout#onChange} listener; returns how many dashboards were told. */
    public int changed(FlagSnapshot before, FlagSnapshot after) {
        int told = 0;
        for (ConnectedClient c : clients.get()) {
            ClientAttributes who;
            try {
                who = new ClientAttributes(c.clientId(), c.kind(), c.tenant());
            } catch (IllegalArgumentException e) {
                continue; // the legacy server bounds client ids the same way; nothing to decide on otherwise
            }
            Decision was = before.decide(who);
            Decision now = after.decide(who);
            if (was.transport() != now.transport()) {
                ObjectNode m = json.createObjectNode().put("type", TYPE);
                m.setAll(answer.render(json, now, after.stage(), c.clientId(), legacyUrl));
                m.put("from", was.transport().wire());
                send.accept(c.clientId(), m);
                told++;
            }
        }
        if (told > 0) {
            log.info("rollout: told {} connected legacy dashboard(s) to change transport (stage {} -> {})", told,
                    before.stage(), after.stage());
        }
        return told;
    }
}
