import HogwildSupport
import Synchronization

extension EpochJob {
    /// This round's terms as ``ConflictFree`` batches: on the calling thread when
    /// `serial` (one worker, or lockstep, which gives the same result), otherwise on
    /// every worker of `pool`.
    @inlinable
    func runConflictFree(plan: ConflictFreePlan, pool: WorkerPool, serial: Bool) {
        let terms = trainer.objective.termCount
        let lower = terms * round / rounds, upper = terms * (round + 1) / rounds
        let order: UnsafePointer<UInt32>
        if let permutation = self.order?.value {
            order = permutation
        } else if round == 0 || plan.drawn == nil {
            var rng = Trainer<O, S, Opt>.generator(
                seed: trainer.configuration.seed, stream: ConflictFreePlan.drawStream, epoch: epoch)
            order = plan.draw(terms: terms, using: &rng)
        } else {
            order = UnsafePointer(plan.drawn!.base)
        }
        let sendableOrder = UncheckedSendable(order)
        if serial || trainer.configuration.threads == 1 {
            runConflictFreeSerially(plan: plan, order: order, lower: lower, upper: upper)
        } else {
            pool.run { worker in
                self.workConflictFree(
                    worker: worker, plan: plan, order: sendableOrder.value, lower: lower, upper: upper)
            }
        }
    }

    /// The serial run the scheme equals: batches in order, each term stepped in the
    /// epoch's order, each batch's deferred parts applied at its end.
    @inlinable
    func runConflictFreeSerially(plan: ConflictFreePlan, order: UnsafePointer<UInt32>, lower: Int, upper: Int) {
        let slot = steppers[0]
        var stepper = slot.stepper
        defer { slot.stepper = stepper }
        var batchStart = lower
        while batchStart < upper {
            let batchEnd = min(batchStart + plan.batchTerms, upper)
            for position in batchStart..<batchEnd {
                prefetch(ahead: position, until: batchEnd) { Int(order[$0]) }
                stepConflictFree(
                    position: position, batchStart: batchStart, order: order, worker: 0, plan: plan,
                    stepper: &stepper)
            }
            if plan.hot.keyCount > 0 {
                applyDeferred(plan: plan, batchStart: batchStart, batchEnd: batchEnd, stepper: &stepper)
            }
            batchStart = batchEnd
        }
    }

    /// Worker `worker`'s part of a round: for each window of batches, group the batches
    /// it claims; then for each batch, step the chunks it claims; a barrier ends each
    /// phase, and the last worker to reach a batch's barrier applies its deferred parts.
    @inlinable
    func workConflictFree(worker: Int, plan: ConflictFreePlan, order: UnsafePointer<UInt32>, lower: Int, upper: Int) {
        let workers = trainer.configuration.threads
        let objective = trainer.objective
        let slot = steppers[worker]
        var stepper = slot.stepper
        defer { slot.stepper = stepper }
        let batchTerms = plan.batchTerms
        // Claims are numbered across the round; each phase takes `items + workers` of
        // them (every worker stops at its first claim past the phase's items), so every
        // worker knows where the next phase's numbers start.
        var claimBase = 0
        func claim() -> Int { plan.claims.add(1, ordering: .relaxed).oldValue - claimBase }
        var windowStart = lower
        while windowStart < upper {
            let windowEnd = min(windowStart + plan.windowBatches * batchTerms, upper)
            let batches = (windowEnd - windowStart + batchTerms - 1) / batchTerms
            while true {
                let b = claim()
                guard b < batches else { break }
                let start = windowStart + b * batchTerms
                plan.group(
                    batch: b, start: start, end: min(start + batchTerms, windowEnd), order: order,
                    objective: objective, parameters: memory, worker: worker)
            }
            claimBase += batches + workers
            plan.barrier.arrive(workers: workers) {}
            for b in 0..<batches {
                let batchStart = windowStart + b * batchTerms
                let batchEnd = min(batchStart + batchTerms, windowEnd)
                let chunks = plan.chunkCounts.base[b]
                let grouped = plan.grouped.base + b * batchTerms
                let ends = plan.chunkEnds.base + b * (batchTerms + 1)
                while true {
                    let c = claim()
                    guard c < chunks else { break }
                    let from = c == 0 ? 0 : Int(ends[c - 1]), to = Int(ends[c])
                    for k in from..<to {
                        prefetch(ahead: k, until: to) { Int(order[batchStart + Int(grouped[$0])]) }
                        stepConflictFree(
                            position: batchStart + Int(grouped[k]), batchStart: batchStart, order: order,
                            worker: worker, plan: plan, stepper: &stepper)
                    }
                }
                claimBase += chunks + workers
                plan.barrier.arrive(workers: workers) {
                    if plan.hot.keyCount > 0 {
                        applyDeferred(plan: plan, batchStart: batchStart, batchEnd: batchEnd, stepper: &stepper)
                    }
                }
            }
            windowStart = windowEnd
        }
    }

