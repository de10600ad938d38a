import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOSSL
import Testing

@testable import SignatureKit
@testable import SignatureKitWeb

/// sig-web with its own certificate (--tls-cert/--tls-key) and the rule about where it may listen.
struct TLSTests {
    @Test("Other addresses than loopback only with TLS or behind a proxy; unreadable or wrong key files get a German message")
    func address() throws {
        #expect(throws: SignatureKitError.self) { try WebServer.checkAddress("0.0.0.0", tls: false) }
        try WebServer.checkAddress("0.0.0.0", tls: true)
        // D10: behind a proxy, plain HTTP stays on loopback (the proxy runs on the same machine).
        #expect(throws: SignatureKitError.self) { try WebServer.checkAddress("192.0.2.1", tls: false) }
        try WebServer.checkAddress("127.0.0.1", tls: false)
        #expect(try WebServer.trustedProxies([], behindProxy: true) == ["127.0.0.1", "::1"])
        #expect(try WebServer.trustedProxies([], behindProxy: false) == [])
        #expect(try WebServer.trustedProxies(["10.1.2.3"], behindProxy: true) == ["10.1.2.3"])
        #expect(throws: SignatureKitError.self) { try WebServer.trustedProxies(["proxy.example"], behindProxy: true) }
        let dir = TestSupport.tempDir()
        let notPEM = TestSupport.write("kein Zertifikat", in: dir, name: "cert.pem")
        #expect(throws: SignatureKitError.fileNotFound(dir.path + "/fehlt.pem")) {
            try WebServer.tlsConfiguration(certificate: dir.path + "/fehlt.pem", key: notPEM)
        }
        do {
            _ = try WebServer.tlsConfiguration(certificate: notPEM, key: notPEM)
            Issue.record("accepted a file without a certificate")
        } catch let error as SignatureKitError {
            #expect(error.errorDescription?.contains("--tls-cert") == true && error.errorDescription?.contains("PEM") == true)
        }
    }

    @Test("With a certificate the server speaks HTTPS on its socket and the session cookie is Secure")
    func https() async throws {
        let dir = TestSupport.tempDir()
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost", "-keyout", dir.path + "/key.pem", "-out",
            dir.path + "/cert.pem",
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        while openssl.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        let tls = try WebServer.tlsConfiguration(certificate: dir.path + "/cert.pem", key: dir.path + "/key.pem")
        let db = try WebFixture.database()
        let web = WebApp(backend: db, secureCookies: true)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = try WebServer.application(web, host: "127.0.0.1", port: 0, tls: tls) { continuation.yield($0.localAddress?.port ?? 0) }
        let server = Task { try await app.run() }
        var port = 0
        for await p in ports {
            port = p
            break
        }
        var client = TLSConfiguration.makeClientConfiguration()
        client.certificateVerification = .none  // self-signed for the test
        let answer = try await TestClient.withClient(
            // A long read timeout: the full suite runs browsers and PostgreSQL beside this login's scrypt on two cores.
            host: "127.0.0.1", port: port, configuration: .init(tlsConfiguration: client, timeout: .seconds(120), serverName: "localhost")
        ) { c in
            try await c.post(
                "/login", headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "user=aylin&password=\(WebFixture.passwords["aylin"] ?? "")"))
        }
        server.cancel()
        #expect(answer.head.status == .ok)
        #expect(answer.headers[.setCookie]?.hasSuffix("; Secure") == true)
    }
}
