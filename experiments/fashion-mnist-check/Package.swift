// swift-tools-version: 6.0
// Checks of the autograd engine outside the main package (so that its build and tests
// never need the data): the zoo's MLP and CNN trained HOGWILD!-style on
// Fashion-MNIST with test accuracy (run.sh), and their thread scaling (DenseScaling).
import PackageDescription

let package = Package(
    name: "FashionMNISTCheck",
    dependencies: [.package(path: "../..")],
    targets: [
        .executableTarget(name: "FashionMNISTCheck", dependencies: [.product(name: "Hogwild", package: "main")]),
        // Dense steps' thread scaling on MNIST-shaped stand-in data, for a many-core
        // machine without Swift: only `Hogwild` (FoundationEssentials), so a static build stays small.
        .executableTarget(name: "DenseScaling", dependencies: [.product(name: "Hogwild", package: "main")]),
    ],
    swiftLanguageModes: [.v6]
)
