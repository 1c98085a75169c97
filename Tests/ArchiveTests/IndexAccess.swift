import Foundation
import GRDB

/// Raw SQL on a store's index through GRDB (foreign keys off, as in the sqlite3 shell).
func runIndexSQL(_ store: URL, _ sql: String) throws {
    var configuration = Configuration()
    configuration.foreignKeysEnabled = false
    let queue = try DatabaseQueue(path: store.appendingPathComponent("index.sqlite").path, configuration: configuration)
    try queue.write { db in try db.execute(sql: sql) }
}

func indexValue<T: DatabaseValueConvertible & Sendable>(_ store: URL, _ sql: String) throws -> T? {
    let queue = try DatabaseQueue(path: store.appendingPathComponent("index.sqlite").path)
    return try queue.read { db in try T.fetchOne(db, sql: sql) }
}
