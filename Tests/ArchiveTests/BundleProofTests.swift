import Archive
import FakturaTestSupport
import Foundation
import Testing
import ZIPFoundation

/// A bundle proves itself: `Tests/Fixtures/tsa/arbiter.sh` follows VERIFY.txt's steps with
/// unzip, sha256sum and openssl only, passes on the exported bundle and fails when one byte of
/// the PDF, of an entry or of the token is changed (the bag's manifests rewritten to match, so
/// that only the proof can notice).
@Suite("Bundle proof without Faktura", .serialized)
struct BundleProofTests {
    let tsa: TestTimestampAuthority

    init() throws { tsa = try TestTimestampAuthority() }

    /// Postings P-1 (the one exported), P-2, a time stamp over head 2, then P-3.
    func exportedBundle(_ folder: ScratchFolder) async throws -> URL {
        let archive = try await FolderArchive.open(at: folder.path("store"), tenant: .default, create: true)
        _ = try await archive.append([submission(posting: "P-1", pdf: handMadePDF(text: "proof one")),
                                      submission(posting: "P-2", pdf: handMadePDF(text: "proof two"))])
        _ = try #require(try await ChainTimestamps.stamp(archive, authority: try tsa.authority(), agent: "t"))
        _ = try await archive.append([submission(posting: "P-3", pdf: handMadePDF(text: "proof three"))])
        let out = folder.path("bundle.zip")
        let summary = try await DisputeBundle.export(posting: "P-1", from: archive, to: out, overwrite: false,
                                                     agent: "faktura test", timestampAuthority: try tsa.authority())
        #expect(summary.verification.isIntact, "\(summary.verification.problems)")
        return out
    }

    func arbiter(_ zip: URL, _ folder: ScratchFolder) throws -> CLIResult {
        let script = CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures/tsa/arbiter.sh").path
        return try CLI.runTool("/bin/sh", [script, zip.path, folder.path("arbiter-\(UUID().uuidString.prefix(6))").path], seconds: 120)
    }

    /// The ZIP with `change` applied to the file at `path` (inside the bag) and both manifests rewritten.
    func tampered(_ zip: URL, _ path: String, _ folder: ScratchFolder, _ change: (inout Data) -> Void) throws -> URL {
        let source = try ZIPFoundation.Archive(url: zip, accessMode: .read)
        var files: [(String, Data)] = []
        for entry in source {
            var content = Data()
            _ = try source.extract(entry) { content.append($0) }
            files.append((entry.path, content))
        }
        let bag = String(files[0].0.split(separator: "/")[0])
        guard let index = files.firstIndex(where: { $0.0 == "\(bag)/\(path)" }) else { throw TestTimestampAuthority.Failure(description: "no \(path)") }
        change(&files[index].1)
        let payload = files.filter { $0.0.hasPrefix("\(bag)/data/") }
        let manifest = Data(payload.map { "\(ContentHash.sha256($0.1))  \($0.0.dropFirst(bag.count + 1))\n" }.joined().utf8)
        files = files.map { $0.0 == "\(bag)/manifest-sha256.txt" ? ($0.0, manifest) : $0 }
        let tags = files.filter { ["bagit.txt", "bag-info.txt", "manifest-sha256.txt"].map { "\(bag)/\($0)" }.contains($0.0) }
        let tagManifest = Data(tags.map { "\(ContentHash.sha256($0.1))  \($0.0.dropFirst(bag.count + 1))\n" }.joined().utf8)
        files = files.map { $0.0 == "\(bag)/tagmanifest-sha256.txt" ? ($0.0, tagManifest) : $0 }
        let out = folder.path("tampered-\(UUID().uuidString.prefix(6)).zip")
        let target = try ZIPFoundation.Archive(url: out, accessMode: .create)
        for (name, content) in files {
            try target.addEntry(with: name, type: .file, uncompressedSize: Int64(content.count), provider: { position, size in
                content.subdata(in: Int(position)..<Int(position) + size)
            })
        }
        return out
    }

