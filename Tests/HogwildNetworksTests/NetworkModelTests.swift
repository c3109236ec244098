import HogwildAutograd
import HogwildCore
import HogwildNetworks
import Testing

/// Each model of the zoo trained on generated data to a goal it can only reach by
/// learning. One worker, so that the verdict is the same on every run and under any
/// load (a 2-worker run's result depends on how the workers interleave; the schemes'
/// parallel training is checked with bounds that hold for any interleaving in
/// `NetworkTrainingTests`).
@Suite struct NetworkModelTests {
    static let split = try! ImageData.synthetic(train: 1_500, test: 400, batchSize: 32, seed: 3)

    func train<M: DifferentiableModel>(_ model: M, epochs: Int, step: Float = 0.002) throws -> [Float] {
        let x = try SharedParameters(count: model.parameterCount)
        try x.copyIn(model.initialParameters(seed: 1))
        let configuration = TrainingConfiguration(threads: 1, epochs: epochs, schedule: .constant(step), evaluateEveryEpoch: false)
        _ = try AnyTrainer(objective: try NetworkObjective(model), scheme: .hogwild, optimizer: OptimizerChoice(Adam()), configuration: configuration).run(on: x)
        return x.copyOut()
    }

    @Test func classifiersLearnTheStandIn() throws {
        for (name, network, epochs, goal) in [("softmax", ModelZoo.softmaxRegression(), 4, 0.9),
                                              ("mlp", ModelZoo.mlp(hidden: [64]), 3, 0.95),
                                              ("cnn", ModelZoo.cnn(dropout: 0.1), 3, 0.9),
                                              ("gru rows", ModelZoo.rowSequenceClassifier(cell: .gru, hidden: 32), 5, 0.7)] {
            let model = ImageClassifier(network: network, data: Self.split.train)
            let before = try model.evaluate(on: Self.split.test, parameters: model.initialParameters(seed: 1)).accuracy
            let parameters = try train(model, epochs: epochs)
            let after = try model.evaluate(on: Self.split.test, parameters: parameters)
            #expect(after.accuracy >= goal, "\(name): test accuracy \(after.accuracy) (from \(before))")
            let predictions = try model.predict(Self.split.test, parameters: parameters)
            let agreement = zip(predictions, Self.split.test.labels).filter { $0 == $1 }.count
            #expect(Double(agreement) / Double(predictions.count) == after.accuracy, "\(name): predict agrees with evaluate")
        }
    }

    @Test func autoencoderSeparatesItsClassFromTheOthers() throws {
        let normal: Int32 = 2
        let model = Autoencoder(network: ModelZoo.autoencoder(hidden: [64], code: 8), data: try Self.split.train.only(label: normal))
        #expect(model.data.labels.allSatisfy { $0 == normal } && model.data.count > 100)
        let parameters = try train(model, epochs: 15, step: 0.003)
        let scores = try model.anomalyScores(Self.split.test, parameters: parameters)
        let auc = rocAUC(scores: scores, positive: Self.split.test.labels.map { $0 != normal })
        #expect(auc >= 0.8, "AUC \(auc)")
    }

    @Test func characterModelBeatsBothBaselinesAndSamplesFromItsVocabulary() throws {
        let corpus = try CharacterCorpus(bytes: CharacterCorpus.synthetic(bytes: 60_000, seed: 4), heldOut: 0.1)
        #expect(corpus.bigramBits < corpus.unigramBits)
        let model = try CharLanguageModel(corpus: corpus, cell: .lstm, hidden: 64, embedding: 16, sequenceLength: 32, batchSize: 16)
        let before = try model.heldOutBits(parameters: model.initialParameters(seed: 1))
        let parameters = try train(model, epochs: 4, step: 0.005)
        let bits = try model.heldOutBits(parameters: parameters)
        #expect(bits < corpus.bigramBits - 0.2, "held-out \(bits) bits/char (from \(before)); bigram \(corpus.bigramBits), unigram \(corpus.unigramBits)")
        let text = try model.sample(length: 80, parameters: parameters, seed: 9)
        #expect(text.utf8.count == 80 && text.utf8.allSatisfy { corpus.vocabulary.contains($0) })
        #expect(try model.sample(length: 40, parameters: parameters, seed: 9) == String(text.utf8.prefix(40))!,
                "sampling is deterministic in its seed")
    }

    @Test func rocAUCCountsOrderedPairs() {
        #expect(rocAUC(scores: [0.9, 0.8, 0.1, 0.2], positive: [true, true, false, false]) == 1)
        #expect(rocAUC(scores: [0.1, 0.2, 0.9, 0.8], positive: [true, true, false, false]) == 0)
        #expect(rocAUC(scores: [0.5, 0.5, 0.5, 0.5], positive: [true, false, true, false]) == 0.5)
        #expect(rocAUC(scores: [0.3, 0.1, 0.2, 0.4], positive: [true, false, false, true]) == 1)
        #expect(abs(rocAUC(scores: [0.3, 0.35, 0.2, 0.4], positive: [true, false, false, true]) - 0.75) < 1e-12)
        #expect(rocAUC(scores: [1, 2], positive: [true, true]).isNaN)
    }

    @Test func corpusBaselinesAndIds() throws {
        let corpus = try CharacterCorpus(bytes: Array(String(repeating: "abab cdcd ", count: 50).utf8), heldOut: 0.2)
        #expect(corpus.vocabulary == Array("abcd ".utf8).sorted())
        #expect(corpus.text(corpus.ids("abc d")!) == "abc d")
        #expect(corpus.ids("xyz") == nil)
        // A strictly periodic text: one character of context almost determines the next.
        #expect(corpus.bigramBits < 0.8 && corpus.unigramBits > 2)
        #expect(throws: AutogradError.self) { try CharacterCorpus(bytes: Array("short".utf8)) }
    }
}
