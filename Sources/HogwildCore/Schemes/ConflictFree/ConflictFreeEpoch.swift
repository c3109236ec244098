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
                for owner in 0..<plan.hot.owners {
                    applyDeferred(
                        plan: plan, owner: owner, batchStart: batchStart, batchEnd: batchEnd, stepper: &stepper)
                }
                plan.emptyLogs()
            }
            batchStart = batchEnd
        }
    }

    /// Worker `worker`'s part of a round: for each window of batches, group the batches
    /// it claims; then for each batch, step the chunks it claims; a barrier ends each
    /// phase, and with hot keys each worker then applies the deferred parts on the keys
    /// it owns, before a second barrier.
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
                plan.barrier.arrive(workers: workers) {}
                if plan.hot.keyCount > 0 {
                    // Each worker applies the deferred parts on the keys it owns; the
                    // last to finish empties the logs.
                    applyDeferred(
                        plan: plan, owner: worker, batchStart: batchStart, batchEnd: batchEnd, stepper: &stepper)
                    plan.barrier.arrive(workers: workers) { plan.emptyLogs() }
                }
            }
            windowStart = windowEnd
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
        touched?.mark(term: term, of: trainer.objective, worker: worker)
    }

    /// The batch's deferred parts on the keys `owner` owns, in the epoch's order, each
    /// as its term's step. Owners' keys are disjoint, so the owners may do this at once.
    @inlinable
    func applyDeferred(
        plan: ConflictFreePlan, owner: Int, batchStart: Int, batchEnd: Int, stepper: inout WorkerStepper<O, Opt>
    ) {
        let writer = RelaxedStoreWriter(memory: memory)
        let table = plan.deferredAt.base + owner * plan.batchTerms
        let direct = !trainer.objective.projectsSteps && !trainer.optimizer.batchesScatteredEntries
        for slot in 0..<(batchEnd - batchStart) {
            let at = table[slot]
            guard at >= 0 else { continue }
            let words = UnsafePointer(plan.logs[at >> 40].words + (at & (1 << 40 - 1)))
            let entries = Int(words[1]), runs = Int(words[2])
            if runs == 0 && direct {
                // Scattered entries straight from the log, as `applyDirect` steps them.
                let step = conflictFreeStep(position: batchStart + slot)
                var w = 3
                for _ in 0..<entries {
                    let j = Int(words[w])
                    let old = writer.load(j)
                    let value = Float(bitPattern: words[w + 1]) + Float(bitPattern: words[w + 2]) * old
                    writer.write(
                        j, old: old,
                        delta: trainer.optimizer.delta(
                            gradient: value, parameter: old, at: j, step: step, state: stepper.state))
                    w += 3
                }
                stepper.context.updates &+= 1
                continue
            }
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
    }
}

extension ConflictFreePlan {
    /// The stream the epoch's draws come from when sampling with replacement.
    @usableFromInline static var drawStream: UInt64 { 0xC0F1_1C7F }

