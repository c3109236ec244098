import HogwildAutograd
import HogwildCore
import HogwildData
import HogwildPlatform
import HogwildSupport

/// A text as a sequence of symbol ids over the bytes it uses, cut into a training part
/// and a held-out tail, with the baselines a character model must beat.
///
/// ```swift
/// let corpus = try CharacterCorpus(bytes: try TextCorpusReader.read("descriptions.txt"), heldOut: 0.05)
/// print(corpus.vocabulary.count, corpus.unigramBits, corpus.bigramBits)
/// ```
public struct CharacterCorpus: Sendable {
    /// The distinct bytes of the text, in byte order; a symbol id indexes this.
    public let vocabulary: [UInt8]
    public let train: [Int32]
    public let heldOut: [Int32]
    public let source: String

    /// `heldOut` of the text (the tail: text is not exchangeable, so not a random sample) is kept for evaluation.
    public init(bytes: [UInt8], heldOut fraction: Double = 0.05, source: String = "text") throws(AutogradError) {
        guard bytes.count >= 64 else {
            throw .invalidArgument(
                operation: "CharacterCorpus", detail: "a corpus of \(bytes.count) bytes is too short (at least 64)")
        }
        guard fraction > 0, fraction < 1 else {
            throw .invalidArgument(
                operation: "CharacterCorpus", detail: "held-out fraction \(fraction) must be in (0, 1)")
        }
        var present = [Bool](repeating: false, count: 256)
        for b in bytes { present[Int(b)] = true }
        vocabulary = (0..<256).filter { present[$0] }.map { UInt8($0) }
        var index = [Int32](repeating: -1, count: 256)
        for (i, b) in vocabulary.enumerated() { index[Int(b)] = Int32(i) }
        let ids = bytes.map { index[Int($0)] }
        let cut = Int(Double(ids.count) * (1 - fraction))
        train = Array(ids[..<cut])
        heldOut = Array(ids[cut...])
        self.source = source
    }

    /// Part `shard` of the training text (a contiguous range) with the whole corpus's
    /// vocabulary and held-out text: a distributed job's rank's share, so every rank
    /// numbers the symbols alike and is measured on the same held-out text.
    ///
    /// ```swift
    /// let mine = try corpus.part(DataShard(index: rank, count: ranks)!)
    /// ```
    public func part(_ shard: DataShard) throws(AutogradError) -> CharacterCorpus {
        if shard.isWhole { return self }
        let range = shard.range(of: train.count)
        guard range.count >= 2 else {
            throw .invalidArgument(
                operation: "CharacterCorpus.part",
                detail: "\(train.count) training symbols are too few for \(shard.count) ranks")
        }
        return CharacterCorpus(
            vocabulary: vocabulary, train: Array(train[range]), heldOut: heldOut, source: "\(source), \(shard)")
    }

    /// Part `part` of the training text of the corpus in file `path`, read without the
    /// rest (a distributed rank's share: its memory falls with the number of ranks), with
    /// the whole corpus's vocabulary and held-out tail: the same as reading it whole and
    /// taking ``part(_:)``, from one pass that keeps nothing and one that keeps the part.
    ///
    /// ```swift
    /// let mine = try CharacterCorpus.read("descriptions.txt", part: DataShard(index: rank, count: ranks)!)
    /// ```
    public static func read(
        _ path: String, part: DataShard, heldOut fraction: Double = 0.05
    ) throws -> CharacterCorpus {
        if part.isWhole {
            return try CharacterCorpus(bytes: TextCorpusReader.read(path), heldOut: fraction, source: path)
        }
        let (count, present) = try TextCorpusReader.survey(path)
        guard count >= 64 else {
            throw AutogradError.invalidArgument(
                operation: "CharacterCorpus", detail: "a corpus of \(count) bytes is too short (at least 64)")
        }
        guard fraction > 0, fraction < 1 else {
            throw AutogradError.invalidArgument(
                operation: "CharacterCorpus", detail: "held-out fraction \(fraction) must be in (0, 1)")
        }
        let vocabulary = (0..<256).filter { present[$0] }.map { UInt8($0) }
        var index = [Int32](repeating: -1, count: 256)
        for (i, b) in vocabulary.enumerated() { index[Int(b)] = Int32(i) }
        let cut = Int(Double(count) * (1 - fraction))
        let range = part.range(of: cut)
        guard range.count >= 2 else {
            throw AutogradError.invalidArgument(
                operation: "CharacterCorpus.part", detail: "\(cut) training symbols are too few for \(part.count) ranks"
            )
        }
        let bytes = try TextCorpusReader.read(path, ranges: [range, cut..<count])
        return CharacterCorpus(
            vocabulary: vocabulary, train: bytes[0].map { index[Int($0)] }, heldOut: bytes[1].map { index[Int($0)] },
            source: "\(path), \(part)")
    }

