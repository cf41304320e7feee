# A small HTTP app for proxy tests: it answers with what it received, as JSON.
import json, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

class Echo(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def websocket(self):
        # A minimal RFC 6455 echo: answers every text message with "echo:" + message.
        import base64, hashlib, struct
        accept = base64.b64encode(hashlib.sha1((self.headers["Sec-WebSocket-Key"] +
                 "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()).decode()
        self.send_response(101)
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", accept)
        self.end_headers()
        self.wfile.flush()
        seen = json.dumps({"cookie": self.headers.get("Cookie"), "authorization": self.headers.get("Authorization"),
                           "path": self.path}).encode()
        self.wfile.write(bytes([0x81, len(seen)]) + seen if len(seen) < 126 else bytes([0x81, 126]) + struct.pack(">H", len(seen)) + seen)
        self.wfile.flush()
        while True:
            head = self.rfile.read(2)
            if len(head) < 2:
                return
            opcode, length = head[0] & 0x0f, head[1] & 0x7f
            if length == 126:
                length = struct.unpack(">H", self.rfile.read(2))[0]
            mask = self.rfile.read(4)
            data = bytes(b ^ mask[i % 4] for i, b in enumerate(self.rfile.read(length)))
            if opcode == 8:
                return
            reply = b"echo:" + data
            self.wfile.write(bytes([0x81, len(reply)]) + reply)
            self.wfile.flush()

    def answer(self):
        if self.headers.get("Upgrade", "").lower() == "websocket":
            return self.websocket()
        if self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path.startswith("/status/"):
            self.send_response(int(self.path[len("/status/"):]))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        if self.path.startswith("/slow/"):
            # One chunk a second for the given seconds: a long, streamed answer.
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for tick in range(int(self.path[len("/slow/"):])):
                part = b"tick-%d;" % tick
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                self.wfile.flush()
                time.sleep(1)
            self.wfile.write(b"0\r\n\r\n")
            return
        if self.path.startswith("/own-csp"):
            # A page that sends a CSP of its own and tries to set and clear our cookies, then calls
            # the API as whoever opened it and shows what each call did.
            page = b"""<!doctype html><title>own csp</title><pre id="out">running</pre><script>
            const out = {};
            async function attempt(name, url, init) {
              try { const r = await fetch(url, init); out[name] = "status " + r.status + " " + (await r.text()).slice(0, 60); }
              catch (e) { out[name] = "blocked"; }
            }
            (async () => {
              await attempt("me", "/auth/me");
              await attempt("sessions", "/api/sessions");
              await attempt("keys", "/api/keys", {method: "PUT", headers: {"Content-Type": "application/json"},
                  body: JSON.stringify({keys: {PLANTED_KEY: "sk-planted"}})});
              document.getElementById("out").textContent = JSON.stringify(out);
            })();
            </script>"""
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Security-Policy", "default-src 'self' 'unsafe-inline'")
            self.send_header("Set-Cookie", "remolt_auth=planted; Path=/")
            self.send_header("Set-Cookie", "__Host-remolt_auth=planted; Path=/; Secure")
            self.send_header("Clear-Site-Data", '"cookies"')
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)
            return
        if self.path.startswith("/chunked"):
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Set-Cookie", "app_cookie=1; Path=/")
            self.end_headers()
            for part in (b"first-", b"second-", b"third"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
            return
        data = json.dumps({"method": self.command, "path": self.path, "headers": dict(self.headers.items()),
                           "body": body}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = answer

    def log_message(self, *args):
        pass

ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Echo).serve_forever()
