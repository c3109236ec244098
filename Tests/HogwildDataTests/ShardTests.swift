import HogwildCore
import HogwildData
import HogwildTestSupport
import Testing

/// A distributed job's ranks read and generate parts of the data: the parts of any
/// number of ranks are the whole, each line or row exactly once.
@Suite struct ShardTests {
    static let lines = (0..<997).map { "line \($0) " + String(repeating: "x", count: $0 % 37) }

    static func read(_ path: String, _ shard: DataShard) throws -> [(number: Int, text: String)] {
        let reader = try LineReader(path: path, shard: shard)
        var out: [(Int, String)] = []
        while let line = try reader.nextLine() { out.append((reader.lineNumber, String(decoding: line, as: UTF8.self))) }
        return out
    }

    @Test(arguments: [1, 2, 3, 4, 7])
    func thePartsOfAFileAreTheWholeFileEachLineOnce(parts: Int) throws {
        let dir = TemporaryDirectory()
        let text = Self.lines.joined(separator: "\n") + "\n"
        for path in [dir.write("plain.txt", text), dir.writeGzip("packed.txt.gz", text)] {
            var seen: [String] = []
            for index in 0..<parts {
                let part = try Self.read(path, DataShard(index: index, count: parts)!)
                // Line numbers are the file's, so messages point at the right line.
                for (number, line) in part { #expect(Self.lines[number - 1] == line) }
                seen += part.map(\.text)
                if parts > 1 { #expect(part.count < Self.lines.count) }
            }
            let whole = seen.sorted() == Self.lines.sorted()
            #expect(whole, "\(path) in \(parts) parts: \(seen.count) lines read of \(Self.lines.count)")
        }
    }

    @Test func aByteRangeCutInsideALineGivesTheLineToThePartItStartsIn() throws {
        let dir = TemporaryDirectory()
        // 10 bytes a line; parts of 3 cut at 10, 20 (line starts) and inside lines.
        let path = dir.write("ten.txt", (0..<3).map { "line \($0)xxx" }.joined(separator: "\n") + "\n")
        for parts in 1...6 {
            let all = try (0..<parts).flatMap { try Self.read(path, DataShard(index: $0, count: parts)!).map(\.number) }
            #expect(all == [1, 2, 3], "\(parts) parts: \(all)")
        }
    }

    @Test(arguments: [2, 3, 5])
    func generatedPartsDoNotDependOnHowManyThereAre(parts: Int) throws {
        let shape = RCV1Shape(rows: 1_300, features: 400, meanNonZeros: 12, seed: 9)
        func rows(_ count: Int) throws -> [[Int32]] {
            try (0..<count).flatMap { index -> [[Int32]] in
                let part = try shape.generate(shard: DataShard(index: index, count: count)!)
                #expect(part.columnCount == 400)
                return (0..<part.rowCount).map { Array(part.row($0).columns) + [Int32(part.row($0).label)] }
            }
        }
        let two = try rows(2), many = try rows(parts)
        #expect(two.count == 1_300 && many == two)
        let ratings = RatingsShape(users: 300, items: 80, ratings: 20_000, seed: 4)
        func entries(_ count: Int) throws -> [Rating] {
            try (0..<count).flatMap { index -> [Rating] in
                let part = try ratings.generate(shard: DataShard(index: index, count: count)!)
                return (0..<part.count).map { part[$0] }
            }
        }
        #expect(try entries(parts).count == 20_000)
        #expect(try entries(parts) == entries(2))
        // One part is the ordinary generator (the single-process data are unchanged).
        let whole = try shape.generate()
        #expect(whole.rowCount == 1_300)
    }
}
