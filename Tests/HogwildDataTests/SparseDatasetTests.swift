import HogwildCore
@testable import HogwildData
import HogwildSupport
import HogwildTestSupport
import Testing

@Suite struct SparseDatasetTests {
    @Test func rowsReadBackAsBuilt() throws {
        let data = try SparseDataset(rowOffsets: [0, 2, 3], columns: [0, 4, 2], values: [1, 0.5, 2],
                                     labels: [1, -1], columnCount: 5)
        #expect(data.rowCount == 2 && data.columnCount == 5 && data.nonZeroCount == 3)
        #expect(Array(data.row(0).columns) == [0, 4])
        #expect(Array(data.row(1).values) == [2])
        #expect(data.row(1).label == -1)
    }

    @Test func memoryIsEightBytesPerNonZeroPlusEightPerRow() throws {
        let data = try RCV1Generator(rows: 2_000, features: 5_000, seed: 3).generate()
        #expect(data.memoryFootprint <= 8 * data.nonZeroCount + 8 * data.rowCount + 4)
    }

    @Test func columnOutOfRangeNamesRowAndEntry() {
        #expect(throws: DatasetError.columnOutOfRange(row: 1, position: 0, column: 7, columnCount: 5)) {
            try SparseDataset(rowOffsets: [0, 1, 2], columns: [1, 7], values: [1, 1], labels: [1, 1], columnCount: 5)
        }
        #expect(throws: DatasetError.columnOutOfRange(row: 0, position: 0, column: -1, columnCount: 5)) {
            try SparseDataset(rowOffsets: [0, 1], columns: [-1], values: [1], labels: [1], columnCount: 5)
        }
    }

    @Test func unsortedOrDuplicateColumnsAreRejected() {
        #expect(throws: DatasetError.unsortedColumns(row: 0, position: 1, previous: 3, column: 1)) {
            try SparseDataset(rowOffsets: [0, 2], columns: [3, 1], values: [1, 1], labels: [1])
        }
        #expect(throws: DatasetError.unsortedColumns(row: 0, position: 1, previous: 3, column: 3)) {
            try SparseDataset(rowOffsets: [0, 2], columns: [3, 3], values: [1, 1], labels: [1])
        }
    }

    @Test func nonFiniteValuesAndLabelsAreRejected() {
        #expect(throws: DatasetError.nonFiniteValue(row: 0, position: 1, value: .infinity)) {
            try SparseDataset(rowOffsets: [0, 2], columns: [0, 1], values: [1, .infinity], labels: [1])
        }
        #expect(throws: DatasetError.self) {
            try SparseDataset(rowOffsets: [0, 1], columns: [0], values: [1], labels: [.nan])
        }
    }

    @Test func inconsistentOffsetsAndLengthsAreRejected() {
        #expect(throws: DatasetError.self) {
            try SparseDataset(rowOffsets: [0, 2, 1], columns: [0, 1], values: [1, 1], labels: [1, 1])
        }
        #expect(throws: DatasetError.self) {
            try SparseDataset(rowOffsets: [1, 2], columns: [0, 1], values: [1, 1], labels: [1])
        }
        #expect(throws: DatasetError.self) {
            try SparseDataset(rowOffsets: [0, 2], columns: [0, 1], values: [1], labels: [1])
        }
        #expect(throws: DatasetError.self) {
            try SparseDataset(rowOffsets: [0, 2], columns: [0, 1], values: [1, 1], labels: [1, 1])
        }
    }

    @Test func builderAndSubsetKeepTheColumnSpace() throws {
        let builder = SparseDatasetBuilder(columnCount: 10)
        try builder.appendRow(columns: [1, 4] as [Int32], values: [0.5, 0.5] as [Float], label: 1)
        builder.append(column: 2, value: 3)
        try builder.endRow(label: -1)
        try builder.appendRow(columns: [] as [Int32], values: [] as [Float], label: 1)
        let data = try builder.build()
        #expect(data.rowCount == 3 && data.columnCount == 10)
        let subset = try data.subset([2, 0])
        #expect(subset.rowCount == 2 && subset.columnCount == 10)
        #expect(Array(subset.row(1).columns) == [1, 4])
        #expect(throws: DatasetError.self) { try data.subset([3]) }
    }
}

