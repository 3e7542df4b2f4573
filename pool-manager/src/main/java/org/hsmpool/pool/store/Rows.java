package org.hsmpool.pool.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small JDBC plumbing shared by the table classes: binding, nullable columns, mapping rows. */
final class Rows {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    interface Mapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** A typed SQL null: PostgreSQL refuses a VARCHAR null for a BIGINT column. */
    record Null(int sqlType) {
    }

    static final Null NULL_BIGINT = new Null(Types.BIGINT);
    static final Null NULL_TEXT = new Null(Types.VARCHAR);

    private Rows() {
    }

    static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                bind(statement, i + 1, parameters[i]);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (var statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    static <T> List<T> list(Connection connection, String sql, Mapper<T> mapper, Object... parameters)
            throws SQLException {
        try (var statement = prepare(connection, sql, parameters); var rows = statement.executeQuery()) {
            var result = new ArrayList<T>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        }
    }

    static <T> Optional<T> first(Connection connection, String sql, Mapper<T> mapper, Object... parameters)
            throws SQLException {
        try (var statement = prepare(connection, sql, parameters); var rows = statement.executeQuery()) {
            return rows.next() ? Optional.of(mapper.map(rows)) : Optional.empty();
        }
    }

    static boolean exists(Connection connection, String sql, Object... parameters) throws SQLException {
        return first(connection, sql, row -> Boolean.TRUE, parameters).isPresent();
    }

    /** Reads a nullable epoch-millisecond column. */
    static Instant instant(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    /** Reads a binary column; SQLite returns null for a zero-length value. */
    static byte[] bytes(ResultSet row, String column) throws SQLException {
        byte[] value = row.getBytes(column);
        return value == null ? new byte[0] : value;
    }

    /** A nullable time as a bind parameter. */
    static Object millis(Instant value) {
        return value == null ? NULL_BIGINT : (Object) value.toEpochMilli();
    }

    /** A nullable string as a bind parameter. */
    static Object text(String value) {
        return value == null ? NULL_TEXT : value;
    }

    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            throw new IllegalArgumentException("bind a typed null (Rows.Null) at parameter " + index);
        } else if (value instanceof Null n) {
            statement.setNull(index, n.sqlType());
        } else if (value instanceof String s) {
            statement.setString(index, s);
        } else if (value instanceof Long l) {
            statement.setLong(index, l);
        } else if (value instanceof Integer i) {
            statement.setInt(index, i);
        } else if (value instanceof Boolean b) {
            statement.setBoolean(index, b);
        } else if (value instanceof byte[] bytes) {
            statement.setBytes(index, bytes);
        } else if (value instanceof Instant instant) {
            statement.setLong(index, instant.toEpochMilli());
        } else if (value instanceof Enum<?> e) {
            statement.setString(index, e.name());
        } else {
            throw new IllegalArgumentException("cannot bind a " + value.getClass().getName());
        }
    }
}
