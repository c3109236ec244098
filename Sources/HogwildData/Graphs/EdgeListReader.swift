import HogwildSupport

/// Reads a cut problem from two text files: an edge list, `u v w` a line (weights
/// finite and > 0, whitespace or comma separated), and a terminals file, `node label`
/// a line, fixing those nodes to labels `0..<k` (k = largest label + 1, at least 2).
/// Node ids are any tokens, mapped to dense indices in order of first appearance. A
/// node named only in the terminals file still counts. `.gz` files are read directly.
///
/// Malformed lines (a missing or extra field, a non-positive or non-finite weight, a
/// self loop, a node fixed twice to different labels, a negative label) are errors
/// naming file, line and column.
///
/// With a `shard` other than the whole, only that part of the edge file's lines is read
/// (a distributed job's rank; see ``DataShard``) and the terminals file whole: every
/// rank must know every fixed node. Nodes are still numbered by first appearance in
/// what was read; the ranks then agree on one numbering (``CutGraph``'s
/// `renumberIDsAcross`).
///
/// ```swift
/// let graph = try EdgeListReader.read(edges: "graph.txt", terminals: "terminals.txt")
/// ```
public enum EdgeListReader {
    public static func read(
        edges edgePath: String, terminals terminalPath: String,
        labelCount requiredLabels: Int? = nil,
        shard: DataShard = .whole
    ) throws(FormatError) -> CutGraph {
        let nodes = IdentifierMap()
        let sources = GrowableBuffer<Int32>(), targets = GrowableBuffer<Int32>(), weights = GrowableBuffer<Float>()
        let reader = try LineReader(path: edgePath, shard: shard)
        while let line = try reader.nextLine() {
            var probe = FieldCursor(line)
            if probe.isBlankOrComment() { continue }
            let separator = RatingsReader.detect(line) == .comma ? RatingsReader.Separator.comma : .whitespace
            let fields = try RatingsReader.split(
                line, separator: separator, path: edgePath, lineNumber: reader.lineNumber)
            guard fields.count == 3 else {
                throw .malformed(
                    path: edgePath, line: reader.lineNumber, column: 1,
                    problem: "expected 'u v weight', got \(fields.count) fields")
            }
            guard let w = FieldCursor.float(fields[2].bytes), w.isFinite, w > 0 else {
                throw .malformed(
                    path: edgePath, line: reader.lineNumber, column: fields[2].column,
                    problem: "weight '\(FieldCursor.text(fields[2].bytes))' is not a finite number > 0")
            }
            let u = try nodes.index(
                of: fields[0].bytes, path: edgePath, line: reader.lineNumber, column: fields[0].column)
            let v = try nodes.index(
                of: fields[1].bytes, path: edgePath, line: reader.lineNumber, column: fields[1].column)
            guard u != v else {
                throw .malformed(
                    path: edgePath, line: reader.lineNumber, column: fields[1].column,
                    problem: "self loop on node \(FieldCursor.text(fields[0].bytes))")
            }
            sources.append(u)
            targets.append(v)
            weights.append(w)
        }
        guard sources.count > 0 else {
            if !shard.isWhole {
                throw .invalidData(
                    path: edgePath,
                    problem: "\(shard) of the file's lines holds no edges: the file is too small for this many ranks")
            }
            throw .empty(path: edgePath)
        }

        var fixed: [Int32: (label: Int32, line: Int)] = [:]
        var largestLabel: Int32 = -1
        let terminalReader = try LineReader(path: terminalPath)
        while let line = try terminalReader.nextLine() {
            var probe = FieldCursor(line)
            if probe.isBlankOrComment() { continue }
            let separator = RatingsReader.detect(line) == .comma ? RatingsReader.Separator.comma : .whitespace
            let fields = try RatingsReader.split(
                line, separator: separator, path: terminalPath,
                lineNumber: terminalReader.lineNumber)
            guard fields.count == 2 else {
                throw .malformed(
                    path: terminalPath, line: terminalReader.lineNumber, column: 1,
                    problem: "expected 'node label', got \(fields.count) fields")
            }
            guard let label = FieldCursor.integer(fields[1].bytes), label >= 0, label < Int(Int32.max) else {
                throw .malformed(
                    path: terminalPath, line: terminalReader.lineNumber, column: fields[1].column,
                    problem: "label '\(FieldCursor.text(fields[1].bytes))' is not an integer ≥ 0")
            }
            if let limit = requiredLabels, label >= limit {
                throw .malformed(
                    path: terminalPath, line: terminalReader.lineNumber, column: fields[1].column,
                    problem: "label \(label) is beyond the \(limit) labels required")
            }
            let node = try nodes.index(
                of: fields[0].bytes, path: terminalPath, line: terminalReader.lineNumber,
                column: fields[0].column)
            if let previous = fixed[node], previous.label != Int32(label) {
                throw .malformed(
                    path: terminalPath, line: terminalReader.lineNumber, column: fields[1].column,
                    problem:
                        "node \(FieldCursor.text(fields[0].bytes)) is already fixed to label \(previous.label) on "
                        + "line \(previous.line)"
                )
            }
            fixed[node] = (Int32(label), terminalReader.lineNumber)
            largestLabel = max(largestLabel, Int32(label))
        }
        guard !fixed.isEmpty else { throw .empty(path: terminalPath) }
        let labelCount = requiredLabels ?? max(2, Int(largestLabel) + 1)
        var labels = [Int32](repeating: -1, count: nodes.count)
        for (node, entry) in fixed { labels[Int(node)] = entry.label }
        do {
            return try CutGraph(
                nodeCount: nodes.count, labelCount: labelCount, sources: sources.take(),
                targets: targets.take(), weights: weights.take(), terminalLabels: OwnedBuffer(labels),
                nodeIDs: nodes.identifiers)
        } catch {
            throw .invalidData(path: edgePath, problem: error.description)
        }
    }
}

/// Writes a cut problem back as an edge list and a terminals file (original node ids
/// when known), so that reading them back gives the same graph.
public enum EdgeListWriter {
    public static func write(
        _ graph: CutGraph, edges edgePath: String, terminals terminalPath: String
    ) throws(FormatError) {
        func name(_ v: Int) -> String { graph.nodeIDs?[v] ?? String(v) }
        let out = try OutputFile(path: edgePath)
        for e in 0..<graph.edgeCount {
            try out.write(name(Int(graph.sources[e])))
            try out.write(" ")
            try out.write(name(Int(graph.targets[e])))
            try out.write(" ")
            try out.write(float: graph.weights[e])
            try out.write(byte: UInt8(ascii: "\n"))
        }
        try out.close()
        let terminals = try OutputFile(path: terminalPath)
        for v in 0..<graph.nodeCount where graph.terminalLabels[v] >= 0 {
            try terminals.write(name(v))
            try terminals.write(" ")
            try terminals.write(integer: Int(graph.terminalLabels[v]))
            try terminals.write(byte: UInt8(ascii: "\n"))
        }
        try terminals.close()
    }
}
