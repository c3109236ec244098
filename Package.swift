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
    ],
    targets: [
        .target(name: "HogwildCore"),
        // zlib from the system (Debian: zlib1g-dev) for .gz input.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        .target(name: "HogwildData", dependencies: ["HogwildCore", "CZlib"]),
        .target(name: "HogwildModels", dependencies: ["HogwildCore", "HogwildData"]),
        .target(name: "HogwildExperiments", dependencies: ["HogwildCore", "HogwildData", "HogwildModels"]),
        .target(name: "Hogwild", dependencies: ["HogwildCore", "HogwildData", "HogwildModels", "HogwildExperiments"]),
        // The tools' own small argument parser (no packages): commands as types.
        .target(name: "HogwildCommandLine"),
        // The `hogwild` commands, as a library the tests drive in-process.
        .target(name: "HogwildTool", dependencies: ["Hogwild", "HogwildCommandLine"]),
        .executableTarget(name: "HogwildCLI", dependencies: ["HogwildTool"]),
        .executableTarget(name: "HogwildBench", dependencies: ["Hogwild", "HogwildCommandLine"],
                          path: "Benchmarks/HogwildBench"),
        .testTarget(name: "HogwildCoreTests", dependencies: ["HogwildCore"]),
        .testTarget(name: "HogwildDataTests", dependencies: ["HogwildData", "CZlib"]),
        .testTarget(name: "HogwildModelsTests", dependencies: ["HogwildModels", "HogwildData", "HogwildCore"]),
        .testTarget(name: "HogwildExperimentsTests", dependencies: ["HogwildExperiments", "HogwildCore", "HogwildData"]),
        .testTarget(name: "HogwildTests", dependencies: ["Hogwild"]),
        .testTarget(name: "HogwildCommandLineTests", dependencies: ["HogwildCommandLine"]),
        .testTarget(name: "HogwildToolTests", dependencies: ["HogwildTool", "Hogwild"]),
    ],
    swiftLanguageModes: [.v6]
)
