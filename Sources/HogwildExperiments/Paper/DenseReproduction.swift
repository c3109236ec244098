import HogwildCore
import HogwildPlatform

/// `hogwild reproduce dense`: the paper's comparison carried to dense steps — the MLP
/// and the CNN on Fashion-MNIST under HOGWILD!, atomic HOGWILD!, AIG, round robin and
/// locked SGD: test accuracy against epochs and against training time at the largest
/// thread count, and speedup against threads.
///
/// Fashion-MNIST is read from `dataDirectory` (Debian's `dataset-fashion-mnist`
/// installs it at /usr/share/datasets/fashion-mnist); without it, the synthetic
/// stand-in of the same shape is used and the files say so.
///
/// ```swift
/// try DenseReproduction(scale: .quick, directory: "results/dense").run(log: { print($0) })
/// ```
public struct DenseReproduction: Sendable {
    public static let defaultDataDirectory = "/usr/share/datasets/fashion-mnist"

    public var scale: PaperScale
    public var directory: String
    public var dataDirectory: String
    public var machine: MachineInfo
    /// Size of the synthetic stand-in used when there is no Fashion-MNIST (1: 60,000 + 10,000 images).
    public var standInScale = 1.0

    public init(
        scale: PaperScale, directory: String, dataDirectory: String = defaultDataDirectory,
        machine: MachineInfo = .current()
    ) {
        self.scale = scale
        self.directory = directory
        self.dataDirectory = dataDirectory
        self.machine = machine
    }

    /// One model's recipe.
    public struct Recipe: Sendable {
        public var kind: WorkloadSpec.Kind
        public var settings: NetworkSettings
        /// Epochs of the accuracy comparison.
        public var epochs: Int
        /// Epochs timed per cell of the speedup sweep.
        public var sweepEpochs: Int
    }

    /// The recipes at this scale. Quick: mnist_hogwild's CNN and the 256-128 MLP for a
    /// few epochs (minutes on 2 cores); full: the epochs and the wider CNN that reach
    /// the accuracy goals (91% CNN, 89% MLP; see README).
    public var recipes: [Recipe] {
        switch scale {
        case .quick:
            return [
                Recipe(kind: .mlp, settings: NetworkSettings(hidden: [256, 128]), epochs: 3, sweepEpochs: 1),
                Recipe(kind: .cnn, settings: NetworkSettings(), epochs: 2, sweepEpochs: 1),
            ]
        case .manycore, .full:
            return [
                Recipe(kind: .mlp, settings: NetworkSettings(hidden: [256, 128]), epochs: 20, sweepEpochs: 2),
                Recipe(
                    kind: .cnn, settings: NetworkSettings(hidden: [128], channels: [20, 40], dropout: 0.25), epochs: 15,
                    sweepEpochs: 1),
            ]
        }
    }

    /// Adam with the step decaying 0.9× an epoch, the setting of the README's results.
    public static let optimizer = OptimizerChoice(Adam())
    public static let schedule = StepSchedule.epochDecay(initial: 0.001, factor: 0.9)
    public static let schemes: [SchemeChoice] = [.hogwild, .hogwildAtomic, .coordinateLocks, .roundRobin, .globalLock]

    /// Thread counts of the speedup sweep: powers of two up to the cores (at most 2 when quick).
    public var threads: [Int] {
        let cores = max(1, machine.cores)
        var powers = [1]
        while powers.last! * 2 <= cores { powers.append(powers.last! * 2) }
        if powers.last! != cores { powers.append(cores) }
        return scale == .quick ? powers.filter { $0 <= 2 } : powers
    }

    @discardableResult
    public func run(log: (String) -> Void = { _ in }) throws -> [String] {
        try ResultFiles.makeDirectory(directory)
        try ResultFiles.writeJSON(machine, to: directory + "/machine.json")
        var files = ["machine.json"]
        let realData =
            access(dataDirectory + "/train-images-idx3-ubyte.gz", R_OK) == 0
            || access(dataDirectory + "/train-images-idx3-ubyte", R_OK) == 0
        let source: WorkloadSpec.Source =
            realData ? .images(directory: dataDirectory) : .synthetic(.images, scale: standInScale)
        log(
            "reproducing dense at \(scale.rawValue) scale on \(machine.summary); threads \(threads); data "
                + (realData
                    ? dataDirectory
                    : "the synthetic stand-in (no Fashion-MNIST at \(dataDirectory); apt-get install "
                        + "dataset-fashion-mnist)")
        )
        for recipe in recipes {
            let workload = try WorkloadCatalog.make(
                WorkloadSpec(settings: .network(recipe.kind, recipe.settings), source: source))
            log("\(recipe.kind.rawValue): \(workload.summary)")
            let name = "dense-\(recipe.kind.rawValue)-"
            let comparison = try ConvergenceComparison.run(
                workload,
                variants: Self.schemes.map { .init(scheme: $0, optimizer: Self.optimizer, schedule: Self.schedule) },
                threads: threads.last!, seeds: [1], epochs: recipe.epochs, progress: log)
            files += try comparison.writeFiles(to: directory, prefix: name)
            log("\n" + comparison.textTable)
            let plan = SweepPlan(
                threads: threads, schemes: Self.schemes, optimizer: Self.optimizer, repeats: 1,
                epochs: recipe.sweepEpochs, schedule: Self.schedule, evaluateEveryEpoch: false)
            let sweep = try Sweep.run(workload, plan: plan, progress: log)
            files += try sweep.writeFiles(to: directory, prefix: name + "speedup-")
            try sweep.speedupChart(
                title:
                    "Dense speedup — \(recipe.kind.rawValue) on \(realData ? "Fashion-MNIST" : "synthetic images"), "
                    + "Adam"
            )
            .write(to: directory + "/\(name)speedup.svg")
            files.append("\(name)speedup.svg")
            log("\n" + sweep.textTable)
        }
        return files
    }
}
