extension Rules {
    /// The nomination must belong to the election (ward number and district name exist).
    public static let nominationExists: Rule = { input in
        input.election.contains(input.sheet.nomination)
            ? []
            : [
                .init(
                    code: "unknown-nomination", severity: .error,
                    message: "Wahlvorschlag \(input.sheet.nomination) gibt es in dieser Wahl nicht.",
                    basis: "Wahldaten")
            ]
    }
}
