public import Foundation

/// Validates JSON documents against the project's schemas in `docs/schemas/` with a real
/// validator: Debian's `python3-jsonschema` (draft 2020-12), run as a process. Schemas refer
/// to each other by relative `$ref`; all of them are loaded, so nothing is fetched.
///
/// ```swift
/// let problems = try JSONSchemaCheck.problems(in: [reportJSON], against: "validation-report.schema.json")
/// #expect(problems.isEmpty, "\(problems)")
/// ```
public enum JSONSchemaCheck {
    /// The folder of the schemas.
    public static let schemasFolder = CLI.repositoryRoot.appendingPathComponent("docs/schemas")

    /// Why the check itself could not run (no Python, no jsonschema module).
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    private static let script = """
        import json, os, sys
        import jsonschema
        folder, name = sys.argv[1], sys.argv[2]
        store = {}
        for file in sorted(os.listdir(folder)):
            if file.endswith('.json'):
                with open(os.path.join(folder, file), encoding='utf-8') as f:
                    schema = json.load(f)
                jsonschema.Draft202012Validator.check_schema(schema)
                store[schema['$id']] = schema
                if file == name:
                    target = schema
        resolver = jsonschema.RefResolver.from_schema(target, store=store)
        validator = jsonschema.Draft202012Validator(target, resolver=resolver)
        problems = 0
        for path in sys.argv[3:]:
            with open(path, encoding='utf-8') as f:
                if path.endswith('.yaml') or path.endswith('.yml'):
                    import yaml
                    instance = yaml.safe_load(f)
                else:
                    instance = json.load(f)
            for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path)):
                where = '$' + ''.join('[%d]' % p if isinstance(p, int) else '.' + str(p) for p in error.absolute_path)
                print('%s: %s: %s' % (os.path.basename(path), where, error.message))
                problems += 1
        sys.exit(1 if problems else 0)
        """

    /// The schema violations of each document (empty: all conform), as `file: $.path: message`.
    /// Documents are given as bytes (JSON) or as files (JSON, or YAML by extension).
    public static func problems(in documents: [Data], files: [URL] = [], against schema: String) throws -> [String] {
        let scratch = ScratchFolder("schema")
        var paths = files.map(\.path)
        for (index, document) in documents.enumerated() {
            paths.append(scratch.write("document-\(index + 1).json", document).path)
        }
        let result: CLIResult
        do {
            result = try CLI.runTool("/usr/bin/python3", ["-c", script, schemasFolder.path, schema] + paths)
        } catch let failure as ChildProcess.Failure {
            throw Unavailable(description: "the schema check did not run (install python3-jsonschema): \(failure)")
        }
        let printed = result.stdout, failure = result.stderr
        switch result.status {
        case 0: return []
        case 1 where failure.isEmpty: return printed.split(separator: "\n").map(String.init)
        default:
            throw Unavailable(description: "the schema check failed to run (install python3-jsonschema): \(failure)")
        }
    }
}
