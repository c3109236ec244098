import HogwildAutograd

/// The networks of the model zoo, as ``Sequential`` stacks for 28×28 one-channel
/// images (Fashion-MNIST, MNIST): classifiers for ``ImageClassifier`` and the dense
/// autoencoder for ``Autoencoder``. The character model is ``CharLanguageModel``.
///
/// ```swift
/// let cnn = ModelZoo.cnn()                      // pytorch/examples' mnist_hogwild network
/// let mlp = ModelZoo.mlp(hidden: [256, 128])
/// ```
public enum ModelZoo {
    /// Multinomial logistic regression: one linear layer on the pixels.
    public static func softmaxRegression(pixels: Int = 784, classes: Int = 10) -> Sequential {
        Sequential(Flatten(), Linear(pixels, classes))
    }

    /// A perceptron with ReLU hidden layers of the given sizes (and dropout after each when > 0).
    public static func mlp(
        pixels: Int = 784, hidden: [Int] = [128], classes: Int = 10, dropout: Float = 0
    ) -> Sequential {
        var layers: [any Layer] = [Flatten()]
        var width = pixels
        for h in hidden {
            layers += [Linear(width, h), ReLU()]
            if dropout > 0 { layers.append(Dropout(dropout)) }
            width = h
        }
        layers.append(Linear(width, classes))
        return Sequential(layers: layers)
    }

    /// The CNN of pytorch/examples' mnist_hogwild with the default sizes: conv 1→10 k5,
    /// max-pool 2, ReLU; conv 10→20 k5, channel dropout, max-pool 2, ReLU; fc 320→50,
    /// ReLU, dropout; fc 50→10. `channels` and `hidden` widen it (same structure).
    public static func cnn(
        channels: (Int, Int) = (10, 20), hidden: Int = 50, classes: Int = 10, dropout: Float = 0.5
    ) -> Sequential {
        var layers: [any Layer] = [
            Conv2D(1, channels.0, kernel: 5), MaxPool2D(2), ReLU(), Conv2D(channels.0, channels.1, kernel: 5),
        ]
        if dropout > 0 { layers.append(Dropout(dropout, channelwise: true)) }
        layers += [MaxPool2D(2), ReLU(), Flatten(), Linear(channels.1 * 16, hidden), ReLU()]
        if dropout > 0 { layers.append(Dropout(dropout)) }
        layers.append(Linear(hidden, classes))
        return Sequential(layers: layers)
    }

    /// A sequence classifier: each image read as `rows` steps of `columns` pixels by a
    /// recurrent layer, whose last state a linear layer maps to class scores.
    public static func rowSequenceClassifier(
        cell: RecurrentCell, rows: Int = 28, columns: Int = 28, hidden: Int = 128,
        classes: Int = 10
    ) -> Sequential {
        Sequential(Reshape(rows, columns), cell.layer(columns, hidden), Linear(hidden, classes))
    }

    /// A dense autoencoder: pixels → hidden… → code → …hidden → pixels (ReLU inside,
    /// sigmoid at the end since pixels are in [0, 1]).
    public static func autoencoder(pixels: Int = 784, hidden: [Int] = [256], code: Int = 32) -> Sequential {
        var layers: [any Layer] = [Flatten()]
        var width = pixels
        for h in hidden + [code] {
            layers += [Linear(width, h), ReLU()]
            width = h
        }
        for h in hidden.reversed() {
            layers += [Linear(width, h), ReLU()]
            width = h
        }
        layers += [Linear(width, pixels), Sigmoid()]
        return Sequential(layers: layers)
    }
}
