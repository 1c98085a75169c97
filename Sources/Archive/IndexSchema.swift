import GRDB

/// The SQLite index: named migrations, append-only. A migration that has shipped is never
/// edited; a change of schema is a new migration added at the end. Migrations use plain SQL
/// and no application types, so that they mean the same forever.
enum IndexSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-27 evidence index v1") { db in
            try db.execute(sql: """
                CREATE TABLE documentKind (
                    name TEXT PRIMARY KEY NOT NULL,
                    description TEXT NOT NULL
                );
                INSERT INTO documentKind (name, description) VALUES
                    ('pdf', 'the invoice PDF as given'),
                    ('invoice-data', 'the invoice data (embedded XML or source JSON)'),
                    ('validation-report', 'faktura validation report (JSON)'),
                    ('receipt', 'a marketplace answer to the upload');

                CREATE TABLE posting (
                    id INTEGER PRIMARY KEY,
                    number TEXT NOT NULL UNIQUE
                );

                CREATE TABLE entry (
                    sequence INTEGER PRIMARY KEY,
                    postingId INTEGER NOT NULL REFERENCES posting(id),
                    marketplace TEXT,
                    orderNumber TEXT,
                    recordedAt TEXT NOT NULL,
                    invoiceNumber TEXT,
                    invoiceDate TEXT,
                    currency TEXT,
                    amountWithVatMinor INTEGER,
                    minorUnits INTEGER,
                    agent TEXT NOT NULL,
                    previousHash TEXT NOT NULL,
                    entryHash TEXT NOT NULL UNIQUE
                );
                CREATE INDEX entry_posting ON entry(postingId);

                CREATE TABLE document (
                    id INTEGER PRIMARY KEY,
                    entrySequence INTEGER NOT NULL REFERENCES entry(sequence),
                    position INTEGER NOT NULL,
                    kind TEXT NOT NULL REFERENCES documentKind(name),
                    name TEXT NOT NULL,
                    mediaType TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    sha256 TEXT NOT NULL,
                    UNIQUE (entrySequence, position)
                );
                CREATE INDEX document_sha256 ON document(sha256);

                -- The chain is append-only: faktura itself never updates or deletes an entry.
                -- (Whoever edits the file directly can drop these; 'verify' still sees it.)
                CREATE TRIGGER entry_no_update BEFORE UPDATE ON entry
                    BEGIN SELECT RAISE(ABORT, 'archive entries are append-only'); END;
                CREATE TRIGGER entry_no_delete BEFORE DELETE ON entry
                    BEGIN SELECT RAISE(ABORT, 'archive entries are append-only'); END;
                CREATE TRIGGER document_no_update BEFORE UPDATE ON document
                    BEGIN SELECT RAISE(ABORT, 'archive documents are append-only'); END;
                CREATE TRIGGER document_no_delete BEFORE DELETE ON document
                    BEGIN SELECT RAISE(ABORT, 'archive documents are append-only'); END;
                """)
        }
        migrator.registerMigration("2026-12-07 time-stamp tokens") { db in
            try db.execute(sql: """
                INSERT INTO documentKind (name, description) VALUES
                    ('timestamp-token', 'an RFC 3161 time-stamp response over the chain head');
                """)
        }
        return migrator
    }
}

/// A row of `documentKind`.
struct DocumentKindRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "documentKind"
    var name: String
    var description: String
}

/// A row of `posting`: one per posting number.
struct PostingRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "posting"
    var id: Int64?
    var number: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of `entry`: one link of the chain.
struct EntryRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "entry"
    var sequence: Int64
    var postingId: Int64
    var marketplace: String?
    var orderNumber: String?
    var recordedAt: String
    var invoiceNumber: String?
    var invoiceDate: String?
    var currency: String?
    var amountWithVatMinor: Int64?
    var minorUnits: Int?
    var agent: String
    var previousHash: String
    var entryHash: String
}

/// A row of `document`: one stored file of an entry.
struct DocumentRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "document"
    var id: Int64?
    var entrySequence: Int64
    var position: Int
    var kind: String
    var name: String
    var mediaType: String
    var size: Int64
    var sha256: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension EntryRecord {
    /// The summary, when all its columns are present (a half-filled row is read as none, and
    /// the entry hash then no longer matches, which `verify` reports).
    var invoice: InvoiceSummary? {
        guard let invoiceNumber, let invoiceDate, let currency, let amountWithVatMinor, let minorUnits else {
            return nil
        }
        return InvoiceSummary(number: invoiceNumber, date: invoiceDate, currency: currency,
                              amountWithVatMinor: amountWithVatMinor, minorUnits: minorUnits)
    }

    /// The public entry. (A document row with an unknown kind is reported by `verify` before
    /// this is used for hashing.)
    func entry(posting: String, documents: [DocumentRecord]) -> ArchiveEntry {
        ArchiveEntry(
            sequence: sequence, posting: posting, marketplace: marketplace, orderNumber: orderNumber,
            recordedAt: recordedAt, invoice: invoice, agent: agent,
            documents: documents.sorted { $0.position < $1.position }.map(\.document),
            previousHash: previousHash, entryHash: entryHash)
    }
}

extension DocumentRecord {
    var document: ArchivedDocument {
        ArchivedDocument(kind: EvidenceKind(rawValue: kind) ?? .pdf, name: name, mediaType: mediaType,
                         size: size, sha256: sha256)
    }
}
