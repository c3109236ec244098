import Testing
import HogwildTestSupport
@testable import HogwildData

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
}
