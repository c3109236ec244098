// swift-tools-version: 6.0
// A check of the autograd engine on real data, outside the main package (so that its
// build and tests never need the data): the reference MLP and CNN trained HOGWILD!-style
// on Fashion-MNIST, test accuracy on the 10,000 test images. See run.sh.
import PackageDescription

let package = Package(
    name: "FashionMNISTCheck",
    dependencies: [.package(path: "../..")],
    targets: [
        .executableTarget(name: "FashionMNISTCheck", dependencies: [.product(name: "Hogwild", package: "main")]),
    ],
    swiftLanguageModes: [.v6]
)
