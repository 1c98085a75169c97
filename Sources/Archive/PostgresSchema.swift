import PostgresNIO

/// The archive's tables in PostgreSQL: numbered migrations, append-only. A migration that has
/// shipped is never edited; a change is a new one at the end. `faktura_archive_schema` records
/// which ran. Opening an archive migrates under a transaction-scoped advisory lock, so two
/// servers starting at once do not race on the schema.
enum PostgresSchema {
    /// One step of the schema.
    struct Migration: Sendable {
        let version: Int
        let name: String
        let statements: [String]
    }

    /// The advisory lock class of Faktura's archive (`FAKT` in ASCII); the second key is the
    /// tenant's hash for appends, 0 for migrations.
    static let lockClass: Int32 = 0x4641_4B54

    static let migrations: [Migration] = [
        Migration(version: 1, name: "evidence archive v1", statements: [
            """
            CREATE TABLE archive_document_kind (
                name TEXT PRIMARY KEY,
                description TEXT NOT NULL
            )
            """,
            """
            INSERT INTO archive_document_kind (name, description) VALUES
                ('pdf', 'the invoice PDF as given'),
                ('invoice-data', 'the invoice data (embedded XML or source JSON)'),
                ('validation-report', 'faktura validation report (JSON)'),
                ('receipt', 'a marketplace answer to the upload')
            """,
            """
            CREATE TABLE archive_object (
                tenant TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                size BIGINT NOT NULL,
                content BYTEA NOT NULL,
                PRIMARY KEY (tenant, sha256)
            )
            """,
            """
            CREATE TABLE archive_entry (
                tenant TEXT NOT NULL,
                sequence BIGINT NOT NULL,
                posting TEXT NOT NULL,
                marketplace TEXT,
                order_number TEXT,
                recorded_at TEXT NOT NULL,
                invoice_number TEXT,
                invoice_date TEXT,
                currency TEXT,
                amount_with_vat_minor BIGINT,
                minor_units INTEGER,
                agent TEXT NOT NULL,
                previous_hash TEXT NOT NULL,
                entry_hash TEXT NOT NULL,
                PRIMARY KEY (tenant, sequence),
                UNIQUE (tenant, entry_hash)
            )
            """,
            "CREATE INDEX archive_entry_posting ON archive_entry (tenant, posting)",
            """
            CREATE TABLE archive_document (
                tenant TEXT NOT NULL,
                entry_sequence BIGINT NOT NULL,
                position INTEGER NOT NULL,
                kind TEXT NOT NULL REFERENCES archive_document_kind (name),
                name TEXT NOT NULL,
                media_type TEXT NOT NULL,
                size BIGINT NOT NULL,
                sha256 TEXT NOT NULL,
                PRIMARY KEY (tenant, entry_sequence, position),
                FOREIGN KEY (tenant, entry_sequence) REFERENCES archive_entry (tenant, sequence),
                FOREIGN KEY (tenant, sha256) REFERENCES archive_object (tenant, sha256)
            )
            """,
            "CREATE INDEX archive_document_sha256 ON archive_document (tenant, sha256)",
            // Faktura itself never updates or deletes a row: the archive is append-only.
            // (A superuser can bypass this; 'verify' still sees what changed.)
            """
            CREATE FUNCTION archive_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'the Faktura archive is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
            END
            $$
            """,
            """
            CREATE TRIGGER archive_entry_append_only BEFORE UPDATE OR DELETE ON archive_entry
                FOR EACH ROW EXECUTE FUNCTION archive_refuse_change()
            """,
            """
            CREATE TRIGGER archive_document_append_only BEFORE UPDATE OR DELETE ON archive_document
                FOR EACH ROW EXECUTE FUNCTION archive_refuse_change()
            """,
            """
            CREATE TRIGGER archive_object_append_only BEFORE UPDATE OR DELETE ON archive_object
                FOR EACH ROW EXECUTE FUNCTION archive_refuse_change()
            """,
        ]),
        Migration(version: 2, name: "time-stamp tokens", statements: [
            """
            INSERT INTO archive_document_kind (name, description) VALUES
                ('timestamp-token', 'an RFC 3161 time-stamp response over the chain head')
            """,
        ]),
    ]

    /// Brings the database to the newest version; refuses one that a newer Faktura migrated further.
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws -> Int {
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(lockClass), 0)", logger: logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS faktura_archive_schema (
                    version INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """, logger: logger)
            var applied = Set<Int>()
            for try await version in try await connection.query("SELECT version FROM faktura_archive_schema",
                                                                logger: logger).decode(Int.self) {
                applied.insert(version)
            }
            let known = Set(migrations.map(\.version))
            if let newer = applied.subtracting(known).max() {
                throw SchemaTooNew(version: newer, known: known.max() ?? 0)
            }
            for migration in migrations where !applied.contains(migration.version) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("""
                    INSERT INTO faktura_archive_schema (version, name) VALUES (\(migration.version), \(migration.name))
                    """, logger: logger)
            }
            return migrations.map(\.version).max() ?? 0
        }
    }

    /// The database was migrated by a newer Faktura.
    struct SchemaTooNew: Error, CustomStringConvertible {
        let version: Int
        let known: Int
        var description: String {
            "the archive tables are at schema version \(version), this Faktura knows up to \(known); use a newer Faktura"
        }
    }
}
