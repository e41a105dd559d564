package dev.tandem.adapter.rollout;

import java.util.Objects;

/**
 * What a rollout decision is about: one dashboard, by its stable client id, with the attributes constraints may
 * name. Decisions are per client, never per "current user" (Togglz's FeatureUser is the thread's user: togglz#300).
 *
 * @param kind   the dashboard kind (legacy {@code client_kind}), or null when unknown
 * @param tenant the dashboard's tenant, or null when unknown
 */
public record ClientAttributes(String clientId, String kind, String tenant) {
    public static final int MAX_CLIENT_ID_LENGTH = 128;

    public ClientAttributes {
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.isEmpty() || clientId.length() > MAX_CLIENT_ID_LENGTH) {
            throw new IllegalArgumentException("client_id must be 1.." + MAX_CLIENT_ID_LENGTH + " characters, got "
                    + clientId.length());
        }
    }

    public static ClientAttributes of(String clientId) {
        return new ClientAttributes(clientId, null, null);
    }
}
