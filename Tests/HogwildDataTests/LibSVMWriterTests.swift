import Foundation
import Testing
import HogwildTestSupport
@testable import HogwildData

@Suite struct LibSVMWriterTests {
    @Test func writesOneBasedSortedIndicesWithExactValues() throws {
        let data = try SparseDataset(rowOffsets: [0, 2, 2], columns: [0, 9], values: [0.1, 2],
                                     labels: [1, -1], columnCount: 10)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("w-\(UUID()).libsvm").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try LibSVMWriter.write(data, to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == "1 1:0.1 10:2\n-1\n")
    }

    @Test func unwritablePathIsATypedError() throws {
        let data = try SparseDataset(rowOffsets: [0], columns: [], values: [], labels: [])
        #expect(throws: FormatError.self) { try LibSVMWriter.write(data, to: "/nonexistent-dir/x.libsvm") }
    }
}
