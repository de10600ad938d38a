/// One status change requested for a sheet.
public struct StatusChange: Sendable, Equatable {
    public var sheet: String
    public var status: SheetStatus
    public var reason: RejectReason?
    /// Where the change came from (file and line), for messages.
    public var origin: String?

    public init(sheet: String, status: SheetStatus, reason: RejectReason? = nil, origin: String? = nil) {
        self.sheet = sheet
        self.status = status
        self.reason = reason
        self.origin = origin
    }
}

/// A status move a backend writes: the sheet's new status and reason, an event, and whether its earliest duplicate
/// counts from now on.
public struct StatusMove: Sendable, Equatable {
    public var sheet: String
    public var from: SheetStatus
    public var to: SheetStatus
    public var reason: RejectReason?
    /// The sheet can no longer count: its earliest duplicate counts instead.
    public var promotesDuplicate: Bool
}

/// The status lifecycle as a pure function: both backends load the current statuses, call ``plan(_:current:)`` inside
/// their transaction, and write the moves it returns (all or none).
public enum Lifecycle {
    /// The moves for `changes`, given each named sheet's current status (`nil`: not entered). A sheet already in the
    /// status, or named twice, moves once or not at all; a rejection without a reason is rejected for `other`.
    ///
    /// - Throws: ``SignatureKitError/sheetNotFound(_:)`` or ``SignatureKitError/impossibleTransition(sheet:from:to:)``
    ///   (with an origin: ``SignatureKitError/ioFailure(path:reason:)`` naming the file and line); then nothing moves.
    public static func plan(_ changes: [StatusChange], current: [String: SheetStatus]) throws -> [StatusMove] {
        var now = current
        var moves: [StatusMove] = []
        for change in changes {
            let number = change.sheet.uppercased()
            guard let from = now[number] else {
                if let origin = change.origin {
                    throw SignatureKitError.ioFailure(path: origin, reason: "Feld „Formblatt“: \(number) ist nicht erfasst; nichts geändert.")
                }
                throw SignatureKitError.sheetNotFound(number)
            }
            if from == change.status { continue }
            guard from.allowedNext.contains(change.status) else {
                if let origin = change.origin {
                    throw SignatureKitError.ioFailure(
                        path: origin,
                        reason:
                            "Feld „Status“: \(number) kann nicht von \(quote(from.germanName)) nach \(quote(change.status.germanName)) wechseln; nichts geändert."
                    )
                }
                throw SignatureKitError.impossibleTransition(sheet: number, from: from, to: change.status)
            }
            let reason = change.status == .rejected ? (change.reason ?? .other) : nil
            moves.append(
                StatusMove(
                    sheet: number, from: from, to: change.status, reason: reason, promotesDuplicate: SheetStatus.closed.contains(change.status)))
            now[number] = change.status
        }
        return moves
    }

    /// The audit entries of the moves: one per new status, with its sheets, in a stable order.
    public static func auditActions(_ moves: [StatusMove]) -> [(action: String, sheets: [String])] {
        var byStatus: [SheetStatus: [String]] = [:]
        for m in moves { byStatus[m.to, default: []].append(m.sheet) }
        return byStatus.sorted { $0.key.rawValue < $1.key.rawValue }.map { ("status:\($0.key.rawValue)", $0.value) }
    }
}
