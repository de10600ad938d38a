/// A stored pair as `check` reports it, with its German message.
package struct PairFinding {
    package let id: Int64
    package let pairClass: PairClass
    package let reasons: String
    package let nominations: (NominationID?, NominationID?)

    package init(id: Int64, pairClass: PairClass, reasons: String, nominations: (NominationID?, NominationID?)) {
        self.id = id
        self.pairClass = pairClass
        self.reasons = reasons
        self.nominations = nominations
    }

    package var germanMessage: String {
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
