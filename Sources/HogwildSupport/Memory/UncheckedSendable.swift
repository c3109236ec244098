/// Carries a value the compiler cannot prove `Sendable` into concurrent code whose
/// tasks touch disjoint parts of it (a worker's own slice of a buffer, a closure
/// called only while its owner waits). Each use says why it is safe.
@usableFromInline
package struct UncheckedSendable<Value>: @unchecked Sendable {
    @usableFromInline package var value: Value
    @inlinable package init(_ value: Value) { self.value = value }
}
