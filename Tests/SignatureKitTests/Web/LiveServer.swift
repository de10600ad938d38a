import Foundation
import Hummingbird
import HummingbirdCore
import NIOCore

@testable import SignatureKitWeb

/// sig-web's router on a real loopback socket, stoppable and restartable on the same port (the network "switched
/// off" and on again for the browser, while the sessions stay in the same `WebApp`).
final class LiveServer: @unchecked Sendable {
    /// The app it serves; a new one (a restarted server: new sessions in memory) may be set while it is stopped.
    var web: WebApp
    private(set) var port = 0
    private var task: Task<Void, any Error>?

    /// Several campaigns behind one server (the hosted backend), served instead of `web` when set.
    var host: CampaignHost?

    init(_ web: WebApp) { self.web = web }

    init(host: CampaignHost, placeholder: WebApp) {
        self.web = placeholder
        self.host = host
    }

    /// Starts listening (on a free port the first time, then on the same one) and returns when it listens.
    func start() async throws {
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = HTTPServerBuilder.http1(configuration: .init(idleTimeout: .milliseconds(500)))
        let configuration = ApplicationConfiguration(address: .hostname("127.0.0.1", port: port))
        let running: @Sendable (any Channel) async -> Void = { channel in continuation.yield(channel.localAddress?.port ?? 0) }
        if let host {
            let app = Application(responder: host, server: server, configuration: configuration, onServerRunning: running)
            task = Task { try await app.run() }
        } else {
            let app = Application(router: web.router(), server: server, configuration: configuration, onServerRunning: running)
            task = Task { try await app.run() }
        }
        for await listening in stream {
            port = listening
            break
        }
    }

    /// Stops listening; returns once the port refuses connections.
    func stop() async throws {
        if ProcessInfo.processInfo.environment["WEBDRIVER_TRACE"] != nil { FileHandle.standardError.write(Data("server stopping\n".utf8)) }
        task?.cancel()
        _ = try? await task?.value
        task = nil
        if ProcessInfo.processInfo.environment["WEBDRIVER_TRACE"] != nil { FileHandle.standardError.write(Data("server stopped\n".utf8)) }
    }

    var address: String { "http://127.0.0.1:\(port)" }
}
