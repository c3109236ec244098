/// Writes ratings as `user item rating` lines with the given separator, using the
/// original ids when the dataset has them (so a file read and written back reads
/// back to the same dataset) and dense indices otherwise; with `firstIndex` set, dense
/// indices from that base always (1 for programs that number users and items from 1).
///
/// ```swift
/// try RatingsWriter.write(ratings, to: "ratings.txt")
/// ```
public enum RatingsWriter {
    public static func write(
        _ data: RatingsDataset, to path: String,
        separator: RatingsReader.Separator = .whitespace, firstIndex: Int? = nil
    ) throws(FormatError) {
        let out = try OutputFile(path: path)
        let sep: String =
            switch separator {
            case .whitespace: " "
            case .comma: ","
            case .doubleColon: "::"
            }
        for k in 0..<data.count {
            let entry = data[k]
            let u = Int(entry.user), i = Int(entry.item)
            if let ids = data.userIDs, firstIndex == nil {
                try out.write(ids[u])
            } else {
                try out.write(integer: u + (firstIndex ?? 0))
            }
            try out.write(sep)
            if let ids = data.itemIDs, firstIndex == nil {
                try out.write(ids[i])
            } else {
                try out.write(integer: i + (firstIndex ?? 0))
            }
            try out.write(sep)
            try out.write(float: entry.value)
            try out.write(byte: UInt8(ascii: "\n"))
        }
        try out.close()
    }
}
