extension Rules {
    /// Signed on or after the nomination meeting (or the earliest legal meeting date), not after
    /// the deadline day and not in the future.
    public static let signingDate: Rule = { input in
        let e = input.election
        let signed = input.sheet.signedOn
        var out: [Finding] = []
        if signed > input.today {
            out.append(
                .init(
                    code: "signed-in-future", severity: .error,
                    message: "Datum der Unterschrift liegt in der Zukunft.", basis: "Plausibilität"))
        }
        if signed > e.deadlineDay {
            out.append(
                .init(
                    code: "signed-after-deadline", severity: .error,
                    message: "Unterschrieben nach Fristende (\(e.deadlineText)).", basis: e.nominationDeadline.basis))
        }
        if let meeting = input.meetingDate {
            if signed < meeting {
                out.append(
                    .init(
                        code: "signed-before-meeting", severity: .error,
                        message: "Unterschrieben vor der Aufstellungsversammlung am \(meeting.german).",
                        basis: "KWahlO § 26 Abs. 3 (Analogie zu BWO § 34 Abs. 4, unbestätigt)"))
            }
        } else if let earliest = e.earliestNominationMeeting, signed < earliest.value {
            out.append(
                .init(
                    code: "signed-before-meeting", severity: .error,
                    message: "Unterschrieben vor dem frühestmöglichen Aufstellungstermin \(earliest.value.german).",
                    basis: earliest.basis))
        }
        return out
    }
}
