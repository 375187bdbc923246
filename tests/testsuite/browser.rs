//! Headless Chromium for browser tests, driven over the DevTools protocol, and a small static
//! file server that publishes a built site under a sub-path, as a static host would.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

pub const DEADLINE: Duration = Duration::from_secs(30);

/// Serves `root` at `http://127.0.0.1:<port><prefix>` until dropped.
pub struct StaticServer {
    pub addr: SocketAddr,
    prefix: String,
}

impl StaticServer {
    pub fn start(root: &Path, prefix: &str) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let root = root.to_path_buf();
        let served_prefix = prefix.to_owned();
        std::thread::spawn(move || {
            for stream in listener.incoming().map_while(Result::ok) {
                let root = root.clone();
                let prefix = served_prefix.clone();
                std::thread::spawn(move || serve_one(stream, &root, &prefix));
            }
        });
        StaticServer {
            addr,
            prefix: prefix.to_owned(),
        }
    }

    /// The URL of `path`, written with or without the prefix (`/hb/a/` or `a/`).
    pub fn url(&self, path: &str) -> String {
        if path.starts_with(&self.prefix) {
            format!("http://{}{path}", self.addr)
        } else {
            format!(
                "http://{}{}{}",
                self.addr,
                self.prefix,
                path.trim_start_matches('/')
            )
        }
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("xml") => "application/xml",
        _ => "application/octet-stream",
    }
}

