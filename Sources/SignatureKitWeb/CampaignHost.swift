import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SignatureKit

/// Many campaigns behind one server (the hosted backend): each campaign's pages, API and login live under `/c/ID/`,
/// served by a ``WebApp`` of its own (its own group commit, sessions kept in the campaign's database). A session
/// belongs to one campaign: its token names the campaign, its cookie is sent only below `/c/ID/`, and a request that
/// brings another campaign's session is answered 404, as an unknown campaign is. The root lists no campaign (who
/// collects signatures is nobody else's business).
public struct CampaignHost: HTTPResponder {
    public typealias Context = WebContext
    let apps: CampaignApps

    /// - Parameter make: The web app of a campaign id, `nil` when the server has no such campaign.
    public init(make: @escaping @Sendable (String) async throws -> WebApp?) {
        apps = CampaignApps(make: make)
    }

    /// The prefix of a campaign's paths.
    public static func mount(_ id: String) -> String { "/c/\(id)" }

    public func respond(to request: Request, context: WebContext) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/c/") else { return Self.notFound() }
        let rest = path.dropFirst(3)
        let id = String(rest.prefix { $0 != "/" })
        guard id.range(of: "^[a-z0-9][a-z0-9-]{0,62}$", options: .regularExpression) != nil, let app = try await apps.app(id) else {
            return Self.notFound()
        }
        let inner = String(rest.dropFirst(id.count))
        guard !inner.isEmpty else { return redirect(Self.mount(id) + "/") }
        // Another campaign's session on this campaign's paths: as if there were nothing here.
        for cookie in request.headers[values: .cookie].flatMap({ $0.split(separator: ";") }) {
            let pair = cookie.trimmingCharacters(in: .whitespaces)
            guard pair.hasPrefix(WebApp.cookieName + "="), let token = pair.split(separator: "=", maxSplits: 1).last else { continue }
            if let owner = token.split(separator: ".", maxSplits: 1).first, token.contains("."), owner != id { return Self.notFound() }
        }
        var head = request.head
        head.path = inner + (request.uri.query.map { "?\($0)" } ?? "")
        let response = try await app.responder.respond(to: Request(head: head, body: request.body), context: context)
        return try await Self.mounted(response, at: Self.mount(id))
    }

    static func notFound() -> Response { json(.notFound, ErrorJSON(error: "Nicht gefunden.")) }

    /// A campaign app's answer with its own absolute paths moved below the campaign's prefix: redirects, and the links,
    /// script paths and API paths in pages, scripts, the manifest and JSON answers (`"/…`, `"\/…` in JSON, `next=/…`).
    static func mounted(_ response: Response, at prefix: String) async throws -> Response {
        var response = response
        if let location = response.headers[.location], location.hasPrefix("/") { response.headers[.location] = prefix + location }
        let type = response.headers[.contentType] ?? ""
        guard ["text/html", "text/javascript", "application/json", "application/manifest+json"].contains(where: type.hasPrefix) else {
            return response
        }
        let box = CollectedBody()
        try await response.body.write(BodyCollector(box: box))
        response.body = ResponseBody(byteBuffer: ByteBuffer(bytes: prefixed(Array(box.buffer.readableBytesView), prefix: prefix)))
        response.headers[.contentLength] = nil
        return response
    }

    /// The body with `prefix` after every `"` that starts an absolute path (`"/…`), before the path in JSON's escaped
    /// form (`"\/…` gets the prefix with its slashes escaped) and after `next=` before a path: one pass over the bytes
    /// (Foundation's `replacingOccurrences` three times over every answer was a twentieth of a hosted request).
    static func prefixed(_ body: [UInt8], prefix: String) -> [UInt8] {
        let plain = Array(prefix.utf8)
        let escaped = Array(prefix.replacingOccurrences(of: "/", with: "\\/").utf8)
        let (quote, slash, backslash, equals) = (UInt8(ascii: "\""), UInt8(ascii: "/"), UInt8(ascii: "\\"), UInt8(ascii: "="))
        let next = Array("next".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(body.count + 16 * plain.count)
        var i = 0
        while i < body.count {
            let byte = body[i]
            out.append(byte)
            if byte == quote && i + 1 < body.count {
                if body[i + 1] == slash {
                    out += plain
                } else if body[i + 1] == backslash && i + 2 < body.count && body[i + 2] == slash {
                    out += escaped
                }
            } else if byte == equals && i >= next.count && i + 1 < body.count && body[i + 1] == slash
                && body[(i - next.count)..<i].elementsEqual(next)
            {
                out += plain
            }
            i += 1
        }
        return out
    }
}

/// The campaigns' web apps, made once each on first use.
actor CampaignApps {
    struct Mounted {
        let app: WebApp
        let responder: RouterResponder<WebContext>
    }
    private var made: [String: Mounted] = [:]
    private let make: @Sendable (String) async throws -> WebApp?

    init(make: @escaping @Sendable (String) async throws -> WebApp?) { self.make = make }

    func app(_ id: String) async throws -> Mounted? {
        if let m = made[id] { return m }
        guard let app = try await make(id) else { return nil }
        if let m = made[id] { return m }
        let m = Mounted(app: app, responder: app.router(logRequests: true).buildResponder())
        made[id] = m
        return m
    }
}

final class CollectedBody: @unchecked Sendable {
    var buffer = ByteBuffer()
}

struct BodyCollector: ResponseBodyWriter {
    let box: CollectedBody
    mutating func write(_ buffer: ByteBuffer) async throws { box.buffer.writeImmutableBuffer(buffer) }
    mutating func write(contentsOf buffers: some Sequence<ByteBuffer>) async throws {
        for b in buffers { box.buffer.writeImmutableBuffer(b) }
    }
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
