/// A coding key made from any string: for values written as one flat JSON object with
/// a name field beside their settings (`{"optimizer": "adam", "beta1": 0.9, …}`)
/// rather than Swift's default nesting of enum payloads (`{"adam": {"_0": {…}}}`).
package struct NamedCodingKey: CodingKey {
    package var stringValue: String
    package var intValue: Int? { nil }
    package init(_ string: String) { stringValue = string }
    package init?(stringValue: String) { self.stringValue = stringValue }
    package init?(intValue: Int) { nil }
}

extension Encoder {
    /// Writes `name` under `key`, then `settings`' own fields beside it.
    package func encodeNamed<T: Encodable>(_ name: String, key: String, settings: T?) throws {
        var container = self.container(keyedBy: NamedCodingKey.self)
        try container.encode(name, forKey: NamedCodingKey(key))
        try settings?.encode(to: self)
    }
}

extension Decoder {
    /// The name written under `key` by ``Encoder/encodeNamed(_:key:settings:)``.
    package func decodeName(key: String) throws -> String {
        try container(keyedBy: NamedCodingKey.self).decode(String.self, forKey: NamedCodingKey(key))
    }
}
