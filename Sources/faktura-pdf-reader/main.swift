// The PDF reader process: `faktura audit` and `faktura validate` start it (next to `faktura`)
// and send it every PDF that Faktura did not render, so that a hostile PDF costs one killed
// process under a memory and CPU budget, never the audit (docs/third-party-pdfs.md).
import PDFReading

PDFReaderProcess.serve(arguments: Array(CommandLine.arguments.dropFirst()))
