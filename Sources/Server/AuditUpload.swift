import Findings
import Foundation
import Hummingbird
import MultipartKit
import ERPAudit

/// The upload of `POST /v1/audits`: a whole export with its attachments, as `multipart/form-data`
/// (docs/server.md). The body is spooled to a private folder under the audit's size limit while
/// it arrives, never held in memory, then split into files:
///
/// - `export` (once): the export file (CSV, XLSX, JSON or XML; told by its bytes);
/// - `mapping` (at most once): a mapping file (YAML or JSON), instead of a `?mapping=` preset;
/// - `attachment` (any number): one attachment each, its `filename` the path the export names
///   (`pdf/a.pdf`) or just the file name;
/// - `attachments` (at most once): a ZIP of the attachments folder.
struct AuditUpload: Sendable {
    /// The private folder of this upload: `files/` holds the attachments, `export/` the export.
    let folder: URL
    let export: URL
    /// The export's name as uploaded (for the report), without folders.
    let exportName: String
    let mapping: Data?
    var attachments: URL { folder.appendingPathComponent("files") }
    /// Attachment paths as laid out, relative to ``attachments``.
    let files: [String]

    static let maximumParts = 100_000
    static let maximumZIPEntries = 100_000

    /// Spools the request body into `folder` (created here) and splits it.
    /// - Throws: ``APIError``: 413 over `maximumBytes`, 400 for a malformed form or a file name
    ///   that leaves the folder, 408 when the body does not arrive within `deadline`.
    static func receive(_ request: Request, into folder: URL, maximumBytes: Int, deadline: Deadline) async throws -> AuditUpload {
        let boundary = try MultipartForm.boundary(of: request)
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > maximumBytes {
            throw tooLarge(maximumBytes)
        }
        let body = folder.appendingPathComponent("body")
        do {
            // Private to the server's user: the uploads are a shop's invoices.
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("files"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("export"), withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: body.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown)
            }
        } catch {
            throw APIError(.internalError, MessageText("server.temporaryFolder"))
        }
        try await deadline.run(expired: APIError(.requestTimeout, MessageText("server.uploadTimeout", ["seconds": .data(deadline.seconds)]))) {
            var received = 0
            var pending = Data()
            for try await buffer in request.body {
                received += buffer.readableBytes
                guard received <= maximumBytes else { throw tooLarge(maximumBytes) }
                pending.append(contentsOf: buffer.readableBytesView)
                if pending.count >= 4 << 20 {
                    try await append(pending, to: body)
                    pending = Data()
                }
            }
            try await append(pending, to: body)
        }
        defer { try? FileManager.default.removeItem(at: body) }
        return try await BlockingWork.run {
            try split(body: body, boundary: boundary, folder: folder, maximumBytes: maximumBytes)
        }
    }

    /// Appends a piece of the body to its spool file, off the event loop.
    private static func append(_ bytes: Data, to file: URL) async throws {
        try await BlockingWork.run {
            let handle = try FileHandle(forWritingTo: file)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: bytes)
        }
    }

    private static func tooLarge(_ maximumBytes: Int) -> APIError {
        APIError(.payloadTooLarge, MessageText("server.uploadTooLarge", ["bytes": .data("\(maximumBytes)")]),
                 closesConnection: true)
    }

    /// Splits the spooled form into files: each part's bytes go straight to its file.
    private static func split(body: URL, boundary: String, folder: URL, maximumBytes: Int) throws -> AuditUpload {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: body, options: .alwaysMapped)
        } catch {
            throw APIError(.internalError, MessageText("server.temporaryFileUnreadable"))
        }
        try bytes.withUnsafeBytes { try MultipartForm.refuseNonASCIIHeaderNames(in: $0, boundary: boundary) }

        let files = folder.appendingPathComponent("files")
        let parser = MultipartParser(boundary: boundary)
        var failure: APIError?
        var count = 0
        var headers = 0
        var name: String?
        var fileName: String?
        var output: FileHandle?
        var export: URL?
        var exportName = ""
        var mapping: Data?
        var zip: URL?
        var laidOut: [String] = []
        var laidOutSet: Set<String> = []

        func fail(_ error: APIError) {
            if failure == nil { failure = error }
            try? output?.close()
            output = nil
        }
        /// Where the part starting now goes, once its headers are read.
        func startPart() {
            guard failure == nil, output == nil else { return }
            count += 1
            guard count <= maximumParts else { return fail(APIError(.badRequest, MessageText("server.form.tooManyParts", ["count": .data("\(maximumParts)")]))) }
            let target: URL
            switch name {
            case "export":
                guard export == nil else { return fail(APIError(.badRequest, MessageText("server.form.exportTwice"))) }
                exportName = (fileName.map { ($0 as NSString).lastPathComponent }).flatMap { $0.isEmpty ? nil : $0 } ?? "export"
                target = folder.appendingPathComponent("export").appendingPathComponent(safeName(exportName))
                export = target
            case "mapping":
                guard mapping == nil else { return fail(APIError(.badRequest, MessageText("server.form.mappingTwice"))) }
                mapping = Data()
                target = folder.appendingPathComponent("mapping")
            case "attachments":
                guard zip == nil else { return fail(APIError(.badRequest, MessageText("server.form.zipTwice"))) }
                target = folder.appendingPathComponent("attachments.zip")
                zip = target
            case "attachment":
                guard let given = fileName, let path = ServerRoutes.relativePath(given) else {
                    return fail(APIError(.badRequest, fileName.map { MessageText("server.form.attachmentPath", ["name": .data(String($0.prefix(200)))]) }
                                            ?? MessageText("server.form.attachmentPathMissing")))
                }
                guard laidOutSet.insert(path).inserted else {
                    return fail(APIError(.badRequest, MessageText("server.form.attachmentTwice", ["path": .data("\(path.prefix(200))")])))
                }
                laidOut.append(path)
                target = files.appendingPathComponent(path)
            case let other?:
                return fail(APIError(.badRequest, MessageText("server.form.unknownAuditPart", ["name": .data("\(other.prefix(80))")])))
            case nil:
                return fail(APIError(.badRequest, MessageText("server.form.partWithoutName", ["number": .data("\(count)")])))
            }
            do {
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                guard FileManager.default.createFile(atPath: target.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
                output = try FileHandle(forWritingTo: target)
            } catch {
                fail(APIError(.badRequest, MessageText("server.form.badFileName", ["name": .data("\((fileName ?? "").prefix(200))")])))
            }
        }

        parser.onHeader = { field, value in
            guard failure == nil else { return }
            headers += 1
            if headers > MultipartForm.maximumHeadersPerPart {
                return fail(APIError(.badRequest, MessageText("server.form.tooManyHeaders", ["count": .data("\(MultipartForm.maximumHeadersPerPart)")])))
            }
            if field.lowercased() == "content-disposition" {
                let pieces = value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                name = MultipartForm.parameter("name", in: pieces.dropFirst())
                fileName = MultipartForm.parameter("filename", in: pieces.dropFirst())
            }
        }
        parser.onBody = { buffer in
            startPart()
            guard failure == nil else { return }
            if name == "mapping" {
                mapping!.append(contentsOf: buffer.readableBytesView)
                if mapping!.count > 1 << 20 { return fail(APIError(.badRequest, MessageText("server.form.mappingTooLarge"))) }
                return
            }
            do {
                try output?.write(contentsOf: Data(buffer.readableBytesView))
            } catch {
                fail(APIError(.internalError, MessageText("server.temporaryFolder")))
            }
        }
        parser.onPartComplete = {
            startPart()  // an empty part has no body callback
            try? output?.close()
            output = nil
            name = nil
            fileName = nil
            headers = 0
        }
        let piece = 1 << 20
        var offset = 0
        do {
            while offset < bytes.count, failure == nil {
                let end = min(bytes.count, offset + piece)
                try parser.execute(bytes[offset..<end].withUnsafeBytes { ByteBuffer(bytes: $0) })
                offset = end
            }
        } catch {
            throw APIError(.badRequest, MessageText("server.form.malformed", ["englishDetail": .data("\(error)")]))
        }
        if let failure { throw failure }
        guard output == nil, count > 0 else {
            throw APIError(.badRequest, MessageText("server.form.noClosingBoundary", ["boundary": .data("\(boundary)")]))
        }
        guard let export else {
            throw APIError(.badRequest, MessageText("server.form.noExport"))
        }
        if let zip {
            let unpacked = try AttachmentZIP.unpack(zip, into: files, maximumBytes: 4 * maximumBytes,
                                                    maximumEntries: maximumZIPEntries, taken: laidOutSet)
            laidOut += unpacked
            try? FileManager.default.removeItem(at: zip)
        }
        return AuditUpload(folder: folder, export: export, exportName: exportName, mapping: mapping, files: laidOut)
    }

    /// A file name for the export on disk: its last component, without bytes a file system refuses.
    private static func safeName(_ name: String) -> String {
        let cleaned = String(name.map { $0 == "/" || $0 == "\0" || $0 == "\\" ? "_" : $0 }.prefix(200))
        return cleaned == "." || cleaned == ".." || cleaned.isEmpty ? "export" : cleaned
    }

    /// Puts each attachment where the export names it when it was uploaded without its folders:
    /// the export's `pdf/a.pdf` is the uploaded `a.pdf` when no upload has the path `pdf/a.pdf`
    /// and exactly one has the file name `a.pdf` (docs/server.md). Returns how many were placed so.
    func placeByFileName(invoiceFiles: [String]) -> Int {
        var byName: [String: [String]] = [:]
        for path in files { byName[(path as NSString).lastPathComponent, default: []].append(path) }
        let present = Set(files)
        var placed = 0
        for wanted in Set(invoiceFiles) {
            guard let relative = ServerRoutes.relativePath(wanted), !present.contains(relative) else { continue }
            guard let candidates = byName[(relative as NSString).lastPathComponent], candidates.count == 1 else { continue }
            let target = attachments.appendingPathComponent(relative)
            do {
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try FileManager.default.linkItem(at: attachments.appendingPathComponent(candidates[0]), to: target)
                placed += 1
            } catch {
                continue  // a name that cannot be laid out is reported by the audit as missing
            }
        }
        return placed
    }
}