    /// The objective's prefetch hints for the terms 1, 2 and 3 places after `index` in
    /// a sequence that ends before `end` (`term` maps a place to its term), as the
    /// plain epoch loop gives them: each stage finds what the one before fetched.
    @inlinable @inline(__always)
    func prefetch(ahead index: Int, until end: Int, term: (Int) -> Int) {
        let objective = trainer.objective
        for distance in stride(from: 3, through: 1, by: -1) where index + distance < end {
            objective.prefetch(term: term(index + distance), distance: distance, parameters: memory)
        }
    }

    /// The step size and the optimizer's step count for the term at `position` of the
    /// epoch's order: what one thread would use there.
    @inlinable
    func conflictFreeStep(position: Int) -> OptimizerStep {
        let terms = trainer.objective.termCount
        let schedule = trainer.configuration.schedule
        let update = epoch * terms + position
        let size = schedule.isPerUpdate ? schedule.stepSize(epoch: epoch, update: update) * stepScale : stepSize
        return trainer.optimizer.stepConstants(stepSize: size, update: update + 1)
    }

    /// One term: its gradient, its hot part set aside, the rest written.
    @inlinable @inline(__always)
    func stepConflictFree(
        position: Int, batchStart: Int, order: UnsafePointer<UInt32>, worker: Int, plan: ConflictFreePlan,
        stepper: inout WorkerStepper<O, Opt>
    ) {
        let term = Int(order[position])
        stepper.computeGradient(of: term, reading: memory)
        delay.wait()
        if stepper.clipping.isActive { stepper.clipping.apply(to: &stepper.gradient) }
        if plan.hot.keyCount > 0 {
            plan.deferHotPart(of: &stepper.gradient, term: term, slot: position - batchStart, worker: worker)
        }
        stepper.applyPrepared(step: conflictFreeStep(position: position), writer: RelaxedStoreWriter(memory: memory))
    }

    /// The batch's deferred parts, in the epoch's order, each as its term's step.
    @inlinable
    func applyDeferred(
        plan: ConflictFreePlan, batchStart: Int, batchEnd: Int, stepper: inout WorkerStepper<O, Opt>
    ) {
        let writer = RelaxedStoreWriter(memory: memory)
        for slot in 0..<(batchEnd - batchStart) {
            let at = plan.deferredAt.base[slot]
            guard at >= 0 else { continue }
            let words = UnsafePointer(plan.logs[at >> 40].words + (at & (1 << 40 - 1)))
            let entries = Int(words[1]), runs = Int(words[2])
            stepper.gradient.removeAll()
            var w = 3
            for _ in 0..<entries {
                stepper.gradient.add(
                    Int(words[w]), Float(bitPattern: words[w + 1]), decay: Float(bitPattern: words[w + 2]))
                w += 3
            }
            var v = w + 2 * runs
            for r in 0..<runs {
                let length = Int(words[w + 2 * r + 1])
                let values = stepper.gradient.addRun(start: Int(words[w + 2 * r]), count: length)
                for k in 0..<length { values[k] = Float(bitPattern: words[v + k]) }
                v += length
            }
            stepper.currentTerm = Int(words[0])
            stepper.applyPrepared(step: conflictFreeStep(position: batchStart + slot), writer: writer)
        }
        for log in plan.logs { log.count = 0 }
    }
}

extension ConflictFreePlan {
    /// The stream the epoch's draws come from when sampling with replacement.
    @usableFromInline static var drawStream: UInt64 { 0xC0F1_1C7F }

