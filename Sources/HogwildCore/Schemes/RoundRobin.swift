import Synchronization

/// The paper's RR baseline (Langford, Smola and Zinkevich's "slow learners"): workers
/// compute their steps in parallel but apply them one at a time, in a fixed turn
/// order 0, 1, …, T−1, 0, …, each waiting for its turn: spinning, then yielding, then
/// parking (``SpinWait``).
///
/// A worker that has finished its share keeps passing its turns until every worker
/// is done, so unequal shares never stall the ring.
///
/// ```swift
/// let report = try Trainer(objective: svm, scheme: RoundRobin(), configuration: .init(threads: 8)).run(on: x)
/// ```
public struct RoundRobin: SchemeRule {
    public init() {}

    public func makeCoordination<O: Objective>(
        for objective: O, memory: UnsafeParameterMemory,
        workers: Int
    ) -> TurnRing {
        TurnRing(workers: workers)
    }

    public func beginEpoch(_ ring: TurnRing) { ring.reset() }

    @inlinable @inline(__always)
    public func process<O: Objective, Opt: Optimizer>(
        term: Int, stepper: inout WorkerStepper<O, Opt>, stepSize: Float,
        memory: UnsafeParameterMemory, worker: Int,
        coordination ring: TurnRing, delay: ArtificialDelay
    ) {
        stepper.computeGradient(of: term, reading: memory)
        delay.wait()
        ring.waitForTurn(of: worker)
        stepper.applyStep(stepSize: stepSize, writer: RelaxedStoreWriter(memory: memory))
        ring.passTurn(from: worker)
    }

    public func finish(worker: Int, coordination ring: TurnRing) {
        ring.retire(worker)
    }
}

/// Whose turn it is, for ``RoundRobin``.
///
/// A worker waiting for its turn spins, yields a while, then parks on the turn word
/// (``ParkingWord``): with more workers than free cores, a waiter that only spun and
/// yielded could keep the core from the worker whose turn it is; one that parked at
/// once would pay a wake-up for every turn when the cores are merely shared (see
/// ``SpinWait``).
///
/// ## Concurrency contract
/// Worker w calls `waitForTurn(of: w)` then `passTurn(from: w)`, and `retire(w)` once
/// when it has nothing left; `reset()` is called only while no worker runs.
public final class TurnRing: Sendable {
    @usableFromInline let workers: Int
    @usableFromInline let turn = ParkingWord(0)
    @usableFromInline let retired = Atomic<Int>(0)

    public init(workers: Int) { self.workers = workers }

    /// Starts a new epoch: worker 0's turn, nobody retired.
    public func reset() {
        turn.store(0)
        retired.store(0, ordering: .sequentiallyConsistent)
    }

    /// Waits until it is `worker`'s turn.
    @inlinable @inline(__always)
    public func waitForTurn(of worker: Int) {
        let mine = UInt32(truncatingIfNeeded: worker)
        turn.wait(yields: SpinWait.lockYields) { $0 == mine }
    }

    /// Hands the turn to the next worker (waking it if it sleeps).
    @inlinable @inline(__always)
    public func passTurn(from worker: Int) {
        turn.store(UInt32(truncatingIfNeeded: worker + 1 == workers ? 0 : worker + 1))
    }

    /// Marks `worker` done and passes its turns on until every worker is done.
    public func retire(_ worker: Int) {
        retired.add(1, ordering: .sequentiallyConsistent)
        // Sleepers waiting for a turn must look at the retired count too.
        turn.wakeIfAnyoneSleeps()
        let mine = UInt32(truncatingIfNeeded: worker)
        var backoff = SpinWait(yields: SpinWait.lockYields)
        while retired.load(ordering: .sequentiallyConsistent) < workers {
            if turn.load() == mine {
                passTurn(from: worker)
            } else if backoff.pause() {
                // The wait ends on a turn change; the last retirement is seen at the
                // next look (sleeps are bounded).
                turn.park { $0 == mine }
            }
        }
    }
}

extension RoundRobin {
    public static let kind = SchemeKind.roundRobin
    public static let aliases = ["rr"]
    public static let displayName = "RR"
    public static let summary = "steps in parallel, written one worker at a time in a fixed turn order"
    public static let figureColor = "#2ca02c"
}
