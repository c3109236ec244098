import HogwildAutograd
import HogwildNetworks
import HogwildSupport
import Testing

/// Wrapping a model in ``NetworkObjective`` checks its shapes before training starts.
@Suite struct NetworkObjectiveTests {
    @Test func aModelWithWrongShapesFailsWhenWrapped() throws {
        struct Broken: DifferentiableModel {
            var parameterCount: Int { 6 }
            var termCount: Int { 1 }
            var sampleCount: Int { 1 }
            func loss(term: Int, tape: Tape, random: inout Xoshiro256, training: Bool) throws(AutogradError) -> Tensor {
                let w = try tape.parameter(at: 0, Shape(2, 3))
                return try tape.mean(tape.matmul(w, w))     // [2, 3]·[2, 3]
            }
        }
        #expect(throws: AutogradError.shapeMismatch(operation: "matmul", Shape(2, 3), Shape(2, 3), detail: "inner extents 3 and 2")) {
            try NetworkObjective(Broken())
        }
    }
}
