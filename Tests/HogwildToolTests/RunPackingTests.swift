import Testing

@testable import HogwildDistributed

/// The asynchronous exchange's packing: runs split at the owners' slices, one indexed
/// operation per owner, and the values from before put back where they came from.
@Suite struct RunPackingTests {
    @Test func runsAreSplitAtOwnersAndPutBackInPlace() {
        // 30 floats among 3 owners: [0, 10), [10, 20), [20, 30).
        let slices = [0..<10, 10..<20, 20..<30]
        let runs = [2..<4, 8..<13, 15..<16, 19..<25]
        let deltas = (0..<30).map { Float($0) }
        var packing = RunPacking()
        packing.pack(runs, owners: 3, slice: { slices[$0] }, owner: { $0 / 10 }) { run, out in
            for (i, k) in run.enumerated() { out[i] = deltas[k] }
        }
        #expect(packing.operations.map(\.owner) == [0, 1, 2])
        #expect(packing.lengths == [2, 2, 3, 1, 1, 5])
        #expect(packing.displacements == [2, 8, 0, 5, 9, 0])
        #expect(packing.out.prefix(14) == [2, 3, 8, 9, 10, 11, 12, 15, 19, 20, 21, 22, 23, 24])
        #expect(packing.operations.map(\.floats) == [0..<4, 4..<9, 9..<14])
        #expect(packing.operations.map(\.runs) == [0..<2, 2..<5, 5..<6])
        // The owners' values from before come back packed; the copy is those plus the deltas.
        for i in 0..<14 { packing.back[i] = 100 }
        var vector = [Float](repeating: -1, count: 30)
        vector.withUnsafeMutableBufferPointer { packing.unpack(into: $0.baseAddress!) }
        for k in 0..<30 {
            let inRun = runs.contains { $0.contains(k) }
            #expect(vector[k] == (inRun ? 100 + Float(k) : -1), "coordinate \(k)")
        }
    }

    @Test func anOwnerWithNothingChangedGetsNoOperation() {
        var packing = RunPacking()
        // Runs in any order come out grouped by owner, each owner's in the order given.
        packing.pack([25..<27, 0..<3, 28..<29], owners: 3, slice: { [0..<10, 10..<20, 20..<30][$0] }, owner: { $0 / 10 })
        { run, out in
            for i in 0..<run.count { out[i] = Float(run.lowerBound + i) }
        }
        #expect(packing.operations.map(\.owner) == [0, 2])
        #expect(packing.displacements == [0, 5, 8])
        #expect(packing.packedRuns == [0..<3, 25..<27, 28..<29])
        #expect(packing.out.prefix(6) == [0, 1, 2, 25, 26, 28])
    }
}
