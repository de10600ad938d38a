import SignatureKit

/// Group commit: entries that arrive while a batch is being written wait and are written together in the next one,
/// so fifty volunteers at once cost one transaction (and one fsync) per batch instead of one each.
public actor EntryBatcher {
    private let store: any EntryStore
    private var pending: [(SheetInput, String, CheckedContinuation<RecordOutcome?, any Error>)] = []
    private var writing = false
    private let today: @Sendable () -> CalendarDay

    public init(store: any EntryStore, today: @escaping @Sendable () -> CalendarDay = { .today() }) {
        self.store = store
        self.today = today
    }

    /// Records one sheet as `user`, in the next batch; `nil` when the campaign requires double entry (nothing stored).
    public func record(_ input: SheetInput, by user: String) async throws -> RecordOutcome? {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((input, user, continuation))
            if !writing {
                writing = true
                Task { await drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            do {
                let outcomes = try await store.recordSingleEntry(batch: batch.map { (input: $0.0, enteredBy: $0.1) }, today: today())
                for (index, entry) in batch.enumerated() { entry.2.resume(returning: outcomes?[index]) }
            } catch {
                for entry in batch { entry.2.resume(throwing: error) }
            }
            await Task.yield()
        }
        writing = false
    }
}
