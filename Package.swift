// swift-tools-version: 6.0
// A lock-free parallel SGD trainer (HOGWILD!) with no package dependencies.
// CPU-specific builds pass flags on the command line, never here (see README):
// unsafe compiler flags here would stop this package from being usable as a dependency.
import PackageDescription

let package = Package(
    name: "Hogwild",
    products: [
        .library(name: "Hogwild", targets: ["Hogwild"]),
        .executable(name: "hogwild", targets: ["HogwildCLI"]),
        .executable(name: "hogwild-bench", targets: ["HogwildBench"]),
        // Replays fuzz inputs; Fuzz/run.sh builds it with libFuzzer to fuzz the readers.
        .executable(name: "hogwild-fuzz", targets: ["HogwildFuzz"]),
    ],
    targets: [
        // The platform's C library, imported in one place.
        .target(name: "HogwildPlatform"),
        // The C the engine needs: bulk access to shared memory, the GEMM micro-kernels
        // with their run-time CPU dispatch, futex parking, prefetch and the spin hint.
        .target(name: "CHogwildKernels"),
        // What every layer shares: owned buffers, random streams, the memory budget,
        // checksums, clocks and number formatting.
        .target(name: "HogwildSupport", dependencies: ["HogwildPlatform", "CHogwildKernels"]),
        .target(name: "HogwildCore", dependencies: ["HogwildSupport", "HogwildPlatform", "CHogwildKernels"]),
        // Tensors, the per-worker reverse-mode tape, ops and their kernels, gradient checks.
        .target(name: "HogwildAutograd", dependencies: ["HogwildSupport", "HogwildPlatform", "CHogwildKernels"]),
        // zlib from the system (Debian: zlib1g-dev) for .gz input.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        .target(name: "HogwildData", dependencies: ["HogwildSupport", "HogwildPlatform", "CZlib"]),
        .target(name: "HogwildModels", dependencies: ["HogwildCore", "HogwildData", "HogwildSupport", "HogwildPlatform"]),
        // The model zoo: layers, image classifiers, autoencoder, character model, their data and files.
        .target(name: "HogwildNetworks", dependencies: ["HogwildAutograd", "HogwildCore", "HogwildData", "HogwildSupport", "HogwildPlatform"]),
        .target(name: "HogwildExperiments", dependencies: ["HogwildCore", "HogwildAutograd", "HogwildData", "HogwildModels", "HogwildNetworks", "HogwildSupport", "HogwildPlatform", "CHogwildKernels"]),
        // Open MPI's calls, loaded with dlopen at run time: building never needs MPI.
        .target(name: "CHogwildMPI", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // HOGWILD! inside each rank, MPI between ranks: averaging and asynchronous deltas.
        .target(name: "HogwildDistributed", dependencies: ["HogwildCore", "HogwildData", "HogwildSupport", "HogwildPlatform", "CHogwildMPI"]),
        .target(name: "Hogwild", dependencies: ["HogwildSupport", "HogwildCore", "HogwildAutograd", "HogwildData", "HogwildModels", "HogwildNetworks", "HogwildExperiments", "HogwildDistributed"]),
        // The tools' own small argument parser (no packages): commands as types.
        .target(name: "HogwildCommandLine", dependencies: ["HogwildSupport", "HogwildPlatform"]),
        // The `hogwild` commands, as a library the tests drive in-process.
        .target(name: "HogwildTool", dependencies: ["Hogwild", "HogwildCommandLine", "HogwildDistributed"]),
        .executableTarget(name: "HogwildCLI", dependencies: ["HogwildTool"]),
        .executableTarget(name: "HogwildFuzz", dependencies: ["Hogwild", "HogwildTool", "HogwildCommandLine", "HogwildPlatform"],
                          path: "Fuzz/HogwildFuzz"),
        .executableTarget(name: "HogwildBench", dependencies: ["Hogwild", "HogwildCommandLine", "CHogwildKernels"],
                          path: "Benchmarks/HogwildBench"),
        // What several test targets share: scratch directories, SVG parsing, test objectives.
        .target(name: "HogwildTestSupport", dependencies: ["HogwildSupport", "HogwildCore", "CHogwildKernels", "CZlib"], path: "Tests/HogwildTestSupport"),
        .testTarget(name: "HogwildCoreTests", dependencies: ["HogwildSupport", "HogwildCore", "CHogwildKernels", "HogwildTestSupport"]),
        // Counts the C allocator's calls on one thread (interposed malloc), for the
        // tests that a training step allocates nothing.
        .target(name: "CAllocationCounter", path: "Tests/CAllocationCounter"),
        .testTarget(name: "HogwildAutogradTests",
                    dependencies: ["HogwildAutograd", "HogwildSupport", "HogwildCore", "CHogwildKernels", "CAllocationCounter", "HogwildTestSupport"]),
        .testTarget(name: "HogwildNetworksTests",
                    dependencies: ["HogwildNetworks", "HogwildAutograd", "HogwildSupport", "HogwildCore", "HogwildData",
                                   "CAllocationCounter", "HogwildTestSupport"]),
        .testTarget(name: "HogwildDataTests", dependencies: ["HogwildData", "HogwildSupport", "HogwildCore", "CZlib", "HogwildTestSupport"]),
        .testTarget(name: "HogwildModelsTests", dependencies: ["HogwildModels", "HogwildData", "HogwildSupport", "HogwildCore", "HogwildTestSupport"]),
        .testTarget(name: "HogwildExperimentsTests", dependencies: ["HogwildExperiments", "HogwildCore", "HogwildData", "HogwildModels", "HogwildTestSupport"]),
        .testTarget(name: "HogwildTests", dependencies: ["Hogwild"]),
        .testTarget(name: "HogwildCommandLineTests", dependencies: ["HogwildCommandLine"]),
        .testTarget(name: "HogwildToolTests", dependencies: ["HogwildTool", "Hogwild", "HogwildTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
