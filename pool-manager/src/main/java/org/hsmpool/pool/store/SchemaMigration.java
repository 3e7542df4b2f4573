package org.hsmpool.pool.store;

import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings a database to the current schema with Flyway. The scripts in
 * {@code classpath:db/migration} (the location quarkus-flyway also uses) are plain SQL that
 * SQLite and PostgreSQL both accept; the one difference, the binary column type, is the
 * placeholder {@code ${binary_type}}. Running it on an up-to-date database changes nothing.
 */
final class SchemaMigration {
    static final String LOCATION = "classpath:db/migration";
    static final String BINARY_TYPE = "binary_type";

    private SchemaMigration() {
    }

    /** Returns how many migrations were applied (0 when the schema was current). */
    static int migrate(DataSource dataSource, Dialect dialect) {
        try {
            return Flyway.configure(SchemaMigration.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations(LOCATION)
                    .failOnMissingLocations(true)
                    .placeholders(Map.of(BINARY_TYPE, dialect.binaryType()))
                    .validateMigrationNaming(true)
                    .load()
                    .migrate()
                    .migrationsExecuted;
        } catch (FlywayException e) {
            throw new StoreException(StoreException.Code.MIGRATION_FAILED, "schema migration failed: " + e.getMessage(), e);
        }
    }
}
