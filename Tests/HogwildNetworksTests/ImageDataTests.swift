import Foundation
import HogwildData
import HogwildNetworks
import HogwildTestSupport
import Testing

/// IDX files written here byte by byte: the format's header and what goes wrong with it.
@Suite struct ImageDataTests {
    static func idx(_ extents: [Int], _ data: [UInt8], type: UInt8 = 0x08) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, type, UInt8(extents.count)]
        for e in extents { bytes += [UInt8(e >> 24 & 255), UInt8(e >> 16 & 255), UInt8(e >> 8 & 255), UInt8(e & 255)] }
        return bytes + data
    }

    func writeSet(_ directory: TemporaryDirectory, gzip: Bool, count: Int = 3, labels: [UInt8]? = nil) {
        let suffix = gzip ? ".gz" : ""
        let pixels = (0..<(count * 4)).map { UInt8($0 * 20 % 256) }
        for prefix in ["train", "t10k"] {
            directory.writeBytes("\(prefix)-images-idx3-ubyte\(suffix)", Self.idx([count, 2, 2], pixels), gzip: gzip)
            directory.writeBytes("\(prefix)-labels-idx1-ubyte\(suffix)", Self.idx([count], labels ?? (0..<count).map { UInt8($0 % 10) }), gzip: gzip)
        }
    }

    @Test(arguments: [false, true])
    func readsADirectoryPlainOrCompressed(_ gzip: Bool) throws {
        let directory = TemporaryDirectory()
        writeSet(directory, gzip: gzip)
        let split = try ImageData.readDirectory(directory.path, batchSize: 2)
        #expect(split.train.count == 3 && split.test.count == 3 && split.train.height == 2 && split.train.width == 2)
        #expect(split.train.labels == [0, 1, 2])
        #expect(abs(split.train.pixels[1] - 20.0 / 255) < 1e-6 && abs(split.train.pixels[11] - 220.0 / 255) < 1e-6)
        #expect(split.train.batchCount == 2)
    }

    /// A rank reads only its part of the training images: the parts are the whole
    /// set's images and labels in order, each once (plain and .gz), and the test set is whole.
    @Test(arguments: [false, true])
    func partsOfTheTrainingImagesAreTheWholeEachOnce(_ gzip: Bool) throws {
        let directory = TemporaryDirectory()
        writeSet(directory, gzip: gzip, count: 7)
        let whole = try ImageData.readDirectory(directory.path, batchSize: 2)
        var pixels: [Float] = [], labels: [Int32] = []
        for i in 0..<3 {
            let part = DataShard(index: i, count: 3)!
            let split = try ImageData.readDirectory(directory.path, batchSize: 2, trainPart: part)
            #expect(split.trainPart == part && split.test.count == 7)
            #expect(split.train.labels == (try whole.train.part(part)).labels)
            pixels += split.train.pixels
            labels += split.train.labels
        }
        #expect(pixels == whole.train.pixels && labels == whole.train.labels)
        // Files that disagree on the count are found from their headers, not the parts.
        let mismatched = TemporaryDirectory()
        writeSet(mismatched, gzip: gzip, count: 6)
        mismatched.writeBytes("train-labels-idx1-ubyte" + (gzip ? ".gz" : ""), Self.idx([7], [UInt8](repeating: 1, count: 7)), gzip: gzip)
        #expect(throws: FormatError.self) {
            try ImageData.readDirectory(mismatched.path, batchSize: 2, trainPart: DataShard(index: 0, count: 2)!)
        }
    }

    /// Parts past the readers' 1 MiB blocks: an IDX part after more than a block of
    /// skipped images, text parts that start and end inside later blocks.
    @Test(arguments: [false, true])
    func partsSpanningManyBlocksAreThePartsOfTheWhole(_ gzip: Bool) throws {
        let directory = TemporaryDirectory()
        let count = 3_000  // 2.35 MB of 28×28 images
        let pixels = (0..<(count * 784)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
        let suffix = gzip ? ".gz" : ""
        let path = directory.writeBytes("images\(suffix)", Self.idx([count, 28, 28], pixels), gzip: gzip)
        let whole = try IDXReader.read(path)
        for i in 0..<3 {
            let part = DataShard(index: i, count: 3)!
            let read = try IDXReader.read(path, part: part)
            let items = part.range(of: count)
            #expect(read.bytes == Array(whole.bytes[(items.lowerBound * 784)..<(items.upperBound * 784)]))
            #expect(read.fileCount == count && read.firstItem == items.lowerBound && read.extents == [items.count, 28, 28])
        }
        let line = (0..<977).map { "word\($0)" }.joined(separator: " ") + "\n"  // 7 kB
        let text = String(repeating: line, count: 170)  // 1.2 MB: parts cross a block
        let corpus = gzip ? directory.writeGzip("big.txt.gz", text) : directory.write("big.txt", text)
        let all = try CharacterCorpus(bytes: Array(text.utf8), heldOut: 0.05)
        for i in 0..<3 {
            let part = DataShard(index: i, count: 3)!
            let read = try CharacterCorpus.read(corpus, part: part)
            #expect(read.train == (try all.part(part)).train && read.heldOut == all.heldOut)
        }
    }

    /// A rank reads only its part of a text corpus: the same corpus as reading it whole
    /// and taking the part (vocabulary, part, held-out tail).
    @Test(arguments: [false, true])
    func aPartOfATextCorpusIsThePartOfTheWhole(_ gzip: Bool) throws {
        let directory = TemporaryDirectory()
        let text = String(repeating: "the quick brown fox jumps over the lazy dog; ", count: 40) + "zebra!"
        let path = gzip ? directory.writeGzip("t.txt.gz", text) : directory.write("t.txt", text)
        let whole = try CharacterCorpus(bytes: Array(text.utf8), heldOut: 0.05)
        for i in 0..<3 {
            let part = DataShard(index: i, count: 3)!
            let read = try CharacterCorpus.read(path, part: part)
            let cut = try whole.part(part)
            #expect(read.vocabulary == whole.vocabulary && read.train == cut.train && read.heldOut == whole.heldOut)
        }
    }

    @Test func headerProblemsNameTheFileAndOffset() throws {
        let directory = TemporaryDirectory()
        let cases: [(String, [UInt8], String)] = [
            ("magic", [1, 0, 8, 1, 0, 0, 0, 1, 5], "magic.idx:0: not an IDX file"),
            ("type", Self.idx([1], [5], type: 0x0D), "type.idx:2: IDX type code 0xd"),
            ("rank", [0, 0, 8, 7], "rank.idx:3: 7 dimensions"),
            ("short", Self.idx([4, 2, 2], [UInt8](repeating: 1, count: 10)), "short.idx:26: the file ends inside the data declared as 4×2×2 (10 of 16 bytes)"),
            ("long", Self.idx([2], [1, 2, 3]), "long.idx:10: bytes follow the declared data"),
            ("zero", Self.idx([0, 28, 28], []), "zero.idx:4: extent 1 is 0"),
            ("huge", Self.idx([2_000_000_000, 28, 28], [1, 2]), "huge.idx:8: the declared extents 2000000000×28…"),
            ("header", [0, 0, 8, 3, 0, 0], "header.idx:6: the file ends inside the 3 extents (2 of 12 bytes)"),
        ]
        for (name, bytes, message) in cases {
            let path = directory.writeBytes("\(name).idx", bytes)
            do {
                _ = try IDXReader.read(path)
                Issue.record("\(name): must be refused")
            } catch {
                #expect("\(error)".hasPrefix(directory.path + "/" + message), "\(name): \(error)")
            }
        }
    }

    /// Half of a valid .gz is an error, never a smaller data set.
    @Test func aCutCompressedFileIsAnError() throws {
        let directory = TemporaryDirectory()
        let whole = directory.writeBytes("whole.gz", Self.idx([500, 4, 4], (0..<8_000).map { UInt8($0 % 251) }), gzip: true)
        let compressed = try TextCorpusReader.read(whole, maximumBytes: 1 << 20)   // decompressed
        #expect(compressed.count == 16 + 8_000)
        let raw = try rawBytes(whole)
        let half = directory.writeBytes("half.gz", Array(raw[..<(raw.count / 2)]))
        #expect(throws: FormatError.self) { try IDXReader.read(half) }
        #expect(throws: FormatError.self) { try TextCorpusReader.read(half) }
    }

    @Test func labelsMustFitTheImagesAndClasses() throws {
        let directory = TemporaryDirectory()
        writeSet(directory, gzip: false, labels: [0, 12, 1])
        #expect(throws: FormatError.malformedAt(path: directory.file("train-labels-idx1-ubyte"), offset: 9,
                                                problem: "label 12 is not one of the 10 classes 0...9")) {
            try ImageData.readDirectory(directory.path, batchSize: 2)
        }
        let other = TemporaryDirectory()
        #expect(throws: FormatError.self) { try ImageData.readDirectory(other.path, batchSize: 2) }
        let mismatched = TemporaryDirectory()
        writeSet(mismatched, gzip: false)
        mismatched.writeBytes("train-labels-idx1-ubyte", Self.idx([2], [0, 1]))
        #expect(throws: FormatError.self) { try ImageData.readDirectory(mismatched.path, batchSize: 2) }
    }

    @Test func anEmptyTextIsAnError() throws {
        let directory = TemporaryDirectory()
        #expect(throws: FormatError.empty(path: directory.file("empty.txt"))) {
            try TextCorpusReader.read(directory.write("empty.txt", ""))
        }
        #expect(try TextCorpusReader.read(directory.writeGzip("t.gz", "héllo")) == Array("héllo".utf8))
    }

    func rawBytes(_ path: String) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else { throw FormatError.cannotOpen(path: path, reason: "test") }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n == 0 { break }
            bytes += buffer[0..<n]
        }
        return bytes
    }
}
