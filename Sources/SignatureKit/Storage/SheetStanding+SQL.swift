extension SheetStanding {
    /// The standing as an SQL condition on the table `sheet`, built from ``SheetStanding/init(status:hasError:isDuplicate:)``
    /// so that SQL and Swift cannot disagree (a test checks every combination).
    package var sqlCondition: String {
        var parts: [String] = []
        for isDuplicate in [false, true] {
            for hasError in [false, true] {
                let statuses = SheetStatus.allCases.filter {
                    SheetStanding(status: $0, hasError: hasError, isDuplicate: isDuplicate) == self
                }
                guard !statuses.isEmpty else { continue }
                let list = statuses.map { "'\($0.rawValue)'" }.joined(separator: ",")
                parts.append(
                    "(status IN (\(list)) AND \(hasError ? "" : "NOT ")hasError AND duplicateOf IS \(isDuplicate ? "NOT " : "")NULL)")
            }
        }
        return parts.isEmpty ? "0" : "(" + parts.joined(separator: " OR ") + ")"
    }
}