fn serve_one(mut stream: TcpStream, root: &Path, prefix: &str) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).map_or(true, |n| n == 0) || header == "\r\n" {
            break;
        }
    }
    let target = line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_owned();
    let file: Option<PathBuf> = target
        .strip_prefix(prefix)
        .filter(|rel| !rel.split('/').any(|p| p == ".."))
        .map(|rel| {
            let path = root.join(rel);
            if rel.is_empty() || rel.ends_with('/') {
                path.join("index.html")
            } else {
                path
            }
        });
    let (status, body, kind) = match file
        .as_ref()
        .and_then(|f| std::fs::read(f).ok().map(|b| (b, f)))
    {
        Some((body, path)) => ("200 OK", body, content_type(path)),
        None => (
            "404 Not Found",
            std::fs::read(root.join("404.html")).unwrap_or_default(),
            "text/html; charset=utf-8",
        ),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

fn http_get(addr: SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    stream
        .write_all(
            format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .unwrap();
    // Chromium's DevTools endpoint may keep the connection open: read by Content-Length.
    let mut reader = BufReader::new(stream);
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = Vec::new();
    match length {
        Some(n) => {
            body.resize(n, 0);
            let _ = reader.read_exact(&mut body);
        }
        None => {
            let _ = reader.read_to_end(&mut body);
        }
    }
    String::from_utf8_lossy(&body).into_owned()
}

/// A headless Chromium with one page open.
pub struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
    socket: tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>,
    next_id: u64,
}

impl Browser {
    /// Starts Chromium on `url`. Fails with a clear message when Chromium is not installed.
    pub fn open(url: &str) -> Browser {
        let chromium = ["chromium", "chromium-browser", "google-chrome"]
            .into_iter()
            .find(|name| Command::new(name).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success()))
            .expect("browser tests need Chromium: install Debian's `chromium` package (`apt-get install -y chromium`, as .ci/run does)");
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ])
            .arg("--remote-debugging-port=0")
            .arg("--window-size=1280,900")
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(url)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start chromium");
        let stderr = BufReader::new(child.stderr.take().unwrap());
        let (sender, receiver) = channel();
        std::thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                if let Some(ws) = line.strip_prefix("DevTools listening on ") {
                    let _ = sender.send(ws.trim().to_owned());
                }
            }
        });
        let browser_ws = receiver
            .recv_timeout(DEADLINE)
            .expect("Chromium did not print its DevTools address");
        let devtools: SocketAddr = browser_ws
            .trim_start_matches("ws://")
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let started = Instant::now();
        let page_ws = loop {
            let list = http_get(devtools, "/json/list");
            let targets: serde_json::Value = serde_json::from_str(&list).unwrap_or_default();
            let page = targets.as_array().into_iter().flatten().find(|t| {
                t["type"] == "page" && t["url"].as_str().is_some_and(|u| u.starts_with("http"))
            });
            if let Some(ws) = page.and_then(|t| t["webSocketDebuggerUrl"].as_str()) {
                break ws.to_owned();
            }
            assert!(
                started.elapsed() < DEADLINE,
                "Chromium opened no page: {list}"
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        let (socket, _) =
            tungstenite::connect(page_ws.as_str()).expect("connect to the page over DevTools");
        let mut browser = Browser {
            child,
            _profile: profile,
            socket,
            next_id: 0,
        };
        browser.command(
            "Emulation.setFocusEmulationEnabled",
            serde_json::json!({"enabled": true}),
        );
        browser
    }

    /// Sends a DevTools command and returns its result.
    pub fn command(&mut self, method: &str, params: serde_json::Value) -> serde_json::Value {
        self.next_id += 1;
        let id = self.next_id;
        let message = serde_json::json!({"id": id, "method": method, "params": params});
        self.socket
            .send(tungstenite::Message::Text(message.to_string().into()))
            .expect("send to Chromium");
        loop {
            let reply = self.socket.read().expect("read from Chromium");
            let Ok(text) = reply.to_text() else { continue };
            let value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
            if value["id"] == id {
                return value["result"].clone();
            }
        }
    }

    /// Evaluates `expression` (awaiting a promise) and returns its value.
    pub fn eval(&mut self, expression: &str) -> serde_json::Value {
        let result = self.command("Runtime.evaluate", serde_json::json!({"expression": expression, "returnByValue": true, "awaitPromise": true, "userGesture": true}));
        result["result"]["value"].clone()
    }

    /// Evaluates `expression` until it is `true`, or fails with `what`.
    #[track_caller]
    pub fn wait_until(&mut self, expression: &str, what: &str) {
        let started = Instant::now();
        while self.eval(expression) != serde_json::Value::Bool(true) {
            assert!(
                started.elapsed() < DEADLINE,
                "timed out waiting for {what} ({expression})"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Types `text` into the focused element, key by key, as a person would.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.command(
                "Input.dispatchKeyEvent",
                serde_json::json!({"type": "keyDown", "text": c.to_string(), "key": c.to_string()}),
            );
            self.command(
                "Input.dispatchKeyEvent",
                serde_json::json!({"type": "keyUp", "key": c.to_string()}),
            );
        }
    }

    /// Presses a named key (`ArrowDown`, `Enter`, `/`) on the focused element.
    pub fn press(&mut self, key: &str, code: &str, key_code: u32) {
        let text = if key.chars().count() == 1 {
            key.to_owned()
        } else {
            String::new()
        };
        let mut down = serde_json::json!({"type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": key_code});
        if !text.is_empty() {
            down["text"] = serde_json::Value::String(text);
        }
        self.command("Input.dispatchKeyEvent", down);
        self.command("Input.dispatchKeyEvent", serde_json::json!({"type": "keyUp", "key": key, "code": code, "windowsVirtualKeyCode": key_code}));
    }

    /// Clicks the centre of the first element matching `selector`, with a real mouse event.
    pub fn click(&mut self, selector: &str) {
        let script = format!(
            "(() => {{ const e = document.querySelector({selector:?}); e.scrollIntoView({{block: 'center', behavior: 'instant'}}); const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})()"
        );
        let point = self.eval(&script);
        let (x, y) = (
            point[0].as_f64().expect("element to click"),
            point[1].as_f64().unwrap(),
        );
        for kind in ["mousePressed", "mouseReleased"] {
            self.command("Input.dispatchMouseEvent", serde_json::json!({"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}));
        }
    }

    /// Lets the page read and write the clipboard.
    pub fn grant_clipboard(&mut self, origin: &str) {
        self.command("Browser.grantPermissions", serde_json::json!({"origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]}));
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