    @Test func theArbiterFinishesTheProofAndNoticesEveryChangedByte() async throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let zip = try await exportedBundle(folder)
        let files = try ExportedBundle(file: zip).files
        // Entries 1 (P-1) to 3 (the time stamp's head is 2; entry 3 holds the token) are not all
        // needed: the chain runs from the posting's entry to the stamped head.
        #expect(files["data/chain/entry-1.txt"] != nil && files["data/chain/entry-2.txt"] != nil)
        #expect(files["data/chain/entry-3.txt"] == nil)
        let token = try #require(files.keys.first { $0.hasPrefix("data/timestamps/head-2-") })
        #expect(files["data/timestamps/tsa-ca.pem"] == (try Data(contentsOf: tsa.caCertificate)))
        let instructions = String(decoding: try #require(files["data/VERIFY.txt"]), as: UTF8.self)
        for words in ["openssl ts -verify -digest $(sha256sum data/chain/entry-2.txt | cut -c1-64)", "sha256sum -c manifest-sha256.txt",
                      "ПРОВЕРКА ПАКЕТА", "CHECKING THIS BUNDLE", "核验本证据包", token] {
            #expect(instructions.contains(words), "\(words)")
        }
        let manifest = try ExportedBundle(file: zip).manifest
        let proof = try #require(manifest["proof"] as? [String: Any])
        #expect(((proof["timestamps"] as? [[String: Any]])?.first?["headSequence"] as? Int) == 2)
        #expect(try ExportedBundle(file: zip).coverText.contains("existed by"))

        let clean = try arbiter(zip, folder)
        #expect(clean.status == 0 && clean.stdout.contains("ARBITER: OK (entries 1-2, 1 time stamp(s))"), "\(clean.stdout)\(clean.stderr)")

        let pdf = try #require(files.keys.first { $0.hasPrefix("data/entry-1/") && $0.hasSuffix(".pdf") })
        let cases: [(String, String, (inout Data) -> Void)] = [
            (pdf, "step 3", { $0[$0.count / 2] ^= 0x01 }),
            ("data/chain/entry-1.txt", "step 2 (entry 2 does not link to entry 1)", { data in
                let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "INV-P-1", with: "INV-P-9")
                data = Data(text.utf8)
            }),
            ("data/chain/entry-2.txt", "step 4", { data in
                let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "INV-P-2", with: "INV-P-9")
                data = Data(text.utf8)
            }),
            (token, "step 4", { $0[$0.count - 40] ^= 0x01 }),
        ]
        for (path, step, change) in cases {
            let run = try arbiter(try tampered(zip, path, folder, change), folder)
            #expect(run.status == 1, "\(path): \(run.stdout)")
            #expect(run.stdout.contains("ARBITER: FAILED at \(step)"), "\(path): \(run.stdout)")
        }
    }

    @Test func aSignedBundleIsCheckedByItsSignature() async throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let key = folder.path("seller.key").path, certificate = folder.path("seller.crt").path
        let made = try CLI.runTool("/usr/bin/openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                                                        "-keyout", key, "-out", certificate, "-days", "30", "-subj", "/CN=Test seller"])
        #expect(made.status == 0, "\(made.stderr)")
        let archive = try await FolderArchive.open(at: folder.path("store"), tenant: .default, create: true)
        _ = try await archive.append([submission(posting: "G-1", pdf: handMadePDF(text: "signed one"))])
        _ = try #require(try await ChainTimestamps.stamp(archive, authority: try tsa.authority(), agent: "t"))
        let out = folder.path("signed.zip")
        _ = try await DisputeBundle.export(posting: "G-1", from: archive, to: out, overwrite: false, agent: "t",
                                           timestampAuthority: try tsa.authority(),
                                           signer: try BundleSigner(certificatePath: certificate, keyPath: key))
        let files = try ExportedBundle(file: out).files
        #expect(files["tagmanifest-sha256.txt.p7s"] != nil)
        #expect(String(decoding: try #require(files["data/VERIFY.txt"]), as: UTF8.self).contains("openssl cms -verify"))
        let clean = try arbiter(out, folder)
        #expect(clean.status == 0 && clean.stdout.contains("ARBITER: OK"), "\(clean.stdout)")
        // The manifests rewritten to match a changed PDF: only the signature can notice.
        let pdf = try #require(files.keys.first { $0.hasPrefix("data/entry-1/") && $0.hasSuffix(".pdf") })
        let forged = try arbiter(try tampered(out, pdf, folder) { $0[$0.count / 2] ^= 0x01 }, folder)
        #expect(forged.status == 1 && forged.stdout.contains("ARBITER: FAILED at step 1 (the seller's signature)"), "\(forged.stdout)")
        // A key that is not the certificate's is refused before anything is written.
        let other = folder.path("other.key").path
        _ = try CLI.runTool("/usr/bin/openssl", ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", other])
        await #expect {
            _ = try await DisputeBundle.export(posting: "G-1", from: archive, to: folder.path("bad.zip"), overwrite: false, agent: "t",
                                               signer: try BundleSigner(certificatePath: certificate, keyPath: other))
        } throws: { error in "\(error)".contains("the private key does not belong to the certificate") }
        #expect(!FileManager.default.fileExists(atPath: folder.path("bad.zip").path))
    }
}
