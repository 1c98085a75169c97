// Fuzz harness: the server's multipart/form-data reader (MultipartKit under the form's budget:
// parts, headers, known names), as `POST /v1/postings/check` and `POST /v1/archive` read a body.
// Compiled alone into `fuzz-ServerForm` by `make fuzz` and into FuzzRegressionTests.
import Foundation
import Server

enum ServerFormHarness {
    /// Reads one input as a form body with the boundary `fuzz-boundary`; returns the error's text
    /// when it was refused, nil when it gave a part.
    static func run(_ data: Data) -> String? {
        do {
            let form = try MultipartForm(body: data, boundary: "fuzz-boundary", names: ["invoice", "posting"])
            // A form with no part the route needs is refused by the route; here it is the answer.
            guard form["invoice"] != nil || form["posting"] != nil else { return "the form holds no invoice or posting part" }
            return nil
        } catch {
            return "\(error)"
        }
    }
}

#if FUZZING
import LibFuzzerEntry

/// `fuzz-ServerForm` runs this harness under libFuzzer.
@main extension ServerFormHarness: LibFuzzerHarness {}
#endif
