package dev.tandem.adapter.rollout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.togglz.core.activation.Parameter;
import org.togglz.core.activation.ParameterBuilder;
import org.togglz.core.repository.FeatureState;
import org.togglz.core.spi.ActivationStrategy;
import org.togglz.core.user.FeatureUser;

/**
 * Togglz activation strategy {@value #ID} for {@link TandemFeature#REALTIME_CLIENTS}: which dashboards read
 * Realtime. Sticky and monotone: a client's bucket (0..9,999) comes from SHA-256 of {@code seed:client_id}, so
 * it never changes while the seed stays, and a client in at 10% (bucket below 1,000) is still in at 20%.
 * SHA-256 rather than Togglz's {@code gradual} ({@code String.hashCode}, 1% steps) for an even spread and 0.01%
 * steps. Tandem calls {@link #decide} with the client's attributes; {@link #isActive} serves Togglz callers,
 * reading the client id from the user's name and {@code kind}/{@code tenant} from its attributes.
 */
public final class RolloutStrategy implements ActivationStrategy {
    public static final String ID = "client-rollout";
    public static final int BUCKETS = 10_000;

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getName() {
        return "Sticky per-dashboard rollout";
    }

    @Override
    public boolean isActive(FeatureState state, FeatureUser user) {
        if (user == null || user.getName() == null || user.getName().isBlank()) {
            return false;
        }
        Object kind = user.getAttribute("kind");
        Object tenant = user.getAttribute("tenant");
        ClientAttributes client = new ClientAttributes(user.getName(), kind == null ? null : kind.toString(),
                tenant == null ? null : tenant.toString());
        return decide(RolloutParameters.parse(state.getParameterMap()), client).transport() == Transport.REALTIME;
    }

    @Override
    public Parameter[] getParameters() {
        return new Parameter[]{
                ParameterBuilder.create(RolloutParameters.PERCENTAGE).label("Percentage on Realtime (0-100, step 0.01)"),
                ParameterBuilder.create(RolloutParameters.SEED).label("Seed").optional(),
                ParameterBuilder.create(RolloutParameters.ALLOW).label("Always on Realtime (client ids)").optional(),
                ParameterBuilder.create(RolloutParameters.DENY).label("Never on Realtime (client ids)").optional(),
                ParameterBuilder.create(RolloutParameters.KINDS).label("Only these dashboard kinds").optional(),
                ParameterBuilder.create(RolloutParameters.TENANTS).label("Only these tenants").optional(),
        };
    }

    /** The decision for one client, given REALTIME_CLIENTS is on and the kill switch off. */
    public static Decision decide(RolloutParameters p, ClientAttributes client) {
        String id = client.clientId();
        if (p.deny().contains(id)) {
            return Decision.legacy("denied", "client_id is on the deny list");
        }
        if (p.allow().contains(id)) {
            return Decision.realtime("allowed", "client_id is on the allow list");
        }
        if (!p.kinds().isEmpty() && (client.kind() == null || !p.kinds().contains(client.kind()))) {
            return Decision.legacy("constraint_kind", "kind " + client.kind() + " is not one of " + p.kinds());
        }
        if (!p.tenants().isEmpty() && (client.tenant() == null || !p.tenants().contains(client.tenant()))) {
            return Decision.legacy("constraint_tenant", "tenant " + client.tenant() + " is not one of " + p.tenants());
        }
        int bucket = bucket(p.seed(), id);
        return bucket < p.basisPoints()
                ? Decision.realtime("in_rollout", "bucket " + bucket + " < " + p.basisPoints() + " of " + BUCKETS)
                : Decision.legacy("not_in_rollout", "bucket " + bucket + " >= " + p.basisPoints() + " of " + BUCKETS);
    }

    /** The client's bucket, 0..{@value #BUCKETS}-1. */
    public static int bucket(String seed, String clientId) {
        byte[] digest = sha256((seed + ":" + clientId).getBytes(StandardCharsets.UTF_8));
        return (int) Long.remainderUnsigned(ByteBuffer.wrap(digest).getLong(), BUCKETS);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
