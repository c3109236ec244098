/// A dataset seen as the paper's hypergraph: terms (hyperedges) over vertices (the
/// coordinates, or groups of coordinates, a term touches). Sparsity statistics are
/// computed on this view.
public protocol Hypergraph {
    var termCount: Int { get }
    var vertexCount: Int { get }
    /// Appends the vertices of `term`, ascending and distinct, to `vertices`.
    func appendVertices(of term: Int, to vertices: inout [Int32])
}

/// Rows over features: the linear models.
extension SparseDataset: Hypergraph {
    public var termCount: Int { rowCount }
    public var vertexCount: Int { columnCount }
    public func appendVertices(of term: Int, to vertices: inout [Int32]) {
        for k in Int(rowOffsets[term])..<Int(rowOffsets[term + 1]) { vertices.append(columns[k]) }
    }
}

/// Ratings over users and items (vertex u for user u, userCount + v for item v): a
/// term touches its user's factor row and its item's.
extension RatingsDataset: Hypergraph {
    public var termCount: Int { count }
    public var vertexCount: Int { userCount + itemCount }
    public func appendVertices(of term: Int, to vertices: inout [Int32]) {
        vertices.append(entries[term].user)
        vertices.append(Int32(userCount) + entries[term].item)
    }
}

/// Edges over nodes; terminals are fixed (not coordinates), so an edge to a terminal
/// touches one vertex.
extension CutGraph: Hypergraph {
    public var termCount: Int { edgeCount }
    public var vertexCount: Int { nodeCount }
    public func appendVertices(of term: Int, to vertices: inout [Int32]) {
        let u = sources[term], v = targets[term]
        if terminalLabels[Int(u)] < 0 { vertices.append(u) }
        if terminalLabels[Int(v)] < 0 { vertices.append(v) }
    }
}
