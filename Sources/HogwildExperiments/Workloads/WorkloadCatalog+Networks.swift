import HogwildAutograd
import HogwildCore
import HogwildData
import HogwildNetworks

extension WorkloadCatalog {
    /// A network of the zoo on images (an IDX directory or the synthetic stand-in) or
    /// text (a corpus file or generated text), with the settings' defaults filled in.
    /// With a `shard`, it trains on that part of the training images (text) and is
    /// measured on the whole test set: a rank reads only its part of IDX images and of a
    /// text file (generated data are made whole and cut), so every rank holds the same
    /// test set and text vocabulary.
    static func network(
        _ spec: WorkloadSpec, _ kind: WorkloadSpec.Kind, _ settings: NetworkSettings,
        _ schedule: StepSchedule, shard: DataShard = .whole
    ) throws -> any Workload {
        try checkNetworkSettings(settings)
        let cell: RecurrentCell? = kind == .lstm ? .lstm : kind == .gru ? .gru : kind == .rnn ? .rnn : nil
        switch spec.source {
        case .text(let path):
            guard let cell else { throw WorkloadError.dataDoesNotFitModel(data: "a text file", model: kind.rawValue) }
            // A rank reads only its part of the text (and the held-out tail).
            let corpus = try CharacterCorpus.read(path, part: shard)
            return try language(
                spec, corpus, cell, settings, schedule,
                summary: "\(path): \(corpus.train.count + corpus.heldOut.count) bytes")
        case .synthetic(let data, let scale) where data == .text:
            guard let cell else { throw WorkloadError.dataDoesNotFitModel(data: data.rawValue, model: kind.rawValue) }
            try checkScale(scale, of: data)
            let bytes = max(4_096, Int(4_000_000 * (scale ?? data.quickScale)))
            let corpus = try CharacterCorpus(
                bytes: CharacterCorpus.synthetic(bytes: bytes, seed: spec.seed), source: "synthetic"
            )
            .part(shard)
            return try language(
                spec, corpus, cell, settings, schedule, summary: "generated text (made-up words): \(bytes) bytes")
        case .images(let directory):
            return try images(
                spec, kind, cell, settings, schedule,
                split: ImageData.readDirectory(
                    directory, batchSize: settings.batch,
                    // A rank reads only its training images; an autoencoder picks its class from all of them.
                    trainPart: kind == .autoencoder ? .whole : shard),
                shard: shard)
        case .synthetic(let data, let scale) where data == .images:
            try checkScale(scale, of: data)
            let size = scale ?? data.quickScale
            let split = try ImageData.synthetic(
                train: max(10, Int(60_000 * size)), test: max(10, Int(10_000 * size)),
                batchSize: settings.batch, seed: spec.seed)
            return try images(spec, kind, cell, settings, schedule, split: split, shard: shard)
        case .synthetic(let data, _):
            throw WorkloadError.dataDoesNotFitModel(data: data.rawValue, model: kind.rawValue)
        case .libsvm, .ratings, .edges:
            throw WorkloadError.dataDoesNotFitModel(data: "this file", model: kind.rawValue)
        }
    }

    static func checkNetworkSettings(_ s: NetworkSettings) throws {
        func positive(_ name: String, _ value: Int) throws {
            guard value >= 1 else {
                throw WorkloadError.invalidSetting(name: name, value: "\(value)", expected: "an integer ≥ 1")
            }
        }
        try positive("batch", s.batch)
        try positive("sequence length", s.sequenceLength)
        try positive("embedding", s.embedding)
        try positive("code", s.code)
        for h in s.hidden ?? [] { try positive("hidden size", h) }
        if let c = s.channels {
            guard c.count == 2 else {
                throw WorkloadError.invalidSetting(name: "channels", value: "\(c)", expected: "two widths, e.g. 10,20")
            }
            for w in c { try positive("channels", w) }
        }
        if let p = s.dropout, !(p >= 0 && p < 1) {
            throw WorkloadError.invalidSetting(name: "dropout", value: "\(p)", expected: "in [0, 1)")
        }
    }

