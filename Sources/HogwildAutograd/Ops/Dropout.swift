import HogwildSupport

extension Tape {
    /// Inverted dropout: each element (or, with `channelwise`, each [N, C] plane of a
    /// 4-D tensor, as PyTorch's Dropout2d) is zeroed with probability `probability` and
    /// the rest scaled by 1/(1 − probability), the mask drawn from `random` (the
    /// worker's own stream). When not `training` it is the identity and records nothing.
    public func dropout(
        _ x: Tensor, probability: Float, random: inout Xoshiro256, training: Bool = true,
        channelwise: Bool = false
    ) throws(AutogradError) -> Tensor {
        guard probability >= 0, probability < 1 else {
            throw .invalidArgument(operation: "dropout", detail: "probability \(probability) must be in [0, 1)")
        }
        guard training, probability > 0 else { return x }
        if channelwise && x.shape.rank != 4 {
            throw .invalidShape(
                operation: "dropout", x.shape, detail: "channel-wise dropout needs [batch, channels, height, width]")
        }
        let mask = scratch(x.count)
        let keep = 1 / (1 - probability)
        if channelwise {
            let plane = x.shape[2] * x.shape[3]
            for p in 0..<(x.shape[0] * x.shape[1]) {
                let m: Float = random.nextUnitFloat() >= probability ? keep : 0
                (mask + p * plane).initialize(repeating: m, count: plane)
            }
        } else {
            for i in 0..<x.count { mask[i] = random.nextUnitFloat() >= probability ? keep : 0 }
        }
        let (tensor, y) = output(x.shape, .dropout(x.id, mask: mask), inputs: x.id)
        let v = values(x.id)
        for i in 0..<x.count { y[i] = v[i] * mask[i] }
        return tensor
    }

    func backwardDropout(_ x: Int, _ mask: UnsafeMutablePointer<Float>, _ node: Node, _ g: UnsafeMutablePointer<Float>)
    {
        guard let gx = inputGradient(x) else { return }
        for i in 0..<node.shape.count { gx[i] += g[i] * mask[i] }
    }
}
