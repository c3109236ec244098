import Foundation
import Testing

/// The README's examples are the ones the tests compile and run.
@Suite struct ReadmeVerbatimTests {
    /// Every "README: begin … README: end" block of ReadmeExampleTests.swift appears in README.md as is
    /// (indentation aside), so the README's examples are the ones that compile and run.
    @Test func theReadmeShowsTheseExamplesVerbatim() throws {
        let testFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("ReadmeExampleTests.swift")
        let root = testFile.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let source = try String(contentsOf: testFile, encoding: .utf8)
        let readmeLines = Set(readme.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) })
        var blocks = 0, inside = false
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text == "// README: begin" { inside = true; blocks += 1; continue }
            if text == "// README: end" { inside = false; continue }
            if inside, !text.isEmpty { #expect(readmeLines.contains(text), "README.md lacks: \(text)") }
        }
        #expect(blocks == 6, "the line fit, its use, predict–save–load, the network with its training, the composed network")
    }
}
