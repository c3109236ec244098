/// Writes ratings as `user item rating` lines with the given separator, using the
/// original ids when the dataset has them (so a file read and written back reads
/// back to the same dataset) and dense indices otherwise.
///
/// ```swift
/// try RatingsWriter.write(ratings, to: "ratings.txt")
/// ```
public enum RatingsWriter {
    public static func write(_ data: RatingsDataset, to path: String,
                             separator: RatingsReader.Separator = .whitespace) throws(FormatError) {
        let out = try OutputFile(path: path)
        let sep: String = switch separator {
        case .whitespace: " "
        case .comma: ","
        case .doubleColon: "::"
        }
        for k in 0..<data.count {
            let entry = data[k]
            let u = Int(entry.user), i = Int(entry.item)
            if let ids = data.userIDs { try out.write(ids[u]) } else { try out.write(integer: u) }
            try out.write(sep)
            if let ids = data.itemIDs { try out.write(ids[i]) } else { try out.write(integer: i) }
            try out.write(sep)
            try out.write(float: entry.value)
            try out.write(byte: UInt8(ascii: "\n"))
        }
        try out.close()
    }
}