    /// Moves the part of `gradient` on hot coordinates into `worker`'s log (a run that
    /// mixes hot and cold coordinates is split into scattered entries), and notes
    /// where for position `slot` of the batch.
    @inlinable
    func deferHotPart(of g: inout TermGradient, term: Int, slot: Int, worker: Int) {
        let isHot = hot.isHotCoordinate.base
        let log = logs[worker]
        var hotRunValues = 0
        for r in 0..<g.runTotal { hotRunValues += g.runs[3 * r + 1] }
        log.reserve(3 + 3 * (g.entryCount + hotRunValues) + 2 * g.runTotal + hotRunValues)
        let start = log.count
        let words = log.words + start
        var w = 3
        var hotEntries = 0
        var kept = 0
        for i in 0..<g.entryCount {
            let j = g.indices[i]
            if isHot[j] != 0 {
                words[w] = UInt32(truncatingIfNeeded: j)
                words[w + 1] = g.values[i].bitPattern
                words[w + 2] = g.decays[i].bitPattern
                w += 3
                hotEntries += 1
            } else {
                g.indices[kept] = j
                g.values[kept] = g.values[i]
                g.decays[kept] = g.decays[i]
                kept += 1
            }
        }
        g.entryCount = kept
        // Runs: all cold stay; all hot move whole; mixed ones move coordinate by
        // coordinate (their cold coordinates become scattered entries).
        @inline(__always) func hotCoordinates(ofRun r: Int) -> Int {
            let first = g.runs[3 * r], length = g.runs[3 * r + 1]
            var count = 0
            for k in 0..<length where isHot[first + k] != 0 { count += 1 }
            return count
        }
        let runCount = g.runTotal
        var hotRuns = 0
        for r in 0..<runCount {
            let first = g.runs[3 * r], length = g.runs[3 * r + 1], offset = g.runs[3 * r + 2]
            let hotCount = hotCoordinates(ofRun: r)
            if hotCount == length && length > 0 {
                hotRuns += 1
            } else if hotCount > 0 {
                for k in 0..<length {
                    let value = g.runValues[offset + k]
                    if isHot[first + k] != 0 {
                        words[w] = UInt32(truncatingIfNeeded: first + k)
                        words[w + 1] = value.bitPattern
                        words[w + 2] = Float(0).bitPattern
                        w += 3
                        hotEntries += 1
                    } else {
                        g.add(first + k, value, decay: 0)
                    }
                }
            }
        }
        var v = w + 2 * hotRuns
        var written = 0
        var keptRuns = 0
        for r in 0..<runCount {
            let first = g.runs[3 * r], length = g.runs[3 * r + 1], offset = g.runs[3 * r + 2]
            let hotCount = hotCoordinates(ofRun: r)
            if hotCount == length && length > 0 {
                words[w + 2 * written] = UInt32(truncatingIfNeeded: first)
                words[w + 2 * written + 1] = UInt32(truncatingIfNeeded: length)
                for k in 0..<length { words[v + k] = g.runValues[offset + k].bitPattern }
                v += length
                written += 1
            } else if hotCount == 0 {
                for f in 0..<3 { g.runs[3 * keptRuns + f] = g.runs[3 * r + f] }
                keptRuns += 1
            }
        }
        g.runTotal = keptRuns
        if hotEntries == 0 && hotRuns == 0 {
            deferredAt.base[slot] = -1
            return
        }
        words[0] = UInt32(truncatingIfNeeded: term)
        words[1] = UInt32(truncatingIfNeeded: hotEntries)
        words[2] = UInt32(truncatingIfNeeded: hotRuns)
        deferredAt.base[slot] = worker << 40 | start
        log.count = start + v
    }
}

extension WorkerStepper {
    /// Phase 2 of a step whose gradient is already clipped and whose step constants are
    /// given: the optimizer's step (projected when the objective projects), written
    /// through `writer`. Counts the update.
    @inlinable @inline(__always)
    mutating func applyPrepared<W: CoordinateWriter>(step: OptimizerStep, writer: W) {
        if objective.projectsSteps {
            applyProjected(step: step, writer: writer)
        } else {
            applyDirect(step: step, writer: writer)
        }
        context.updates &+= 1
    }
}
