import Foundation
import HogwildCore
@testable import HogwildData
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
        let shape = RCV1Generator(rows: 1_300, features: 400, meanNonZeros: 12, seed: 9)
        func rows(_ count: Int) throws -> [[Int32]] {
            try (0..<count).flatMap { index -> [[Int32]] in
                let part = try shape.generate(shard: DataShard(index: index, count: count)!)
                #expect(part.columnCount == 400)
                return (0..<part.rowCount).map { Array(part.row($0).columns) + [Int32(part.row($0).label)] }
            }
        }
        let two = try rows(2), many = try rows(parts)
        #expect(two.count == 1_300 && many == two)
        let ratings = RatingsGenerator(users: 300, items: 80, ratings: 20_000, seed: 4)
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

    /// A part's graph by node id: its node ids in index order, terminals, and edges.
    struct GraphByID: Sendable, Equatable {
        var nodeIDs: [String]
        var terminals: [String: Int32]
        var edges: [String]
        var labelCount: Int

        init(_ graph: CutGraph) {
            let ids = graph.nodeIDs ?? (0..<graph.nodeCount).map(String.init)
            nodeIDs = ids
            terminals = Dictionary(uniqueKeysWithValues: (0..<graph.nodeCount).compactMap { v in
                graph.terminalLabel(of: v).map { (ids[v], Int32($0)) }
            })
            edges = (0..<graph.edgeCount).map { e in
                let (u, v, w) = graph.edge(e)
                return [ids[u], ids[v]].sorted().joined(separator: "-") + " \(w)"
            }
            labelCount = graph.labelCount
        }
    }

    @Test(arguments: [2, 3])
    func edgeListPartsAgreeOnOneNumberingOfTheWholeGraph(parts: Int) throws {
        let dir = TemporaryDirectory()
        let generated = try CutGraphGenerator.dblife(scale: 0.02, labels: 4, seed: 5).generate()
        // Ids out of the order of first appearance (and not 0..<n): the ranks must agree
        // by the ids themselves, whatever each part met first.
        func id(_ v: Int) -> Int { (v * 7_919) % 100_003 + 11 }
        let edgeText = (0..<generated.edgeCount).map { e -> String in
            let (u, v, w) = generated.edge(e)
            return "\(id(u)) \(id(v)) \(w)"
        }.joined(separator: "\n") + "\n"
        let terminalText = (0..<generated.nodeCount).compactMap { v in
            generated.terminalLabel(of: v).map { "\(id(v)) \($0)" }
        }.joined(separator: "\n") + "\n"
        let edges = dir.write("edges.txt", edgeText), terminals = dir.write("terminals.txt", terminalText)
        let whole = GraphByID(try EdgeListReader.read(edges: edges, terminals: terminals))
        let read = try ThreadShardGroup.run(parts: parts) { member in
            var part = try EdgeListReader.read(edges: edges, terminals: terminals, shard: member.shard)
            try CutGraph.renumberIDsAcross(member, &part, path: edges)
            return GraphByID(part)
        }
        for part in read {
            #expect(part.nodeIDs == read[0].nodeIDs, "every part numbers the nodes alike")
            #expect(Set(part.nodeIDs) == Set(whole.nodeIDs) && part.nodeIDs.count == whole.nodeIDs.count)
            #expect(part.terminals == whole.terminals && part.labelCount == whole.labelCount)
            #expect(!part.edges.isEmpty && part.edges.count < whole.edges.count)
        }
        #expect(read.flatMap(\.edges).sorted() == whole.edges.sorted(), "the parts' edges are the whole graph's, each once")
        // Hot first: nodes in the order of their edge counts in the whole graph.
        var degree: [String: Int] = [:]
        for edge in whole.edges {
            for node in edge.split(separator: " ")[0].split(separator: "-") { degree[String(node), default: 0] += 1 }
        }
        let ordered = read[0].nodeIDs.map { degree[$0, default: 0] }
        #expect(ordered == ordered.sorted(by: >))
    }

    @Test func generatedGraphPartsAreItsEdgesEachOnce() throws {
        let graph = try CutGraphGenerator.abdomen(scale: 0.001, seed: 2).generate()
        let whole = GraphByID(graph)
        let parts = try (0..<3).map { GraphByID(try graph.part(DataShard(index: $0, count: 3)!)) }
        #expect(parts.flatMap(\.edges) == whole.edges)
        #expect(parts.allSatisfy { $0.nodeIDs == whole.nodeIDs && $0.terminals == whole.terminals })
        let tiny = try CutGraph(nodeCount: 3, labelCount: 2, terminals: [0: 0, 2: 1], edges: [(0, 1, 1), (1, 2, 1)])
        #expect(throws: DatasetError.self) { try tiny.part(DataShard(index: 0, count: 3)!) }
    }

    /// A rank generates only its part of a synthetic graph: the parts, made apart, are
    /// the whole graph's edges in its order, each once, over all its nodes and terminals.
    @Test(arguments: [2, 3])
    func generatedPartsOfAGraphMadeApartAreTheWholeGraph(parts: Int) throws {
        for generator in [CutGraphGenerator.abdomen(scale: 0.001, seed: 2), .dblife(scale: 0.02, labels: 4, seed: 3)] {
            let whole = GraphByID(try generator.generate())
            let made = try (0..<parts).map { GraphByID(try generator.generate(part: DataShard(index: $0, count: parts)!)) }
            #expect(made.flatMap(\.edges) == whole.edges, "\(generator.kind)")
            #expect(made.allSatisfy { $0.nodeIDs == whole.nodeIDs && $0.terminals == whole.terminals })
            #expect(made.allSatisfy { $0.edges.count < whole.edges.count })
        }
    }

    /// Every part learns the whole data's row count and rows per feature (the degree
    /// weights of the distributed penalties), whatever rows it holds itself.
    @Test(arguments: [2, 3])
    func everyPartLearnsTheWholeDataDegrees(parts: Int) throws {
        let whole = try RCV1Generator(rows: 600, features: 300, meanNonZeros: 8, zipfExponent: 1.1, seed: 4).generate()
        var degrees = [Int](repeating: 0, count: whole.columnCount)
        for k in 0..<whole.nonZeroCount { degrees[Int(whole.columns[k])] += 1 }
        let learned = try ThreadShardGroup.run(parts: parts) { member in
            let part = try whole.subset(member.shard.range(of: whole.rowCount))
            return try SparseDataset.wholeDegrees(member, part)
        }
        for (rows, partDegrees) in learned {
            #expect(rows == whole.rowCount)
            #expect(partDegrees == degrees)
        }
    }

    @Test func nodeIDsThatAreNotIntegersAreRefusedForADistributedRun() throws {
        let dir = TemporaryDirectory()
        let edges = dir.write("edges.txt", "a b 1\nb c 2\n"), terminals = dir.write("terminals.txt", "a 0\nc 1\n")
        let errors = try ThreadShardGroup.run(parts: 2) { member -> String in
            var part = try EdgeListReader.read(edges: edges, terminals: terminals, shard: member.shard)
            do { try CutGraph.renumberIDsAcross(member, &part, path: edges) } catch { return "\(error)" }
            return "no error"
        }
        #expect(errors.allSatisfy { $0.contains("integer node ids") && $0.contains("edges.txt") }, "\(errors)")
    }
}

