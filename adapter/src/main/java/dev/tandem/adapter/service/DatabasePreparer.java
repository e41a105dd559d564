package dev.tandem.adapter.service;

import dev.tandem.adapter.config.Setting;
import dev.tandem.adapter.config.TandemConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes sure Tandem's database exists before anything else touches it: connects, and when the server
 * answers that the database does not exist, creates it through the server's maintenance database.
 * Unreachable servers and refused logins become a {@link StartupException} that says what to check.
 */
public final class DatabasePreparer {
    /** SQLSTATE for "database does not exist". */
    private static final String INVALID_CATALOG = "3D000";
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]*/)([^?]*)(\\?.*)?");

    private DatabasePreparer() {
    }

    /** Returns a sentence naming what was changed, or null when the database was already there. */
    public static String ensureDatabase(String jdbcUrl, String user, String password) throws StartupException {
        try (Connection c = connect(jdbcUrl, user, password)) {
            return null;
        } catch (SQLException e) {
            if (!INVALID_CATALOG.equals(e.getSQLState())) {
                throw unreachable(jdbcUrl, user, e);
            }
        }
        Matcher m = URL.matcher(jdbcUrl);
        if (!m.matches() || m.group(2).isEmpty()) {
            throw new StartupException(Setting.DB_URL.label() + " names no database: " + TandemConfig.redacted(jdbcUrl));
        }
        String name = m.group(2);
        String maintenance = m.group(1) + "postgres" + (m.group(3) == null ? "" : m.group(3));
        try (Connection c = connect(maintenance, user, password); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
            return "created database " + name + " (it did not exist)";
        } catch (SQLException e) {
            throw new StartupException("database " + name + " does not exist and could not be created as user " + user
                    + ": " + e.getMessage() + ". Create it (CREATE DATABASE " + name + ") or point "
                    + Setting.DB_URL.label() + " at an existing one.", e);
        }
    }

    static Connection connect(String url, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(url, p);
    }

    private static StartupException unreachable(String url, String user, SQLException e) {
        String hint = e.getSQLState() != null && e.getSQLState().startsWith("28")
                ? "check " + Setting.DB_USER.label() + " and " + Setting.DB_PASSWORD.label()
                : "is PostgreSQL running there? Set " + Setting.DB_URL.label() + " to a reachable server";
        return new StartupException("cannot connect to PostgreSQL at " + TandemConfig.redacted(url) + " as " + user + ": "
                + e.getMessage() + " (" + hint + ")", e);
    }
}
