import HogwildCore
@testable import HogwildData
import HogwildSupport
import HogwildTestSupport
import Testing

@Suite struct RenumberingTests {
    @Test func featuresAreRenumberedByFrequencyAndRowsKeepTheirValues() throws {
        // Feature 3 is in every row; 0 and 2 in one each (ties keep their order); 1 in none.
        let data = try SparseDataset(rowOffsets: [0, 2, 4, 5], columns: [0, 3, 2, 3, 3], values: [1, 2, 3, 4, 5],
                                     labels: [1, -1, 1], columnCount: 4)
        let (renumbered, map) = try data.renumberedByFrequency()
        #expect(map.newIndex == [1, 3, 2, 0])
        #expect(Array(renumbered.row(0).columns) == [0, 1] && Array(renumbered.row(0).values) == [2, 1])
        #expect(renumbered.labelArray == data.labelArray && renumbered.nonZeroCount == 5)
        let test = try SparseDataset(rowOffsets: [0, 1], columns: [0], values: [9], labels: [1], columnCount: 4)
        let renumberedTest = try test.renumbered(by: map)   // rows are views: keep the dataset alive
        #expect(Array(renumberedTest.row(0).columns) == [1])
        #expect(map.oldIndex == [3, 0, 2, 1])
    }

    @Test func ratingsRenumberingMovesTheIdsAlong() throws {
        let ratings = try RatingsDataset(users: [0, 1, 1, 1], items: [2, 2, 0, 1], ratings: [1, 2, 3, 4])
        let (renumbered, users, items) = try ratings.renumberedByDegree()
        #expect(users.newIndex == [1, 0] && items.newIndex == [1, 2, 0])
        #expect(renumbered[0] == Rating(user: 1, item: 0, value: 1))
        let dir = TemporaryDirectory()
        let path = dir.write("r.txt", "a x 1\nb x 2\nb y 3\nb z 4\n")
        let read = try RatingsReader.read(path).dataset.renumberedByDegree().dataset
        #expect(read.userIDs == ["b", "a"] && read.itemIDs?.first == "x")
    }

    /// The in-place renumbering the catalog uses on generated sets gives what the
    /// copying one gives, and copies instead when another reference holds the set.
    @Test func renumberingInPlaceMatchesTheCopy() throws {
        var sparse = try RCV1Generator(rows: 300, features: 500, seed: 3).generate()
        let (copied, copiedMap) = try sparse.renumberedByFrequency()
        let map = try SparseDataset.renumberByFrequencyInPlace(&sparse)
        #expect(map.newIndex == copiedMap.newIndex)
        for r in 0..<sparse.rowCount {
            #expect(Array(sparse.row(r).columns) == Array(copied.row(r).columns) && Array(sparse.row(r).values) == Array(copied.row(r).values))
        }
        var ratings = try RatingsGenerator.netflix(scale: 0.0001, seed: 2).generate()
        let kept = ratings   // a second reference: renumbering must not touch what it sees
        let before = (0..<kept.count).map { kept[$0] }
        let (expected, _, _) = try kept.renumberedByDegree()
        _ = try RatingsDataset.renumberByDegreeInPlace(&ratings)
        #expect((0..<kept.count).map { kept[$0] } == before)
        #expect((0..<ratings.count).map { ratings[$0] } == (0..<expected.count).map { expected[$0] })
        var alone = try RatingsGenerator.netflix(scale: 0.0001, seed: 2).generate()
        _ = try RatingsDataset.renumberByDegreeInPlace(&alone)
        #expect((0..<alone.count).map { alone[$0] } == (0..<expected.count).map { expected[$0] })
        // Ids move with their users and items.
        let entries = [Rating(user: 0, item: 1, value: 1), Rating(user: 1, item: 1, value: 2), Rating(user: 1, item: 0, value: 3)]
        var named = try RatingsDataset(entries: OwnedBuffer(entries), userCount: 2, itemCount: 2, userIDs: ["ann", "bob"], itemIDs: ["x", "y"])
        let (copy, _, _) = try named.renumberedByDegree()
        _ = try RatingsDataset.renumberByDegreeInPlace(&named)
        #expect(named.userIDs == copy.userIDs && named.itemIDs == copy.itemIDs && named.userIDs == ["bob", "ann"])
        #expect((0..<3).map { named[$0] } == (0..<3).map { copy[$0] })
    }
}