    private init(vocabulary: [UInt8], train: [Int32], heldOut: [Int32], source: String) {
        self.vocabulary = vocabulary
        self.train = train
        self.heldOut = heldOut
        self.source = source
    }

    /// The text of symbol ids.
    public func text(_ ids: some Sequence<Int32>) -> String {
        String(decoding: ids.map { vocabulary[Int($0)] }, as: UTF8.self)
    }

    /// Symbol ids of `text`, or nil if it uses a byte the corpus never has.
    public func ids(_ text: String) -> [Int32]? {
        var result: [Int32] = []
        for b in text.utf8 {
            guard let i = vocabulary.firstIndex(of: b) else { return nil }
            result.append(Int32(i))
        }
        return result
    }

    /// Held-out cross-entropy, in bits per character, of the training text's symbol
    /// frequencies (add-one smoothed): what a model that ignores context achieves.
    public var unigramBits: Double {
        let v = vocabulary.count
        var counts = [Double](repeating: 1, count: v)
        for s in train { counts[Int(s)] += 1 }
        let total = counts.reduce(0, +)
        var bits = 0.0
        for s in heldOut { bits -= log2(counts[Int(s)] / total) }
        return bits / Double(heldOut.count)
    }

    /// Held-out cross-entropy, in bits per character, of the training text's bigram
    /// statistics, P(next | previous) add-one smoothed: the one-character-context baseline.
    public var bigramBits: Double {
        let v = vocabulary.count
        var pairs = [Double](repeating: 1, count: v * v)
        var rows = [Double](repeating: Double(v), count: v)
        for i in 1..<train.count {
            pairs[Int(train[i - 1]) * v + Int(train[i])] += 1
            rows[Int(train[i - 1])] += 1
        }
        var bits = 0.0
        for i in 1..<heldOut.count {
            let a = Int(heldOut[i - 1]), b = Int(heldOut[i])
            bits -= log2(pairs[a * v + b] / rows[a])
        }
        return bits / Double(heldOut.count - 1)
    }

    /// Generated stand-in text: sentences of words drawn from a Zipf-weighted lexicon of
    /// made-up words, each word favouring a few successors — spelling and word order to
    /// learn, so a character model can beat both baselines without any real corpus.
    public static func synthetic(bytes count: Int, seed: UInt64 = 1) -> [UInt8] {
        var random = Xoshiro256(seed: seed)
        let letters = Array("etaoinshrdlcumwfgypbvk".utf8)
        let lexicon: [[UInt8]] = (0..<300).map { _ in
            (0..<(2 + random.next(below: 7))).map { _ in
                letters[min(letters.count - 1, Int(Double(letters.count) * pow(random.nextUnitDouble(), 1.6)))]
            }
        }
        let successors = (0..<lexicon.count).map { _ in (0..<4).map { _ in random.next(below: 300) } }
        var text: [UInt8] = []
        text.reserveCapacity(count + 16)
        var word = 0, length = 0
        while text.count < count {
            word =
                random.next(below: 10) < 7
                ? successors[word][random.next(below: 4)] : Int(pow(random.nextUnitDouble(), 3) * 300)
            text += lexicon[word]
            length += 1
            if length >= 6 + random.next(below: 8) {
                text += Array(".\n".utf8)
                length = 0
            } else {
                text.append(UInt8(ascii: " "))
            }
        }
        return Array(text.prefix(count))
    }
}
