import HogwildAutograd
import HogwildData
import HogwildNetworks
import Testing

/// A distributed job's ranks each train on a part of the images or text: the parts
/// are the whole, in order, each item once, and keep what every rank must share.
@Suite struct DataPartTests {
    @Test(arguments: [2, 3, 7])
    func imagePartsAreTheWholeSetInOrder(parts: Int) throws {
        let images = try ImageData.synthetic(train: 100, test: 10, batchSize: 8, seed: 3).train
        let pieces = try (0..<parts).map { try images.part(DataShard(index: $0, count: parts)!) }
        #expect(pieces.flatMap(\.labels) == images.labels)
        // Counted and compared apart from #expect: on a mismatch it would diff the
        // 78,400 pixels (quadratic in the difference; a whole set per part took minutes).
        let pixels = pieces.flatMap(\.pixels)
        #expect(pixels.count == images.pixels.count)
        let samePixels = pixels == images.pixels
        #expect(samePixels, "the parts' pixels, in order, are the set's")
        #expect(pieces.allSatisfy { $0.batchSize == 8 && $0.classes == images.classes && $0.count < images.count })
        let few = try ImageData.synthetic(train: 2, test: 2, batchSize: 8).train
        #expect(throws: AutogradError.self) { try few.part(DataShard(index: 0, count: 3)!) }
    }

    @Test(arguments: [2, 5])
    func textPartsShareTheVocabularyAndHeldOutText(parts: Int) throws {
        let corpus = try CharacterCorpus(bytes: Array("the quick brown fox jumps over the lazy dog, again and again. ".utf8) + Array("QJKW".utf8))
        let pieces = try (0..<parts).map { try corpus.part(DataShard(index: $0, count: parts)!) }
        #expect(pieces.flatMap(\.train) == corpus.train)
        // The whole text's symbols, even those no part's training text has (the held-out "QJKW").
        #expect(corpus.heldOut == corpus.ids("QJKW"))
        #expect(pieces.allSatisfy { $0.vocabulary == corpus.vocabulary && $0.heldOut == corpus.heldOut })
        #expect(throws: AutogradError.self) { try corpus.part(DataShard(index: 0, count: corpus.train.count)!) }
    }
}
