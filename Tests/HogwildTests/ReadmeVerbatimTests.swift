import Foundation
import Testing

/// The Swift examples of README.md and docs/ are the ones the tests compile and run.
@Suite struct ReadmeVerbatimTests {
    /// Every "README: begin … README: end" block of ReadmeExampleTests.swift appears in
    /// README.md or in one page of docs/ as one contiguous run of lines (indentation
    /// aside; a blank line of the block matches a blank line of the page).
    @Test func theDocumentsShowTheseExamplesVerbatim() throws {
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let root = tests.deletingLastPathComponent().deletingLastPathComponent()
        let source = try String(
            contentsOf: tests.appendingPathComponent("ReadmeExampleTests.swift"), encoding: .utf8)
        let blocks = Self.exampleBlocks(in: source)
        #expect(
            blocks.count == 6,
            "the line fit, its use, predict–save–load, the network with its training, the composed network")
        let documents = try Self.documents(under: root)
        for block in blocks {
            let found = documents.contains { Self.lines($0.lines, contain: block) }
            #expect(
                found,
                """
                the example beginning "\(block.first ?? "")" was not found contiguously (its \(block.count) \
                lines as one run) in any of \(documents.map(\.name).joined(separator: ", "))
                """)
        }
    }

    /// The matcher accepts a block only as one run of consecutive lines.
    @Test func aBlockMatchesOnlyAsOneContiguousRun() {
        let block = ["let a = 1", "", "let b = 2"]
        let indented = ["x", "    let a = 1", "", "  let b = 2  ", "y"].map { Self.trimmed($0) }
        #expect(Self.lines(indented, contain: block))
        #expect(!Self.lines(["let a = 1", "", "z", "let b = 2"], contain: block), "a line between")
        #expect(!Self.lines(["let b = 2", "", "let a = 1"], contain: block), "out of order")
        #expect(!Self.lines(["let a = 1", "let b = 2"], contain: block), "the blank line missing")
        #expect(!Self.lines(["let a = 1", ""], contain: block), "cut short at the end of the page")
    }

    /// The blocks between the markers, each as trimmed lines, leading and trailing
    /// blank lines dropped.
    static func exampleBlocks(in source: String) -> [[String]] {
        var blocks: [[String]] = []
        var current: [String]? = nil
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            let text = Self.trimmed(line)
            if text == "// README: begin" {
                current = []
            } else if text == "// README: end" {
                if var block = current {
                    while block.first == "" { block.removeFirst() }
                    while block.last == "" { block.removeLast() }
                    blocks.append(block)
                }
                current = nil
            } else if current != nil {
                current!.append(text)
            }
        }
        return blocks
    }

    /// A Markdown file, as trimmed lines.
    struct Document {
        let name: String
        let lines: [String]
    }

    /// README.md first, then every docs/*.md by name.
    static func documents(under root: URL) throws -> [Document] {
        let docs = root.appendingPathComponent("docs")
        let pages = try FileManager.default.contentsOfDirectory(atPath: docs.path)
            .filter { $0.hasSuffix(".md") }.sorted()
        var files: [(name: String, url: URL)] = [("README.md", root.appendingPathComponent("README.md"))]
        for page in pages { files.append(("docs/\(page)", docs.appendingPathComponent(page))) }
        var documents: [Document] = []
        for file in files {
            let text = try String(contentsOf: file.url, encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Self.trimmed($0) }
            documents.append(Document(name: file.name, lines: lines))
        }
        return documents
    }

    /// Whether `block` occurs in `lines` as consecutive lines.
    static func lines(_ lines: [String], contain block: [String]) -> Bool {
        guard !block.isEmpty else { return true }
        guard lines.count >= block.count else { return false }
        return (0...(lines.count - block.count)).contains { start in
            block.indices.allSatisfy { lines[start + $0] == block[$0] }
        }
    }

    static func trimmed<S: StringProtocol>(_ line: S) -> String {
        line.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
