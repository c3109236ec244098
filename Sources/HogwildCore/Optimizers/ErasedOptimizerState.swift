/// One worker's state of a rule chosen at run time, made by the rule itself: what
/// ``OptimizerChoice`` steps through. The rule builds it once per worker and run, with
/// its typed state captured in code specialized for it, so that a coordinate's step
/// costs one indirect call, not a rebuilt state and a protocol dispatch.
///
/// ## Concurrency contract
/// Owned by one worker's stepper; the buffers it views are shared as
/// ``OptimizerBuffers`` are.
public final class ErasedOptimizerState: @unchecked Sendable {
    /// The rule's ``Optimizer/delta(gradient:parameter:at:step:state:)`` on its state.
    @usableFromInline let delta: (Float, Float, Int, OptimizerStep) -> Float
    /// The rule's ``Optimizer/runDeltas(_:range:step:state:parameters:)`` on its state.
    @usableFromInline let runDeltas:
        (UnsafeMutablePointer<Float>, Range<Int>, OptimizerStep, UnsafePointer<Float>?) -> Void
    /// The rule's ``Optimizer/scatteredDeltas(_:olds:indices:count:step:state:)`` on its state.
    @usableFromInline let scatteredDeltas:
        (UnsafeMutablePointer<Float>, UnsafePointer<Float>, UnsafePointer<Int>, Int, OptimizerStep) -> Void

    public init(
        delta: @escaping (Float, Float, Int, OptimizerStep) -> Float,
        runDeltas: @escaping (UnsafeMutablePointer<Float>, Range<Int>, OptimizerStep, UnsafePointer<Float>?) -> Void,
        scatteredDeltas:
            @escaping (UnsafeMutablePointer<Float>, UnsafePointer<Float>, UnsafePointer<Int>, Int, OptimizerStep) ->
            Void
    ) {
        self.delta = delta
        self.runDeltas = runDeltas
        self.scatteredDeltas = scatteredDeltas
    }
}
