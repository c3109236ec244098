import HogwildCore
@testable import HogwildData
import HogwildSupport
import HogwildTestSupport
import Testing

@Suite struct RatingsReaderTests {
    let dir = TemporaryDirectory()

    @Test func readsWhitespaceTriplesAndMapsIdsInOrderOfAppearance() throws {
        let path = dir.write("r.txt", "42 7 4\n42 9 3.5\n17 7 1 881250949\n")
        let result = try RatingsReader.read(path)
        let data = result.dataset
        #expect(data.count == 3 && data.userCount == 2 && data.itemCount == 2)
        #expect(data.userIDs == ["42", "17"] && data.itemIDs == ["7", "9"])
        #expect((0..<3).map { data[$0].user } == [0, 0, 1])
        #expect((0..<3).map { data[$0].value } == [4, 3.5, 1])
        #expect(result.header == nil && result.separator == .whitespace)
    }

    @Test func readsMovieLensCSVWithItsHeader() throws {
        let path = dir.write("ratings.csv", "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n")
        let result = try RatingsReader.read(path)
        #expect(result.header == "userId,movieId,rating,timestamp")
        #expect(result.separator == .comma && result.dataset.count == 2)
    }

    @Test func readsDoubleColonSeparatedMovieLens1M() throws {
        let path = dir.writeGzip("ratings.dat.gz", "1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978298413\n")
        let result = try RatingsReader.read(path)
        #expect(result.separator == .doubleColon)
        #expect(result.dataset.userCount == 2 && result.dataset.itemCount == 2)
    }

    static let malformed: [(String, Int, Int, String)] = [
        ("1 2 3\n1 2\n", 2, 1, "got 2 fields"),
        ("1 2 3\n1 2 x\n", 2, 5, "is not a number"),
        ("1 2 nan\n", 1, 5, "not finite"),
        ("1,2,3\n1,,3\n", 2, 3, "empty field"),
        ("1 2 3 4 5\n", 1, 1, "got 5 fields"),
        ("1 2 3 later\n", 1, 7, "timestamp"),
        ("1::2::3\n1:2::3\n", 2, 2, "'::'"),
    ]

    @Test(arguments: 0..<malformed.count)
    func malformedLinesNameFileLineAndColumn(_ index: Int) {
        let (text, line, column, problem) = Self.malformed[index]
        let path = dir.write("m\(index).txt", text)
        do {
            _ = try RatingsReader.read(path)
            Issue.record("expected an error for \(text.debugDescription)")
        } catch {
            guard case .malformed(_, let l, let c, let message) = error else { Issue.record("\(error)"); return }
            #expect(l == line && c == column, "\(error)")
            #expect(message.contains(problem), "\(message)")
        }
    }

    @Test func skippedRowsAreCounted() throws {
        let path = dir.write("s.txt", "1 2 3\n1 2\n3 4 5\n")
        var options = RatingsReader.Options()
        options.skipInvalidRows = true
        let result = try RatingsReader.read(path, options: options)
        #expect(result.dataset.count == 2 && result.skipped.count == 1)
    }

    @Test func emptyFileIsATypedError() {
        let path = dir.write("e.txt", "\n# only a comment\n")
        #expect(throws: FormatError.empty(path: path)) { try RatingsReader.read(path) }
    }

    @Test func randomRatingsRoundTripExactly() throws {
        var rng = Xoshiro256(seed: 5)
        for trial in 0..<15 {
            let n = 1 + rng.next(below: 200)
            let users = (0..<n).map { _ in Int32(rng.next(below: 30)) }
            let items = (0..<n).map { _ in Int32(rng.next(below: 50)) }
            let ratings = (0..<n).map { _ in Float(rng.nextGaussian()) * 2 + 3 }
            let original = try RatingsDataset(users: users, items: items, ratings: ratings)
            let path = dir.file("round\(trial).txt")
            let separator: RatingsReader.Separator = [.whitespace, .comma, .doubleColon][trial % 3]
            try RatingsWriter.write(original, to: path, separator: separator)
            let once = try RatingsReader.read(path).dataset
            // Written again from the ids it read, the file must read back identically.
            let again = dir.file("again\(trial).txt")
            try RatingsWriter.write(once, to: again, separator: separator)
            let twice = try RatingsReader.read(again).dataset
            #expect(once.userIDs == twice.userIDs && once.itemIDs == twice.itemIDs)
            for k in 0..<n {
                #expect(once.userIDs![Int(once[k].user)] == String(users[k]))
                #expect(once.itemIDs![Int(once[k].item)] == String(items[k]))
                #expect(once[k].value.bitPattern == ratings[k].bitPattern)
                #expect(twice[k] == once[k])
            }
        }
    }
}

@Suite struct EdgeListTests {
    let dir = TemporaryDirectory()

    @Test func readsEdgesAndTerminals() throws {
        let edges = dir.write("g.txt", "a b 1.5\nb c 2\nc d 0.5\n")
        let terminals = dir.write("t.txt", "a 0\nd 1\n")
        let graph = try EdgeListReader.read(edges: edges, terminals: terminals)
        #expect(graph.nodeCount == 4 && graph.edgeCount == 3 && graph.labelCount == 2)
        #expect(graph.terminalCount == 2)
        #expect(graph.cutValue(labels: [0, 0, 1, 1]) == 2)
    }

    static let malformed: [(String, String, String)] = [
        ("a b 0\n", "a 0\nb 1\n", "weight"),
        ("a b -1\n", "a 0\nb 1\n", "weight"),
        ("a a 1\n", "a 0\n", "self loop"),
        ("a b\n", "a 0\n", "got 2 fields"),
        ("a b 1\n", "a 0\na 1\n", "already fixed"),
        ("a b 1\n", "a -1\n", "not an integer ≥ 0"),
    ]

    @Test(arguments: 0..<malformed.count)
    func malformedFilesAreTypedErrors(_ index: Int) {
        let (edgeText, terminalText, problem) = Self.malformed[index]
        let edges = dir.write("e\(index).txt", edgeText), terminals = dir.write("t\(index).txt", terminalText)
        do {
            _ = try EdgeListReader.read(edges: edges, terminals: terminals)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains(problem), "\(error)")
            #expect(error.description.contains(":1:") || error.description.contains(":2:"), "\(error)")
        }
    }

    @Test func graphsRoundTrip() throws {
        let graph = try CutGraphGenerator.dblife(scale: 0.001, labels: 3, seed: 4).generate()
        try EdgeListWriter.write(graph, edges: dir.file("e.txt"), terminals: dir.file("t.txt"))
        let back = try EdgeListReader.read(edges: dir.file("e.txt"), terminals: dir.file("t.txt"))
        #expect(back.edgeCount == graph.edgeCount && back.labelCount == graph.labelCount)
        #expect(back.terminalCount == graph.terminalCount)
        for e in 0..<graph.edgeCount {
            let u = back.nodeIDs![Int(back.sources[e])], v = back.nodeIDs![Int(back.targets[e])]
            #expect(Set([u, v]) == Set([String(graph.sources[e]), String(graph.targets[e])]))
            #expect(back.weights[e].bitPattern == graph.weights[e].bitPattern)
        }
    }
}
