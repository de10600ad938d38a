/// A stored pair as `check` reports it, with its German message.
struct PairFinding {
    let id: Int64
    let pairClass: PairClass
    let reasons: String
    let nominations: (NominationID?, NominationID?)

    var germanMessage: String {
        let a = nominations.0?.germanLabel ?? "?"
        let b = nominations.1?.germanLabel ?? "?"
        switch pairClass {
        case .duplicate:
            return "Dieselbe Person hat \(a) zweimal unterstützt; zählt einmal (\(reasons))."
        case .possibleDuplicate:
            return "Wahrscheinlich dieselbe Person, Prüffall \(id): \(reasons). Mit `sig-cli review` entscheiden."
        case .conflict:
            return "Dieselbe Person auf zwei Wahlvorschlägen derselben Art (\(a), \(b)): beide Unterschriften können ungültig sein. Prüffall \(id)."
        case .possibleConflict:
            return "Wahrscheinlich dieselbe Person auf \(a) und \(b), Prüffall \(id): \(reasons)."
        }
    }
}
