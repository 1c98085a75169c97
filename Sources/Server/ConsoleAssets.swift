import CConsoleAssets
import Foundation

/// The web console's files, compiled into the binary (Sources/CConsoleAssets): plain HTML, CSS
/// and JavaScript modules, no CDN, so the console works offline and a copied binary serves it.
enum ConsoleAssets {
    struct Asset: Sendable {
        let contentType: String
        let bytes: Data
    }

    /// Each file by its path under `/console/` (`app.js`, `i18n/ru.json`).
    static let byPath: [String: Asset] = {
        var count = 0
        let table = faktura_console_assets(&count)!
        var assets: [String: Asset] = [:]
        for index in 0..<count {
            let asset = table[index]
            assets[String(cString: asset.path)] = Asset(contentType: String(cString: asset.content_type),
                                                        bytes: Data(bytes: asset.bytes, count: asset.length))
        }
        return assets
    }()
}
