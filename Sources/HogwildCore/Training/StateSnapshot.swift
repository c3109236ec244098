/// A copy of the parameters and the optimizer state taken before an epoch, for
/// ``DivergenceGuard/Policy/backoff(retries:)`` to go back to.
///
/// ## Concurrency contract
/// Taken and restored by the trainer's thread between epochs, while no worker runs.
@usableFromInline
final class StateSnapshot: @unchecked Sendable {
    let memory: UnsafeParameterMemory
    let buffers: [UnsafeParameterMemory]
    let copies: [UnsafeMutableBufferPointer<Float>]

    @usableFromInline
    init(memory: UnsafeParameterMemory, state: OptimizerState) {
        self.memory = memory
        buffers = (0..<state.owners).flatMap { state.buffers(of: $0).map(\.memory) }
        copies = ([memory] + buffers).map { .allocate(capacity: $0.count) }
    }

    deinit { for copy in copies { copy.deallocate() } }

    @usableFromInline
    func take() {
        for (source, copy) in zip([memory] + buffers, copies) { source.copy(into: copy) }
    }

    @usableFromInline
    func restore() {
        for (target, copy) in zip([memory] + buffers, copies) { target.copy(from: UnsafeBufferPointer(copy)) }
    }
}