    /// Moves the part of `g` on hot coordinates into `worker`'s log, one record per
    /// worker that owns some of its keys (a run that mixes hot and cold coordinates is
    /// split into scattered entries), and notes where for position `slot` of the batch.
    @inlinable
    func deferHotPart(of g: inout TermGradient, term: Int, slot: Int, worker: Int) {
        let owner = hot.owner.base
        let owners = hot.owners
        let log = logs[worker]
        // Per owner: entries, runs, run values, then the write cursors of each.
        let tally = log.tally
        for i in 0..<(6 * owners) { tally[i] = 0 }
        // A run's owner code: 0 cold, o + 1 wholly in one hot block, owned by o, −1
        // mixed (hot and cold, or two blocks: split the same way at any thread count).
        let block = hot.block.base
        @inline(__always) func code(ofRun r: Int) -> Int {
            let first = g.runs[3 * r], length = g.runs[3 * r + 1]
            guard length > 0 else { return 0 }
            let b = block[first]
            for k in 1..<max(length, 1) where block[first + k] != b { return -1 }
            return Int(owner[first])
        }
        var any = false
        let dimension = UInt(bitPattern: g.dimension)
        for i in 0..<g.entryCount {
            // Checked here: a hot entry's coordinate indexes the owner table now and
            // memory later.
            if UInt(bitPattern: g.indices[i]) >= dimension {
                TermGradient.outOfRange(g.indices[i], dimension: g.dimension)
            }
            let o = Int(owner[g.indices[i]])
            if o != 0 {
                tally[6 * (o - 1)] += 1
                any = true
            }
        }
        for r in 0..<g.runTotal {
            let c = code(ofRun: r)
            if c > 0 {
                tally[6 * (c - 1) + 1] += 1
                tally[6 * (c - 1) + 2] += g.runs[3 * r + 1]
                any = true
            } else if c < 0 {
                let first = g.runs[3 * r]
                for k in 0..<g.runs[3 * r + 1] where owner[first + k] != 0 {
                    tally[6 * (Int(owner[first + k]) - 1)] += 1
                    any = true
                }
            }
        }
        let slots = deferredAt.base + slot
        guard any else {
            for o in 0..<owners { slots[o * batchTerms] = -1 }
            return
        }
        var size = 0
        for o in 0..<owners {
            let e = tally[6 * o], r = tally[6 * o + 1], v = tally[6 * o + 2]
            if e + r > 0 { size += 3 + 3 * e + 2 * r + v }
        }
        log.reserve(size)
        let words = log.words
        var at = log.count
        for o in 0..<owners {
            let e = tally[6 * o], r = tally[6 * o + 1], v = tally[6 * o + 2]
            guard e + r > 0 else {
                slots[o * batchTerms] = -1
                continue
            }
            slots[o * batchTerms] = worker << 40 | at
            words[at] = UInt32(truncatingIfNeeded: term)
            words[at + 1] = UInt32(truncatingIfNeeded: e)
            words[at + 2] = UInt32(truncatingIfNeeded: r)
            tally[6 * o + 3] = at + 3  // the next entry
            tally[6 * o + 4] = at + 3 + 3 * e  // the next run
            tally[6 * o + 5] = at + 3 + 3 * e + 2 * r  // the next run value
            at += 3 + 3 * e + 2 * r + v
        }
        log.count = at
        @inline(__always) func deferEntry(_ j: Int, _ value: Float, decay: Float, owner o: Int) {
            let w = tally[6 * o + 3]
            words[w] = UInt32(truncatingIfNeeded: j)
            words[w + 1] = value.bitPattern
            words[w + 2] = decay.bitPattern
            tally[6 * o + 3] = w + 3
        }
        var kept = 0
        for i in 0..<g.entryCount {
            let j = g.indices[i]
            let o = Int(owner[j])
            if o != 0 {
                deferEntry(j, g.values[i], decay: g.decays[i], owner: o - 1)
            } else {
                g.indices[kept] = j
                g.values[kept] = g.values[i]
                g.decays[kept] = g.decays[i]
                kept += 1
            }
        }
        g.entryCount = kept
        var keptRuns = 0
        let runCount = g.runTotal
        for r in 0..<runCount {
            let first = g.runs[3 * r], length = g.runs[3 * r + 1], offset = g.runs[3 * r + 2]
            let c = code(ofRun: r)
            if c > 0 {
                let o = c - 1
                let w = tally[6 * o + 4], v = tally[6 * o + 5]
                words[w] = UInt32(truncatingIfNeeded: first)
                words[w + 1] = UInt32(truncatingIfNeeded: length)
                for k in 0..<length { words[v + k] = g.runValues[offset + k].bitPattern }
                tally[6 * o + 4] = w + 2
                tally[6 * o + 5] = v + length
            } else if c < 0 {
                for k in 0..<length {
                    let o = Int(owner[first + k])
                    if o != 0 {
                        deferEntry(first + k, g.runValues[offset + k], decay: 0, owner: o - 1)
                    } else {
                        g.add(first + k, g.runValues[offset + k], decay: 0)
                    }
                }
            } else {
                for f in 0..<3 { g.runs[3 * keptRuns + f] = g.runs[3 * r + f] }
                keptRuns += 1
            }
        }
        g.runTotal = keptRuns
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
