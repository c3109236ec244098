import HogwildCore
@testable import HogwildData
import HogwildSupport
import HogwildTestSupport
import Testing

@Suite struct LibSVMReaderTests {
    let dir = TemporaryDirectory()

    @Test func readsRCV1StyleLinesWithCommentsQidAndBlankLines() throws {
        let path = dir.write("a.libsvm", """
        # a comment line
        +1 qid:3 1:0.5 7:1.25e-1 10:2 # trailing comment

        -1 2:1
        1 3:0.333333
        """)
        let result = try LibSVMReader.read(path)
        let data = result.dataset
        #expect(data.rowCount == 3 && data.columnCount == 10 && data.nonZeroCount == 5)
        #expect(Array(data.row(0).columns) == [0, 6, 9])
        #expect(Array(data.row(0).values) == [0.5, 0.125, 2])
        #expect(data.labelArray == [1, -1, 1])
        #expect(data.row(2).values[0] == Float("0.333333")!)
        #expect(result.skipped.isEmpty && result.lines == 5)
    }

    @Test func zeroOneLabelsBecomeMinusOnePlusOne() throws {
        let path = dir.write("b.libsvm", "0 1:1\n1 2:1\n")
        #expect(try LibSVMReader.read(path).dataset.labelArray == [-1, 1])
    }

    @Test func gzipFilesAreReadDirectly() throws {
        let path = dir.writeGzip("c.libsvm.gz", "1 1:1 3:2\n-1 2:4\n")
        let data = try LibSVMReader.read(path).dataset
        #expect(data.rowCount == 2 && data.nonZeroCount == 3)
    }

    @Test func realLabelsAreKeptForRegression() throws {
        let path = dir.write("d.libsvm", "3.5 1:1\n-0.25 2:1\n")
        var options = LibSVMReader.Options()
        options.labels = .real
        #expect(try LibSVMReader.read(path, options: options).dataset.labelArray == [3.5, -0.25])
    }

    static let malformed: [(String, Int, Int, String)] = [
        ("1 1:1\nabc 1:1\n", 2, 1, "label 'abc'"),
        ("1 1 2:1\n", 1, 3, "expected index:value"),
        ("1 x:1\n", 1, 3, "not an integer"),
        ("1 -1:1\n", 1, 3, "out of range"),
        ("1 3:1 2:1\n", 1, 7, "must increase"),
        ("1 3:1 3:2\n", 1, 7, "duplicate index 3"),
        ("1 1:nan\n", 1, 5, "not finite"),
        ("1 1:inf\n", 1, 5, "not finite"),
        ("1 1:1e\n", 1, 5, "not a number"),
        ("-1 1:1\n0 2:1\n", 2, 1, "mix 0"),
        ("1 1:1 qid:3\n", 1, 7, "qid"),
    ]

    @Test func aLabelThatIsNotAClassIsNamedWithItsLine() throws {
        let path = dir.write("label.libsvm", "1 1:1\n2 1:1\n")
        #expect(throws: FormatError.nonBinaryLabel(path: path, line: 2, column: 1, label: "2")) {
            try LibSVMReader.read(path)
        }
    }

    @Test func anIndexZeroInAFileReadAsOneBasedNamesTheSetting() throws {
        let path = dir.write("zero.libsvm", "1 0:1 3:1\n")
        var options = LibSVMReader.Options()
        options.indexBase = .one
        do {
            _ = try LibSVMReader.read(path, options: options)
            Issue.record("index 0 was accepted as 1-based")
        } catch {
            #expect("\(error)".contains("\(path):1:3: index 0 in a file read as 1-based"), "\(error)")
        }
        #expect(try LibSVMReader.read(path).indexBase == .zero)
    }

    @Test(arguments: 0..<malformed.count)
    func malformedLinesNameFileLineAndColumn(_ index: Int) throws {
        let (text, line, column, problem) = Self.malformed[index]
        let path = dir.write("m\(index).libsvm", text)
        do {
            _ = try LibSVMReader.read(path)
            Issue.record("expected an error for \(text.debugDescription)")
        } catch {
            guard case .malformed(let p, let l, let c, let message) = error else {
                Issue.record("wrong error \(error)"); return
            }
            #expect(p == path && l == line && c == column, "\(error)")
            #expect(message.contains(problem), "\(message)")
        }
    }

    @Test func emptyFileAndMissingFileAreTypedErrors() {
        let empty = dir.write("empty.libsvm", "# nothing here\n\n")
        #expect(throws: FormatError.empty(path: empty)) { try LibSVMReader.read(empty) }
        #expect(throws: FormatError.self) { try LibSVMReader.read(dir.file("missing.libsvm")) }
    }

    @Test func requiredColumnCountRejectsLargerIndices() {
        let path = dir.write("e.libsvm", "1 1:1 9:1\n")
        var options = LibSVMReader.Options()
        options.columnCount = 5
        #expect(throws: FormatError.self) { try LibSVMReader.read(path, options: options) }
    }

    @Test func skippingInvalidRowsReportsEveryOne() throws {
        let path = dir.write("f.libsvm", "1 1:1\n1 2:x\n-1 3:1 2:1\n-1 4:1\n")
        var options = LibSVMReader.Options()
        options.skipInvalidRows = true
        let result = try LibSVMReader.read(path, options: options)
        #expect(result.dataset.rowCount == 2)
        #expect(result.dataset.nonZeroCount == 2)
        #expect(result.skipped.count == 2)
        #expect(Array(result.dataset.row(1).columns) == [3])
    }

    @Test func randomValidDatasetsRoundTripExactly() throws {
        var rng = Xoshiro256(seed: 77)
        for trial in 0..<25 {
            let rows = 1 + rng.next(below: 40), columns = 1 + rng.next(below: 300)
            let builder = SparseDatasetBuilder(columnCount: columns)
            for _ in 0..<rows {
                var picked = Set<Int32>()
                for _ in 0..<rng.next(below: min(columns, 20) + 1) { picked.insert(Int32(rng.next(below: columns))) }
                let sorted = picked.sorted()
                let values = sorted.map { _ -> Float in
                    switch rng.next(below: 4) {
                    case 0: return Float(rng.next(below: 100))
                    case 1: return Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()) & 0x7F7F_FFFF) * (rng.next(below: 2) == 0 ? 1 : -1)
                    case 2: return Float(rng.nextGaussian()) * 1e-6
                    default: return Float(rng.nextUnitDouble())
                    }
                }
                try builder.appendRow(columns: sorted, values: values, label: rng.next(below: 2) == 0 ? 1 : -1)
            }
            // Keep the last column used so the read-back column count matches.
            try builder.appendRow(columns: [Int32(columns - 1)], values: [1], label: 1)
            let data = try builder.build()
            let path = dir.file("round\(trial).libsvm")
            try LibSVMWriter.write(data, to: path)
            let back = try LibSVMReader.read(path).dataset
            #expect(back.rowCount == data.rowCount && back.columnCount == data.columnCount)
            #expect(back.labelArray == data.labelArray)
            for r in 0..<data.rowCount {
                #expect(Array(back.row(r).columns) == Array(data.row(r).columns))
                #expect(back.row(r).values.map(\.bitPattern) == data.row(r).values.map(\.bitPattern))
            }
        }
    }
}
