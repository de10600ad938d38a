extension Election {
    /// Checks every number of an election file against a sane range, and names for uniqueness regardless of case
    /// and umlaut spelling, so that no absurd value can trap the arithmetic or silently let anyone count.
    ///
    /// - Returns: The first problem as (field path, German reason), or `nil` when the file is sane.
    package func problem() -> (field: String, reason: String)? {
        var checks: [(String, Double, ClosedRange<Double>)] = [
            ("minimumAge.value", Double(minimumAge.value), 14...21),
            ("councilSize.value", Double(councilSize.value), 0...200),
            ("wardCount.value", Double(wardCount.value), 0...200),
            ("eligibleVoters.value", Double(eligibleVoters.value), 0...50_000_000),
            ("nominationDeadline.value.daysBefore", Double(nominationDeadline.value.daysBefore), 0...400),
            ("residenceCutoff.value.daysBefore", Double(residenceCutoff.value.daysBefore), 0...400),
            ("seatAllocation.value.threshold", seatAllocation.value.threshold, 0...50),
        ]
        if let m = objectionPeriodMonths { checks.append(("objectionPeriodMonths.value", Double(m.value), 0...24)) }
        if let q = wardQuotaCautious { checks.append(("wardQuotaCautious.value", Double(q.value), 0...100_000)) }
        if let s = districtCouncilSize { checks.append(("districtCouncilSize.value", Double(s.value), 1...200)) }
        if let t = districtCouncilThreshold { checks.append(("districtCouncilThreshold.value", t.value, 0...50)) }
        for (name, voters) in districtEligibleVoters?.value ?? [:] {
            checks.append(("districtEligibleVoters.value.\(name)", Double(voters), 0...10_000_000))
        }
        for (i, w) in wards.enumerated() {
            checks.append(("wards[\(i)].number", Double(w.number), 1...10_000))
            if let n = w.inhabitants { checks.append(("wards[\(i)].inhabitants", Double(n), 0...10_000_000)) }
            if let r = w.required { checks.append(("wards[\(i)].required", Double(r), 0...100_000)) }
        }
        let rules = [
            ("ward", quotas.ward), ("list", quotas.list), ("mayor", quotas.mayor), ("district", quotas.district),
            ("constituency", quotas.constituency),
        ]
        for case (let kind, let rule?) in rules {
            let path = "quotas.\(kind).value"
            let r = rule.value
            if let v = r.perMille { checks.append(("\(path).perMille", v, 0...1000)) }
            for (name, value) in [("minimum", r.minimum), ("maximum", r.maximum), ("required", r.required), ("default", r.default)] {
                if let value { checks.append(("\(path).\(name)", Double(value), 0...100_000)) }
            }
            if let f = r.factor { checks.append(("\(path).factor", Double(f), 0...1000)) }
            for (i, t) in (r.tiers ?? []).enumerated() {
                checks.append(("\(path).tiers[\(i)].required", Double(t.required), 0...100_000))
                if let u = t.upTo { checks.append(("\(path).tiers[\(i)].upTo", Double(u), 0...10_000_000)) }
            }
            if let lo = r.minimum, let hi = r.maximum, lo > hi { return ("\(path).minimum", "größer als maximum (\(hi))") }
        }
        for (field, value, range) in checks where !(value.isFinite && range.contains(value)) {
            let show = { (x: Double) in x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : GermanNumber.format(x) }
            let shown = value.isFinite ? (abs(value) < 1e15 ? show(value) : "zu groß") : "kein endlicher Wert"
            return (field, "\(shown) liegt außerhalb von \(show(range.lowerBound)) bis \(show(range.upperBound))")
        }
        if !wards.isEmpty && quotas.ward == nil { return ("quotas.ward", "fehlt, obwohl die Wahl Wahlbezirke hat") }
        if !districts.isEmpty && quotas.district == nil { return ("quotas.district", "fehlt, obwohl die Wahl Stadtbezirke hat") }
        if !(constituencies ?? []).isEmpty && quotas.constituency == nil {
            return ("quotas.constituency", "fehlt, obwohl die Wahl Wahlkreise hat")
        }
        let numbers = (constituencies ?? []).map(\.number)
        if Set(numbers).count != numbers.count { return ("constituencies", "eine Wahlkreisnummer kommt doppelt vor") }
        if let i = numbers.firstIndex(where: { !(1...999).contains($0) }) {
            return ("constituencies[\(i)].number", "\(numbers[i]) liegt außerhalb von 1 bis 999")
        }
        var seen = Set<String>()
        for (i, d) in districts.enumerated() {
            let key = Normalizer.nameKey(d.name)
            if key.isEmpty { return ("districts[\(i)].name", "darf nicht leer sein") }
            if !seen.insert(key).inserted { return ("districts[\(i)].name", "„\(d.name.prefix(40))“ kommt (ohne Groß-/Kleinschreibung) doppelt vor") }
        }
        return nil
    }
}