/// The parts of a distributed job as threads of this process: like MPI's collectives,
/// each part's call returns once every part has made it, with the combined values; a
/// part that fails ends the others' calls with an error (as `MPI_Abort` ends a job)
/// rather than leaving them waiting.
final class ThreadShardGroup: @unchecked Sendable {
    struct Member: ShardGroup {
        let group: ThreadShardGroup
        let shard: DataShard
        func sum(_ values: inout [Double]) throws { values = try group.combine(values, +) }
        func maximum(_ value: Double) throws -> Double { try group.combine([value], max)[0] }
    }

    struct AnotherPartFailed: Error {}

    let count: Int
    private let condition = NSCondition()
    private var arrived = 0, generation = 0, failed = false
    private var pending: [Double] = [], combined: [Double] = []

    init(count: Int) { self.count = count }

    func combine(_ values: [Double], _ op: (Double, Double) -> Double) throws -> [Double] {
        condition.lock()
        defer { condition.unlock() }
        guard !failed else { throw AnotherPartFailed() }
        pending = arrived == 0 ? values : zip(pending, values).map(op)
        arrived += 1
        let mine = generation
        if arrived == count {
            // The next call cannot complete before every waiter has read this one.
            combined = pending
            arrived = 0
            generation += 1
            condition.broadcast()
        } else {
            while generation == mine && !failed { condition.wait() }
            guard generation != mine else { throw AnotherPartFailed() }
        }
        return combined
    }

    func fail() {
        condition.lock()
        failed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Runs `body` for each of `parts` parts on its own thread; the results in part order.
    static func run<T: Sendable>(parts: Int, _ body: @escaping @Sendable (Member) throws -> T) throws -> [T] {
        let group = ThreadShardGroup(count: parts)
        let results = ResultSlots<T>(count: parts)
        let done = DispatchGroup()
        for index in 0..<parts {
            done.enter()
            Thread {
                let result = Result { try body(Member(group: group, shard: DataShard(index: index, count: parts)!)) }
                if case .failure = result { group.fail() }
                results.set(index, result)
                done.leave()
            }.start()
        }
        done.wait()
        return try results.values()
    }
}

/// One result a thread, written once each.
final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<T, any Error>?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ result: Result<T, any Error>) { lock.lock(); slots[index] = result; lock.unlock() }
    func values() throws -> [T] { try slots.map { try $0!.get() } }
}