@Suite struct RCV1ShapeTests {
    @Test func hasTheShapeAskedFor() throws {
        let shape = RCV1Generator(rows: 4_000, features: 10_000, meanNonZeros: 40, seed: 5)
        let data = try shape.generate()
        #expect(data.rowCount == 4_000 && data.columnCount == 10_000)
        let mean = Double(data.nonZeroCount) / Double(data.rowCount)
        #expect(abs(mean - 40) < 4)
        let positive = data.labelArray.filter { $0 == 1 }.count
        #expect(abs(Double(positive) / 4_000 - 0.47) < 0.05)
    }

    @Test func rowsAreUnitLengthWithSortedUniqueColumns() throws {
        let data = try RCV1Generator(rows: 500, features: 2_000, seed: 1).generate()
        for r in 0..<data.rowCount {
            let row = data.row(r)
            #expect(zip(row.columns, row.columns.dropFirst()).allSatisfy { $0 < $1 })
            let norm = row.values.reduce(0) { $0 + $1 * $1 }
            #expect(abs(norm - 1) < 1e-4)
        }
    }

    @Test func featureFrequenciesAreSkewed() throws {
        let data = try RCV1Generator(rows: 3_000, features: 20_000, seed: 2).generate()
        var degree = [Int](repeating: 0, count: data.columnCount)
        for k in 0..<data.nonZeroCount { degree[Int(data.columns[k])] += 1 }
        // Zipf: the most common feature is in nearly every row, the median one in few.
        #expect(degree[0] > 2_500)
        #expect(degree.sorted()[10_000] < 30)
    }

    @Test func isDeterministicForASeed() throws {
        let a = try RCV1Generator(rows: 300, features: 1_000, seed: 8).generate()
        let b = try RCV1Generator(rows: 300, features: 1_000, seed: 8).generate()
        #expect(a.nonZeroCount == b.nonZeroCount)
        #expect(Array(a.row(17).columns) == Array(b.row(17).columns))
        #expect(a.labelArray == b.labelArray)
    }

    @Test func thePaperShapeHasThePapersCollisionShare() throws {
        // The paper's table: RCV1 has ρ = 0.44 (its Δ = 1.0 cannot hold beside it: ρ ≥ Δ − 1/|E|).
        let data = try RCV1Generator.paper(rows: 20_000, seed: 1).generate()
        let stats = SparsityStatistics(of: data)
        #expect(abs(stats.rho - 0.44) <= 0.05, "ρ \(stats.rho) ± \(stats.rhoError)")
        #expect(stats.omega <= 150 && stats.delta < 0.1, "Ω \(stats.omega), Δ \(stats.delta)")
        #expect(abs(Double(data.nonZeroCount) / 20_000 - 75) < 3)
        let hot = SparsityStatistics(of: try RCV1Generator.hot(rows: 20_000, seed: 1).generate())
        #expect(hot.delta > 0.95 && hot.rho > 0.99, "the hot shape: Δ \(hot.delta), ρ \(hot.rho)")
    }

    @Test func badShapesAreTypedErrors() {
        #expect(throws: DatasetError.self) { try RCV1Generator(rows: 10, maxNonZeros: 10).generate() }
        #expect(throws: DatasetError.self) { try RCV1Generator(rows: 10, rowLengthSpread: -1).generate() }
        #expect(throws: DatasetError.self) { try RCV1Generator(rows: 0).generate() }
        #expect(throws: DatasetError.self) { try RCV1Generator(rows: 10, features: 10, meanNonZeros: 11).generate() }
        #expect(throws: DatasetError.self) { try RCV1Generator(rows: 10, positiveFraction: 1).generate() }
    }
}

@Suite struct AliasTableTests {
    @Test func drawsFollowTheWeights() {
        let table = AliasTable(weights: [6, 3, 1, 0])
        var rng = Xoshiro256(seed: 4)
        var counts = [0, 0, 0, 0]
        for _ in 0..<100_000 { counts[table.sample(using: &rng)] += 1 }
        #expect(abs(Double(counts[0]) / 100_000 - 0.6) < 0.01)
        #expect(abs(Double(counts[1]) / 100_000 - 0.3) < 0.01)
        #expect(abs(Double(counts[2]) / 100_000 - 0.1) < 0.01)
        #expect(counts[3] == 0)
    }
}
