package dev.tandem.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The order in which rows reached {@code monitoring_events}, as far as Postgres shows it: by the id of the
 * transaction that inserted them ({@code xmin}), then by seq within a transaction. Transaction ids are handed
 * out in order, so for a single writer committing one transaction at a time this is commit order; a row that
 * was inserted again later (ON CONFLICT DO NOTHING) keeps its first transaction.
 */
public final class CommitOrder {
    private CommitOrder() {
    }

    /** The seq of every row of {@code source}, in commit order. */
    public static List<Long> seqs(Connection c, String source) throws SQLException {
        List<Long> seqs = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM monitoring_events WHERE source = ?"
                + " ORDER BY xmin::text::bigint, seq")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    seqs.add(rs.getLong(1));
                }
            }
        }
        return seqs;
    }

    /** The first place where {@code seqs} does not strictly increase, as text, or null when it does throughout. */
    public static String firstDisorder(List<Long> seqs) {
        for (int i = 1; i < seqs.size(); i++) {
            if (seqs.get(i) <= seqs.get(i - 1)) {
                return "seq " + seqs.get(i) + " committed after seq " + seqs.get(i - 1) + " (position " + i + " of "
                        + seqs.size() + ")";
            }
        }
        return null;
    }
}