    static func language(
        _ spec: WorkloadSpec, _ corpus: CharacterCorpus, _ cell: RecurrentCell, _ s: NetworkSettings,
        _ schedule: StepSchedule, summary: String
    ) throws -> any Workload {
        if let hidden = s.hidden, hidden.count != 1 {
            throw WorkloadError.invalidSetting(
                name: "hidden", value: "\(hidden)", expected: "one size for a recurrent model")
        }
        let model = try CharLanguageModel(
            corpus: corpus, cell: cell, hidden: s.hidden?.first ?? 128, embedding: s.embedding,
            sequenceLength: s.sequenceLength, batchSize: s.batch)
        return NetworkWorkload(
            spec: spec,
            summary:
                "\(summary), \(corpus.vocabulary.count) distinct bytes; \(corpus.heldOut.count) held out; "
                + "\(model.description), \(model.parameterCount) parameters",
            model: .language(model), schedule: schedule)
    }

    static func images(
        _ spec: WorkloadSpec, _ kind: WorkloadSpec.Kind, _ cell: RecurrentCell?, _ s: NetworkSettings,
        _ schedule: StepSchedule, split: ImageSplit, shard: DataShard
    ) throws -> any Workload {
        let pixels = split.train.height * split.train.width, classes = split.train.classes
        let network: Sequential
        switch kind {
        case .softmax: network = ModelZoo.softmaxRegression(pixels: pixels, classes: classes)
        case .mlp:
            network = ModelZoo.mlp(pixels: pixels, hidden: s.hidden ?? [128], classes: classes, dropout: s.dropout ?? 0)
        case .cnn:
            guard split.train.height == 28, split.train.width == 28 else {
                throw WorkloadError.invalidSetting(
                    name: "image size", value: "\(split.train.height)×\(split.train.width)",
                    expected: "28×28 for the CNN")
            }
            let c = s.channels ?? [10, 20]
            network = ModelZoo.cnn(
                channels: (c[0], c[1]), hidden: s.hidden?.first ?? 50, classes: classes, dropout: s.dropout ?? 0.5)
        case .autoencoder:
            network = ModelZoo.autoencoder(pixels: pixels, hidden: s.hidden ?? [256], code: s.code)
        default:
            guard let cell else { throw WorkloadError.dataDoesNotFitModel(data: "images", model: kind.rawValue) }
            network = ModelZoo.rowSequenceClassifier(
                cell: cell, rows: split.train.height, columns: split.train.width,
                hidden: s.hidden?.first ?? 128, classes: classes)
        }
        let summary = "\(split.source); \(network), \(network.parameterCount) parameters, batch \(s.batch)"
        if kind == .autoencoder {
            guard (0..<classes).contains(s.normalClass) else {
                throw WorkloadError.invalidSetting(
                    name: "normal class", value: "\(s.normalClass)", expected: "a class 0...\(classes - 1)")
            }
            let normal = try split.train.only(label: Int32(s.normalClass)).part(shard)
            try checkBatch(s.batch, fits: normal.count, of: "class \(s.normalClass)'s training images")
            return NetworkWorkload(
                spec: spec,
                summary: summary
                    + "; trained on class \(s.normalClass) (\(normal.count) images), the other classes are anomalies",
                model: .autoencoder(
                    Autoencoder(network: network, data: normal), test: split.test,
                    normalClass: Int32(s.normalClass)),
                schedule: schedule)
        }
        let train = split.trainPart == shard ? split.train : try split.train.part(shard)
        try checkBatch(s.batch, fits: train.count, of: "training images")
        return NetworkWorkload(
            spec: spec, summary: summary,
            model: .classifier(ImageClassifier(network: network, data: train), test: split.test),
            schedule: schedule)
    }

    /// Refuses a minibatch larger than the data it is drawn from: every epoch would be
    /// one step on all of it, not minibatch SGD.
    static func checkBatch(_ batch: Int, fits count: Int, of what: String) throws {
        guard batch <= count else {
            throw WorkloadError.invalidSetting(
                name: "batch", value: "\(batch)",
                expected: "at most the \(count) \(what) (a larger batch makes each epoch a single step)")
        }
    }
}
