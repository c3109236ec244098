import HogwildCore
import HogwildData

/// A solved multiway cut, out of the shared buffer: every node's label in the rounded
/// solution, with the graph file's node ids when it had them. Saves to and loads from
/// a ``ModelFile``; what a cut "predicts" is these labels.
///
/// ```swift
/// let labelling = cut.labelling(parameters: x)
/// try labelling.save(to: "cut.model")
/// let same = try CutLabelling.load(from: "cut.model")
/// print(same.label(ofNode: "17") ?? -1)
/// ```
public struct CutLabelling: Sendable, Equatable {
    /// Label of node v (0-based, < labelCount).
    public var labels: [Int32]
    public var labelCount: Int
    /// The edge file's id of each node, when it had ids.
    public var nodeIDs: [String]?

    public init(labels: [Int32], labelCount: Int, nodeIDs: [String]? = nil) {
        self.labels = labels
        self.labelCount = labelCount
        self.nodeIDs = nodeIDs
    }

    /// The label of the node with file id `id` (nil: no ids, or an unknown id).
    public func label(ofNode id: String) -> Int32? {
        nodeIDs?.firstIndex(of: id).map { labels[$0] }
    }

    static let fileKind = "cut"

    /// Saves the labelling (atomically; see ``ModelFile``).
    public func save(to path: String) throws(ModelFileError) {
        var settings = ["labels": "\(labelCount)"]
        if let nodeIDs { settings["nodeIDs"] = nodeIDs.joined(separator: "\n") }
        try ModelFile(kind: Self.fileKind, settings: settings, arrays: ["labels": labels.map { Float($0) }])
            .write(to: path)
    }

    /// Loads a labelling saved by ``save(to:)``.
    public static func load(from path: String) throws(ModelFileError) -> CutLabelling {
        let file = try ModelFile.read(from: path, kind: fileKind)
        let text = try file.setting("labels", path: path)
        guard let count = Int(text), count >= 2 else {
            throw .invalidContent(path: path, reason: "label count '\(text)' is not ≥ 2")
        }
        let values = try file.array("labels", path: path)
        var labels: [Int32] = []
        labels.reserveCapacity(values.count)
        for value in values {
            guard value >= 0, value < Float(count), value == value.rounded() else {
                throw .invalidContent(path: path, reason: "label \(value) is not one of 0...\(count - 1)")
            }
            labels.append(Int32(value))
        }
        let ids = file.settings["nodeIDs"].map {
            $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        if let ids, ids.count != labels.count {
            throw .invalidContent(path: path, reason: "\(ids.count) node ids for \(labels.count) nodes")
        }
        return CutLabelling(labels: labels, labelCount: count, nodeIDs: ids)
    }
}

extension GraphCut {
    /// The rounded solution in `parameters` with the graph's node ids.
    public func labelling(parameters: SharedParameters) -> CutLabelling {
        CutLabelling(labels: roundedLabels(parameters: parameters), labelCount: k, nodeIDs: graph.nodeIDs)
    }
}
