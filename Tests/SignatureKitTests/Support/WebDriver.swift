import Foundation
import Testing

/// A small W3C WebDriver client for Debian's `chromedriver` driving headless `chromium`: enough to log in, type,
/// click, read text and run a line of script. One browser (fresh profile) per instance.
final class WebDriver: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let driver: Process
    let base: String
    let profile: URL
    let session: String

    /// Starts chromedriver on a port it chooses itself and opens a browser whose viewport is `width`×`height` (a phone).
    /// A driver that does not come up (a slow machine, a crash) is stopped and started once more, up to three times.
    init(width: Int = 390, height: Int = 844) async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver"), FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
        else { throw Failure(description: "chromium und chromium-driver fehlen (apt-get install chromium chromium-driver; .ci/run tut das)") }
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("sig-browser-\(UUID().uuidString)")
        (driver, base, session) = try await Self.start(profile: profile, width: width, height: height)
    }

    private static func start(profile: URL, width: Int, height: Int) async throws -> (Process, String, String) {
        var failure: any Error = Failure(description: "chromedriver startet nicht")
        for attempt in 1...3 {
            try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
            let log = profile.appendingPathComponent("chromedriver-\(attempt).log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let driver = Process()
            driver.executableURL = URL(fileURLWithPath: "/usr/bin/chromedriver")
            // Port 0: chromedriver binds a free port and names it; a port chosen here could be taken by then (the
            // test servers and every client connection draw from the same range).
            driver.arguments = ["--port=0"]
            driver.standardOutput = try FileHandle(forWritingTo: log)
            driver.standardError = FileHandle.nullDevice
            try driver.run()
            var base: String?
            do {
                let address = try await listening(driver, log: log)
                base = address
                // A browser profile per attempt: a browser of a failed attempt may still hold its lock.
                let browserProfile = profile.appendingPathComponent("browser-\(attempt)")
                let session = try await openSession(base: address, profile: browserProfile, width: width, height: height)
                return (driver, address, session)
            } catch {
                failure = error
                if let base { _ = try? await call(base, "GET", "/shutdown") }
                await stop(driver)
            }
        }
        throw failure
    }

    /// The address chromedriver announces on its output once it listens and answers ready (up to 30 s).
    private static func listening(_ driver: Process, log: URL) async throws -> String {
        let deadline = Date().addingTimeInterval(30)
        var base: String?
        while Date() < deadline, driver.isRunning {
            if base == nil, let text = try? String(contentsOf: log, encoding: .utf8),
                let match = text.firstMatch(of: /started successfully on port (\d+)/)
            {
                base = "http://127.0.0.1:\(match.1)"
            }
            if let base, let answer = try? await call(base, "GET", "/status"),
                (answer["value"] as? [String: Any])?["ready"] as? Bool == true
            {
                return base
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure(description: driver.isRunning ? "chromedriver nach 30 s nicht bereit" : "chromedriver beendet beim Start")
    }

    private static func openSession(base: String, profile: URL, width: Int, height: Int) async throws -> String {
        let capabilities: [String: Any] = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome",
                    "goog:chromeOptions": [
                        "binary": "/usr/bin/chromium",
                        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--user-data-dir=\(profile.path)"],
                        "mobileEmulation": ["deviceMetrics": ["width": width, "height": height, "pixelRatio": 1.0, "touch": true]],
                    ],
                ]
            ]
        ]
        let answer = try await call(base, "POST", "/session", capabilities)
        guard let id = (answer["value"] as? [String: Any])?["sessionId"] as? String else {
            throw Failure(description: "keine WebDriver-Sitzung: \(answer)")
        }
        return "/session/\(id)"
    }

    /// Ends the browser and the driver.
    func quit() async {
        _ = try? await call("DELETE", session)
        if ProcessInfo.processInfo.environment["WEBDRIVER_TRACE"] != nil { FileHandle.standardError.write(Data("driver ending\n".utf8)) }
        _ = try? await call("GET", "/shutdown")
        await Self.stop(driver)
        try? FileManager.default.removeItem(at: profile)
    }

    /// chromedriver ignores SIGTERM: ask it to shut down (done by the caller), then make sure (SIGKILL); no driver
    /// outlives its test.
    private static func stop(_ driver: Process) async {
        for _ in 0..<30 where driver.isRunning { try? await Task.sleep(for: .milliseconds(100)) }
        if driver.isRunning { kill(driver.processIdentifier, SIGKILL) }
        // Not waitUntilExit(): it spins a run loop on a cooperative thread.
        for _ in 0..<50 where driver.isRunning { try? await Task.sleep(for: .milliseconds(100)) }
    }

    /// One WebDriver command over a plain socket (HTTP/1.1, `Connection: close`): Swift's URLSession on Linux fails
    /// on chromedriver's response headers.
    @discardableResult
    func call(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
        try await Self.call(base, method, path, body)
    }

    @discardableResult
    static func call(_ base: String, _ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
        let payload = try body.map { try JSONSerialization.data(withJSONObject: $0) } ?? Data()
        if ProcessInfo.processInfo.environment["WEBDRIVER_TRACE"] != nil { FileHandle.standardError.write(Data("→ \(method) \(path)\n".utf8)) }
        let port = UInt16(base.split(separator: ":").last.flatMap { Int($0) } ?? 0)
        // On a thread of its own: a blocked cooperative thread could starve the server that the browser is waiting for.
        let data = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Data, any Error>) in
            Thread { continuation.resume(with: Result { try Self.exchange(port: port, method: method, path: path, payload: payload) }) }.start()
        }
        guard let split = data.range(of: Data("\r\n\r\n".utf8)) else { throw Failure(description: "\(method) \(path): keine Antwort") }
        return (try? JSONSerialization.jsonObject(with: data[split.upperBound...])) as? [String: Any] ?? [:]
    }

    static func exchange(port: UInt16, method: String, path: String, payload: Data) throws -> Data {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "kein Socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "chromedriver antwortet nicht (Port \(port))") }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let head =
            "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(payload.count)\r\nConnection: close\r\n\r\n"
        let request = Data(head.utf8) + payload
        var sent = 0
        while sent < request.count {
            let n = request.withUnsafeBytes { send(fd, $0.baseAddress?.advanced(by: sent), request.count - sent, 0) }
            guard n > 0 else { throw Failure(description: "Senden an chromedriver fehlgeschlagen") }
            sent += n
        }
        var response = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        // Read to the end of the body its Content-Length announces (chromedriver keeps the connection open).
        let separator = Data("\r\n\r\n".utf8)
        while true {
            if let split = response.range(of: separator) {
                let head = String(decoding: response[..<split.lowerBound], as: UTF8.self).lowercased()
                let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) }
                if let length, response.count - split.upperBound >= length { break }
            }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            response.append(contentsOf: buffer[0..<n])
        }
        return response
    }

    func open(_ url: String) async throws { try await call("POST", session + "/url", ["url": url]) }

    func element(_ css: String) async throws -> String {
        let answer = try await call("POST", session + "/element", ["using": "css selector", "value": css])
        guard let value = answer["value"] as? [String: Any], let id = value.values.first as? String, value["error"] == nil else {
            throw Failure(description: "kein Element \(css): \(answer)")
        }
        return id
    }

    func type(_ css: String, _ text: String) async throws {
        let id = try await element(css)
        try await call("POST", session + "/element/\(id)/clear", [:])
        try await call("POST", session + "/element/\(id)/value", ["text": text])
    }

    func click(_ css: String) async throws {
        try await call("POST", session + "/element/\(try await element(css))/click", [:])
    }

    /// Runs `script` (a function body) in the page and returns its result.
    func run(_ script: String) async throws -> Any? {
        (try await call("POST", session + "/execute/sync", ["script": script, "args": []]))["value"]
    }

    /// One command of the Chrome DevTools Protocol (network conditions, for instance), through chromedriver.
    @discardableResult
    func cdp(_ command: String, _ parameters: [String: Any] = [:]) async throws -> [String: Any] {
        let answer = try await call("POST", session + "/goog/cdp/execute", ["cmd": command, "params": parameters])
        if let value = answer["value"] as? [String: Any], let error = value["error"] { throw Failure(description: "\(command): \(error)") }
        return answer
    }

    func text(_ css: String) async throws -> String {
        (try await run("const e = document.querySelector(\(quoted(css))); return e ? e.textContent : null;")) as? String ?? ""
    }

    /// Waits until `script` returns true (up to `seconds`); throws with `what` otherwise.
    func wait(_ what: String, seconds: Double = 20, until script: String) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? await run(script)) as? Bool == true { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        await shot("failed-" + what.filter { $0.isLetter || $0.isNumber })
        // The page's text without its lists of choices (the nominations would fill the message).
        let page =
            (try? await run(
                "const c = document.body.cloneNode(true); c.querySelectorAll('select, datalist, script').forEach(e => e.remove());"
                    + " return location.pathname + ' | ' + c.textContent.replace(/\\s+/g, ' ').trim().slice(0, 800)")) as? String ?? ""
        throw Failure(description: "nach \(Int(seconds)) s nicht erreicht: \(what) (Seite: \(page))")
    }

    /// Fills the entry form (inputs named like the CSV columns; the nomination chosen from its list) and presses Speichern.
    func enterSheet(_ fields: [(String, String)]) async throws {
        for (name, value) in fields {
            if name == "nomination" {
                try await choose("select[name=nomination]", value)
            } else {
                try await type("input[name=\(name)]", value)
            }
        }
        try await click("#save")
    }

    /// Chooses the option with `value` in a list, as a tap would (a change event follows).
    func choose(_ css: String, _ value: String) async throws {
        // The page fills its lists from /api/entry-context: wait for the option (a slow answer under load is no failure;
        // the full suite runs the PostgreSQL cluster and its imports beside the browser on two cores).
        try? await wait(
            "Auswahl \(value)", seconds: 30,
            until: "const s = document.querySelector(\(quoted(css))); return !!s && [...s.options].some(o => o.value === \(quoted(value)));")
        let ok = try await run(
            "const s = document.querySelector(\(quoted(css))); if (!s || ![...s.options].some(o => o.value === \(quoted(value)))) return false;"
                + " s.value = \(quoted(value)); s.dispatchEvent(new Event('change', {bubbles: true})); return true;")
        guard ok as? Bool == true else { throw Failure(description: "keine Auswahl \(value) in \(css)") }
    }

    /// Saves a screenshot under `$SIG_SHOTS/name.png` when that variable names a folder (to look at by hand).
    func shot(_ name: String) async {
        guard let folder = ProcessInfo.processInfo.environment["SIG_SHOTS"], let data = try? await screenshot() else { return }
        try? data.write(to: URL(fileURLWithPath: folder).appendingPathComponent(name + ".png"))
    }

    func screenshot() async throws -> Data {
        let answer = try await call("GET", session + "/screenshot")
        return Data(base64Encoded: answer["value"] as? String ?? "") ?? Data()
    }

    private func quoted(_ s: String) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: [s])) ?? Data("[\"\"]".utf8), as: UTF8.self).dropFirst().dropLast()
            .description
    }
}
