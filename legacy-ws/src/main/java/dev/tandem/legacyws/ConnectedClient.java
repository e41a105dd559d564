package dev.tandem.legacyws;

/**
 * A dashboard connected now, as it introduced itself: what a rollout decides on.
 *
 * @param kind   its {@code client_kind} query parameter, else "browser" or "other" by its User-Agent
 * @param tenant its {@code tenant} query parameter, or null
 */
public record ConnectedClient(String clientId, String kind, String tenant) {
}
