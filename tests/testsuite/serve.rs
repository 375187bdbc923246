//! `handbook serve`: the server is started on a free port for a fixture site and driven with
//! plain HTTP requests over `TcpStream`, an event-stream reader, and (once) headless Chromium.
//! Waits poll with generous deadlines so the tests hold on a loaded two-core machine.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::harness::TestSite;

const DEADLINE: Duration = Duration::from_secs(60);

/// A running `handbook serve`, stopped on drop.
struct Server {
    child: Child,
    addr: SocketAddr,
    base: String,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

fn capture(
    reader: impl Read + Send + 'static,
    into: Arc<Mutex<String>>,
    lines: Option<std::sync::mpsc::Sender<String>>,
) {
    std::thread::spawn(move || {
        for line in BufReader::new(reader).lines().map_while(Result::ok) {
            into.lock().unwrap().push_str(&format!("{line}\n"));
            if let Some(lines) = &lines {
                let _ = lines.send(line);
            }
        }
    });
}

impl Server {
    fn start(site: &Path) -> Server {
        Server::try_start(site, &[])
            .unwrap_or_else(|text| panic!("the server did not start:\n{text}"))
    }

    fn try_start(site: &Path, extra: &[&str]) -> Result<Server, String> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_handbook"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start handbook serve");
        let (stdout, stderr) = (
            Arc::new(Mutex::new(String::new())),
            Arc::new(Mutex::new(String::new())),
        );
        let (lines, receiver) = channel();
        capture(
            child.stdout.take().unwrap(),
            Arc::clone(&stdout),
            Some(lines),
        );
        capture(child.stderr.take().unwrap(), Arc::clone(&stderr), None);
        let started = Instant::now();
        while started.elapsed() < DEADLINE {
            match receiver.recv_timeout(Duration::from_millis(200)) {
                Ok(line) => {
                    if let Some(url) = line.split_whitespace().find(|w| w.starts_with("http://")) {
                        let rest = url.trim_start_matches("http://");
                        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
                        let addr = host.parse().expect("server address");
                        return Ok(Server {
                            child,
                            addr,
                            base: path.to_owned(),
                            stdout,
                            stderr,
                        });
                    }
                }
                Err(_) => {
                    if let Ok(Some(status)) = child.try_wait() {
                        return Err(format!(
                            "exit {status}\n{}{}",
                            stdout.lock().unwrap(),
                            stderr.lock().unwrap()
                        ));
                    }
                }
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        Err(format!(
            "no URL printed within {DEADLINE:?}\n{}",
            stderr.lock().unwrap()
        ))
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn get(&self, path: &str) -> Reply {
        request(self.addr, "GET", path, &[])
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Polls `path` until its body contains `needle`.
    #[track_caller]
    fn wait_for(&self, path: &str, needle: &str) -> Reply {
        let started = Instant::now();
        loop {
            let reply = self.get(path);
            if reply.body.contains(needle) {
                return reply;
            }
            assert!(
                started.elapsed() < DEADLINE,
                "{path} never contained {needle:?}; last reply {}:\n{}\nstderr:\n{}",
                reply.status,
                reply.body,
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP response.
struct Reply {
    status: u16,
    headers: HashMap<String, String>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map_or("", String::as_str)
    }
}

/// A raw HTTP/1.1 request; `path` is sent exactly as given.
fn request(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    let mut text = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    stream.write_all(text.as_bytes()).unwrap();
    // Read the head, then the body by its length (Chromium keeps the connection open).
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).expect("read the reply") == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let mut raw = Vec::new();
    if method != "HEAD" && !matches!(status, 204 | 304) {
        match headers
            .get("content-length")
            .and_then(|n| n.parse::<usize>().ok())
        {
            Some(length) => {
                raw.resize(length, 0);
                reader.read_exact(&mut raw).expect("read the body");
            }
            None => {
                reader.read_to_end(&mut raw).expect("read the body");
            }
        }
    }
    let body = String::from_utf8_lossy(&raw).into_owned();
    Reply {
        status,
        headers,
        body,
    }
}

/// A reader of the live-reload event stream.
struct Events {
    events: Receiver<String>,
    stream: TcpStream,
}

impl Events {
    fn open(server: &Server) -> Events {
        let mut stream = TcpStream::connect(server.addr).unwrap();
        stream.write_all(format!("GET /__handbook/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n", server.addr).as_bytes()).unwrap();
        let (sender, events) = channel();
        let reader = stream.try_clone().unwrap();
        std::thread::spawn(move || {
            let mut name = String::new();
            for line in BufReader::new(reader).lines().map_while(Result::ok) {
                if let Some(event) = line.strip_prefix("event: ") {
                    name = event.to_owned();
                } else if line.starts_with(": connected") {
                    let _ = sender.send("connected".to_owned());
                } else if line.is_empty()
                    && !name.is_empty()
                    && sender.send(std::mem::take(&mut name)).is_err()
                {
                    return;
                }
            }
        });
        let events = Events { events, stream };
        assert_eq!(
            events.next(DEADLINE).as_deref(),
            Some("connected"),
            "the event stream did not open"
        );
        events
    }

    fn next(&self, timeout: Duration) -> Option<String> {
        self.events.recv_timeout(timeout).ok()
    }

    /// Waits for one event and checks that no second one follows the same change.
    #[track_caller]
    fn expect_one(&self, server: &Server, what: &str) -> String {
        let event = self.next(DEADLINE).unwrap_or_else(|| {
            panic!("no reload event after {what}\nstderr:\n{}", server.stderr())
        });
        if let Some(extra) = self.next(Duration::from_millis(600)) {
            panic!(
                "a second event ({extra}) after {what}\nstdout:\n{}",
                server.stdout.lock().unwrap()
            );
        }
        event
    }
}

fn site() -> TestSite {
    TestSite::new()
        .file("handbook.yml", "title: Serve test\n")
        .file(
            "content/_index.md",
            "---\ntitle: Home\n---\nWelcome home.\n",
        )
        .file(
            "content/guide.md",
            "---\ntitle: Guide\nweight: 1\n---\n# Guide\n\nFirst version.\n\n## Steps\n\nDo it.\n",
        )
        .file(
            "content/other.md",
            "---\ntitle: Other\nweight: 2\n---\nSee the [steps](guide.md#steps).\n",
        )
        .file(
            "content/area/_index.md",
            "---\ntitle: Area\n---\nThe area.\n",
        )
        .file(
            "content/area/page.md",
            "---\ntitle: Area page\n---\nArea body.\n",
        )
        .file("static/app.js", "console.log('app');\n")
        .file("static/data.json", "{}\n")
        .file(
            "static/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
        )
}

fn write(path: PathBuf, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn serve_answers_with_types_redirects_404_head_and_etags() {
    // A host in base_url, so that sitemap.xml is written.
    let site = site().file(
        "handbook.yml",
        "title: Serve test\nbase_url: https://example.org/\n",
    );
    let server = Server::start(site.path());
    let home = server.get("/");
    assert_eq!(home.status, 200, "{}", home.body);
    assert_eq!(home.header("content-type"), "text/html; charset=utf-8");
    assert!(home.header("cache-control").contains("no-cache"));
    assert!(home.body.contains("Welcome home."), "{}", home.body);
    assert!(
        home.body
            .contains("<script src=\"/__handbook/live.js\" defer></script></body>"),
        "{}",
        home.body
    );

    let guide = server.get("/guide");
    assert_eq!(guide.status, 302);
    assert_eq!(guide.header("location"), "/guide/");
    assert!(server.get("/guide/").body.contains("First version."));
    assert!(
        server
            .get("/guide/index.html")
            .body
            .contains("First version.")
    );

    for (path, kind) in [
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/__handbook/live.js", "text/javascript; charset=utf-8"),
        ("/data.json", "application/json"),
        ("/logo.svg", "image/svg+xml"),
        ("/sitemap.xml", "application/xml"),
        ("/atom.xml", "application/atom+xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
    ] {
        let reply = server.get(path);
        assert_eq!(
            (reply.status, reply.header("content-type")),
            (200, kind),
            "{path}"
        );
    }
    let css = urls_with_suffix(&home.body, ".css");
    assert!(!css.is_empty(), "the page links no stylesheet");
    for url in css {
        assert_eq!(
            server.get(&url).header("content-type"),
            "text/css; charset=utf-8",
            "{url}"
        );
    }

    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"), "{}", missing.body);

    let head = request(server.addr, "HEAD", "/guide/", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD sent a body: {}", head.body);
    assert_eq!(head.header("etag"), server.get("/guide/").header("etag"));

    let etag = server.get("/app.js").header("etag").to_owned();
    assert!(!etag.is_empty());
    let cached = request(server.addr, "GET", "/app.js", &[("If-None-Match", &etag)]);
    assert_eq!(cached.status, 304);
    assert!(cached.body.is_empty());
    assert_eq!(
        request(
            server.addr,
            "GET",
            "/app.js",
            &[("If-None-Match", "\"other\"")]
        )
        .status,
        200
    );
    assert_eq!(
        request(server.addr, "POST", "/", &[("Content-Length", "0")]).status,
        405
    );
}

fn urls_with_suffix(html: &str, suffix: &str) -> Vec<String> {
    crate::harness::urls_in(html)
        .into_iter()
        .filter(|u| u.split('?').next().unwrap_or("").ends_with(suffix))
        .collect()
}

#[test]
fn serve_never_leaks_files_outside_the_site() {
    let site = site().file("secret.txt", "TOP-SECRET\n");
    let server = Server::start(site.path());
    for path in [
        "/../Cargo.toml",
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2e%2e/",
        "/..%2f..%2fsecret.txt",
        "/..%2f..%2f",
        "/static/..\\..\\secret.txt",
        "/static/..%5c..%5csecret.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/content/guide.md",
        "/handbook.yml",
        "/secret.txt",
    ] {
        let reply = request(server.addr, "GET", path, &[]);
        assert!(
            matches!(reply.status, 400 | 404),
            "{path}: {}",
            reply.status
        );
        assert!(
            !reply.body.contains("TOP-SECRET")
                && !reply.body.contains("root:")
                && !reply.body.contains("title: Guide"),
            "{path} leaked:\n{}",
            reply.body
        );
    }
}

#[test]
fn serve_honours_a_base_path() {
    let site = site().file(
        "handbook.yml",
        "title: Serve test\nbase_url: https://example.org/docs/\n",
    );
    let server = Server::start(site.path());
    assert_eq!(server.base, "/docs/");
    let root = server.get("/");
    assert_eq!((root.status, root.header("location")), (302, "/docs/"));
    assert!(server.get("/docs/").body.contains("Welcome home."));
    assert!(server.get("/docs/guide/").body.contains("href=\"/docs/"));
    assert_eq!(server.get("/docs/guide").header("location"), "/docs/guide/");
    assert_eq!(server.get("/guide/").status, 404);
}

#[test]
fn serve_reloads_once_per_save_whatever_the_save_style() {
    let site = site();
    let server = Server::start(site.path());
    let events = Events::open(&server);
    let content = site.path().join("content");

    write(
        content.join("guide.md"),
        "---\ntitle: Guide\nweight: 1\n---\n# Guide\n\nIn-place edit.\n\n## Steps\n\nDo it.\n",
    );
    assert_eq!(events.expect_one(&server, "an in-place write"), "reload");
    server.wait_for("/guide/", "In-place edit.");

    // VS Code / JetBrains: write a temporary file, then rename it over the page.
    write(
        content.join(".guide.md.tmp"),
        "---\ntitle: Guide\nweight: 1\n---\n# Guide\n\nRenamed into place.\n\n## Steps\n\nDo it.\n",
    );
    std::fs::rename(content.join(".guide.md.tmp"), content.join("guide.md")).unwrap();
    events.expect_one(&server, "write-temp-then-rename");
    server.wait_for("/guide/", "Renamed into place.");

    // vim: move the file to a backup, write a new one, delete the backup.
    std::fs::rename(content.join("guide.md"), content.join("guide.md~")).unwrap();
    write(
        content.join("guide.md"),
        "---\ntitle: Guide\nweight: 1\n---\n# Guide\n\nSaved by vim.\n\n## Steps\n\nDo it.\n",
    );
    std::fs::remove_file(content.join("guide.md~")).unwrap();
    events.expect_one(&server, "vim's backup dance");
    server.wait_for("/guide/", "Saved by vim.");

    write(
        content.join("new/fresh.md"),
        "---\ntitle: Fresh\n---\nA new page in a new folder.\n",
    );
    events.expect_one(&server, "creating a page in a new folder");
    server.wait_for("/new/fresh/", "A new page in a new folder.");

    std::fs::rename(content.join("area/page.md"), content.join("area/moved.md")).unwrap();
    events.expect_one(&server, "a rename");
    server.wait_for("/area/moved/", "Area body.");
    assert_eq!(server.get("/area/page/").status, 404);

    std::fs::remove_file(content.join("new/fresh.md")).unwrap();
    events.expect_one(&server, "a deletion");
    let started = Instant::now();
    while server.get("/new/fresh/").status != 404 {
        assert!(
            started.elapsed() < DEADLINE,
            "a deleted page is still served"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    write(
        site.path().join("static/app.js"),
        "console.log('app v2');\n",
    );
    events.expect_one(&server, "a static file edit");
    server.wait_for("/app.js", "app v2");
}

#[test]
fn serve_swaps_stylesheets_without_a_page_reload() {
    let site = site().file("static/extra.css", "body { color: red; }\n");
    let server = Server::start(site.path());
    let events = Events::open(&server);
    write(
        site.path().join("static/extra.css"),
        "body { color: blue; }\n",
    );
    assert_eq!(events.expect_one(&server, "a CSS edit"), "css");
    server.wait_for("/extra.css", "blue");
}

#[test]
fn serve_folds_a_burst_of_saves_into_one_reload() {
    let mut site = site();
    for n in 0..40 {
        site = site.file(
            &format!("content/burst/page-{n}.md"),
            &format!("---\ntitle: Burst {n}\n---\nOld {n}.\n"),
        );
    }
    let server = Server::start(site.path());
    let events = Events::open(&server);
    let texts: Vec<(PathBuf, String)> = (0..40)
        .map(|n| {
            (
                site.path().join(format!("content/burst/page-{n}.md")),
                format!("---\ntitle: Burst {n}\n---\nNew {n}.\n"),
            )
        })
        .collect();
    for (path, text) in &texts {
        std::fs::write(path, text).unwrap();
    }
    // One reload for the burst; a second one only when the writing thread stalled longer than
    // the debounce window on a starved machine, which makes it two bursts.
    assert!(
        events.next(DEADLINE).is_some(),
        "no reload event after a burst of 40 saves"
    );
    let extra = std::iter::from_fn(|| events.next(Duration::from_millis(600))).count();
    assert!(extra <= 1, "{} reloads for one burst", extra + 1);
    for n in [0, 17, 39] {
        server.wait_for(&format!("/burst/page-{n}/"), &format!("New {n}."));
    }
}

#[test]
fn serve_keeps_the_last_good_page_and_shows_the_errors_until_fixed() {
    let site = site();
    let server = Server::start(site.path());
    let events = Events::open(&server);
    let guide = site.path().join("content/guide.md");

    write(
        guide.clone(),
        "---\ntitle: Guide\nweight: high\n---\n# Guide\n\nBroken version.\n",
    );
    events.expect_one(&server, "a broken edit");
    let page = server.wait_for("/guide/", "hb-overlay");
    assert!(
        page.body.contains("First version."),
        "the last good page is not served:\n{}",
        page.body
    );
    assert!(!page.body.contains("Broken version."));
    assert!(
        page.body.contains("content/guide.md:3:"),
        "the overlay lacks the location:\n{}",
        page.body
    );
    assert!(
        page.body.contains("weight: high"),
        "the overlay lacks the source line:\n{}",
        page.body
    );
    assert!(
        server.get("/other/").body.contains("hb-overlay"),
        "every page shows the overlay"
    );
    server.get("/guide/");
    server.get("/guide/");
    assert_eq!(
        server.stderr().matches("content/guide.md:3:").count(),
        1,
        "the error is printed once:\n{}",
        server.stderr()
    );

    // A broken link in a page body (links fail the build by default) also keeps the last good site.
    write(
        guide.clone(),
        "---\ntitle: Guide\nweight: 1\n---\n# Guide\n\nFixed. [Nowhere](missing.md)\n\n## Steps\n",
    );
    events.expect_one(&server, "an edit with a broken link");
    let page = server.wait_for("/guide/", "missing.md");
    assert!(
        page.body.contains("hb-overlay") && page.body.contains("First version."),
        "{}",
        page.body
    );

    write(
        guide,
        "---\ntitle: Guide\nweight: 1\n---\n# Guide\n\nFixed for good.\n\n## Steps\n",
    );
    events.expect_one(&server, "the fix");
    let page = server.wait_for("/guide/", "Fixed for good.");
    assert!(
        !page.body.contains("hb-overlay"),
        "the overlay stayed after the fix:\n{}",
        page.body
    );
}

#[test]
fn serve_feeds_several_streams_and_survives_a_client_that_leaves() {
    let site = site();
    let server = Server::start(site.path());
    let streams: Vec<Events> = (0..5).map(|_| Events::open(&server)).collect();
    let leaving = Events::open(&server);
    leaving.stream.shutdown(std::net::Shutdown::Both).unwrap();
    drop(leaving);
    write(
        site.path().join("content/area/page.md"),
        "---\ntitle: Area page\n---\nEdited once.\n",
    );
    for events in &streams {
        assert_eq!(events.next(DEADLINE).as_deref(), Some("reload"));
    }
    // Requests from many clients at once are all answered while the streams stay open.
    let addr = server.addr;
    let clients: Vec<_> = (0..50)
        .map(|_| std::thread::spawn(move || request(addr, "GET", "/area/page/", &[]).status))
        .collect();
    for client in clients {
        assert_eq!(client.join().unwrap(), 200);
    }
    write(
        site.path().join("content/area/page.md"),
        "---\ntitle: Area page\n---\nEdited twice.\n",
    );
    for events in &streams {
        assert_eq!(events.next(DEADLINE).as_deref(), Some("reload"));
    }
    server.wait_for("/area/page/", "Edited twice.");
}

#[test]
fn serve_reports_a_port_in_use() {
    let site = site();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .args(["serve", "--port", &port, "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("already in use") && stderr.contains("--port"),
        "{stderr}"
    );
}

#[test]
fn serve_updates_an_open_page_in_headless_chromium() {
    let site = site();
    let server = Server::start(site.path());
    let mut browser = crate::browser::Browser::open(&server.url("/guide/"));
    browser.wait_until(
        "!!document.body && document.body.innerText.includes('First version.')",
        "the page to load",
    );
    // The live-reload script marks the page once its event stream is open.
    browser.wait_until(
        "document.documentElement.dataset.handbookLive === 'open'",
        "the page to open its live-reload stream",
    );
    write(
        site.path().join("content/guide.md"),
        "---\ntitle: Guide\nweight: 1\n---\n# Guide\n\nChanged in the editor.\n\n## Steps\n\nDo it.\n",
    );
    browser.wait_until(
        "document.body.innerText.includes('Changed in the editor.')",
        "the page to change by itself",
    );
}

#[test]
fn serve_answers_streams_opened_all_at_once() {
    // tiny_http's pool grows only when no thread is idle; a burst of event streams used to
    // leave the last ones queued forever behind the first ones.
    let site = site();
    let server = Server::start(site.path());
    // Eight clients at the same instant, as tabs reconnecting after a restart do. The race in
    // the pool is timing-dependent: without the fix this fails often, not always.
    let barrier = Arc::new(std::sync::Barrier::new(8));
    let addr = server.addr;
    let raw: Vec<TcpStream> = (0..8)
        .map(|_| {
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                barrier.wait();
                let mut stream = TcpStream::connect(addr).unwrap();
                stream.write_all(format!("GET /__handbook/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n").as_bytes()).unwrap();
                stream
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|t| t.join().unwrap())
        .collect();
    for mut stream in raw {
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let mut seen = Vec::new();
        let mut buf = [0u8; 512];
        while !String::from_utf8_lossy(&seen).contains(": connected") {
            let n = stream.read(&mut buf).expect("every stream is answered");
            assert!(n > 0, "a stream closed without an answer");
            seen.extend_from_slice(&buf[..n]);
        }
    }
}

#[test]
fn serve_stops_cleanly_on_ctrl_c() {
    let site = site();
    let mut server = Server::start(site.path());
    let pid = server.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < DEADLINE, "serve did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
    std::thread::sleep(Duration::from_millis(100));
    assert!(server.stderr().contains("Stopped."), "{}", server.stderr());
}

#[test]
fn serve_refreshes_the_search_index_after_editing_one_page() {
    let site = site();
    let server = Server::start(site.path());
    let events = Events::open(&server);
    let in_index = |word: &str| -> bool {
        let meta: serde_json::Value =
            serde_json::from_str(&server.get("/search/index.json").body).unwrap_or_default();
        let pages = meta["pages"].as_u64().unwrap_or(0);
        (0..pages.div_ceil(2)).any(|i| {
            server
                .get(&format!("/search/p/{i}.json"))
                .body
                .contains(word)
        })
    };
    assert!(!in_index("zanzibarium"));
    // A text-only edit: the page is re-rendered on its own, not the whole site.
    write(
        site.path().join("content/guide.md"),
        "---\ntitle: Guide\nweight: 1\n---\n# Guide\n\nFirst version, about zanzibarium.\n\n## Steps\n\nDo it.\n",
    );
    assert_eq!(events.next(DEADLINE).as_deref(), Some("reload"));
    let started = Instant::now();
    while !in_index("zanzibarium") {
        assert!(
            started.elapsed() < DEADLINE,
            "the search index never learnt the new word"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The nav link of a page in served HTML (the theme marks every nav link with `data-nav-url`).
fn nav_titles(html: &str) -> Vec<String> {
    html.split("data-nav-url=\"")
        .skip(1)
        .filter_map(|rest| {
            let text = rest.split_once('>')?.1;
            Some(text.split('<').next()?.trim().to_owned())
        })
        .collect()
}

/// The last line of the server's output that reports a rebuild.
fn last_rebuild(server: &Server) -> String {
    server
        .stdout
        .lock()
        .unwrap()
        .lines()
        .rfind(|l| l.starts_with("Rebuilt"))
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn serve_updates_listings_and_navigation_when_a_title_or_weight_changes() {
    let site = site()
        .file(
            "content/area/second.md",
            "---\ntitle: Second page\nweight: 2\n---\nSecond body.\n",
        )
        .file(
            "content/area/page.md",
            "---\ntitle: Area page\nweight: 1\n---\nArea body.\n",
        );
    let server = Server::start(site.path());
    let events = Events::open(&server);
    let content = site.path().join("content");
    let before = server.get("/area/second/").body;
    assert!(nav_titles(&before).contains(&"Area page".to_owned()));

    // A title inside a section: the section's listing, its pages' navigation and prev/next.
    write(
        content.join("area/page.md"),
        "---\ntitle: Renamed area page\nweight: 1\n---\nArea body.\n",
    );
    assert_eq!(events.expect_one(&server, "a title change"), "reload");
    let second = server.wait_for("/area/second/", "Renamed area page");
    assert!(
        nav_titles(&second.body).contains(&"Renamed area page".to_owned()),
        "{:?}",
        nav_titles(&second.body)
    );
    assert!(server.get("/area/").body.contains("Renamed area page"));
    assert!(server.get("/area/page/").body.contains("Renamed area page"));
    // Done without rebuilding the site: the pages outside the section were left alone.
    let line = last_rebuild(&server);
    assert!(line.contains("page(s)"), "{line}");

    // A weight: the order of the listing and the navigation follows it.
    write(
        content.join("area/second.md"),
        "---\ntitle: Second page\nweight: 0\n---\nSecond body.\n",
    );
    events.expect_one(&server, "a weight change");
    let started = Instant::now();
    loop {
        let titles = nav_titles(&server.get("/area/page/").body);
        let position = |t: &str| titles.iter().position(|x| x == t);
        if position("Second page") < position("Renamed area page") {
            break;
        }
        assert!(
            started.elapsed() < DEADLINE,
            "the navigation never followed the new weight: {titles:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let listing = server.get("/area/").body;
    assert!(
        listing.find("Second page") < listing.find("Renamed area page"),
        "the section listing kept the old order"
    );

    // A top-level page's title is in the navigation of every page.
    write(
        content.join("guide.md"),
        "---\ntitle: Handbook guide\nweight: 1\n---\n# Guide\n\nFirst version.\n\n## Steps\n\nDo it.\n",
    );
    events.expect_one(&server, "a top-level title change");
    let deep = server.wait_for("/area/second/", "Handbook guide");
    assert!(nav_titles(&deep.body).contains(&"Handbook guide".to_owned()));
    assert!(!server.get("/").body.contains(">Guide<"));
    let line = last_rebuild(&server);
    assert!(line.contains("page(s)"), "{line}");
    assert_served_as_built(&server, site.path());
}

/// Every HTML page served equals what `handbook build` writes for the same files, apart from
/// the injected reload script: incremental updates must not drift from a full build.
#[track_caller]
fn assert_served_as_built(server: &Server, site: &Path) {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    let status = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .args(["build", "--quiet", "--root"])
        .arg(site)
        .arg("--output")
        .arg(&output)
        .status()
        .unwrap();
    assert!(status.success());
    let script = "<script src=\"/__handbook/live.js\" defer></script>";
    let mut compared = 0;
    for entry in walkdir::WalkDir::new(&output) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(&output)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if !rel.ends_with("index.html") || rel.starts_with("search/") {
            continue;
        }
        let built = std::fs::read_to_string(entry.path()).unwrap();
        let url = format!("/{}", rel.trim_end_matches("index.html"));
        let served = server.get(&url).body.replace(script, "");
        assert!(
            served == built,
            "{url} differs from the build:\n--- served\n{served}\n--- built\n{built}"
        );
        compared += 1;
    }
    assert!(compared >= 6, "only {compared} pages compared");
}

#[test]
fn serve_renders_again_the_pages_that_include_a_changed_file() {
    let site = site()
        .file("snippets/signature.md", "Signed, the *community team*.\n")
        .file(
            "content/parts/shared.md",
            "---\ntitle: Shared part\n---\nShared wording v1.\n",
        )
        .file(
            "content/uses.md",
            "---\ntitle: Uses\n---\n{{< include \"snippets/signature.md\" >}}\n\n{{< include \"parts/shared.md\" >}}\n",
        );
    let server = Server::start(site.path());
    let events = Events::open(&server);
    let page = server.wait_for("/uses/", "community team");
    assert!(page.body.contains("Shared wording v1."));

    // A file outside content/, included from the site root.
    write(
        site.path().join("snippets/signature.md"),
        "Signed, the *advocacy team*.\n",
    );
    assert_eq!(
        events.expect_one(&server, "an included file's edit"),
        "reload"
    );
    server.wait_for("/uses/", "advocacy team");

    // A page of the site that another page includes: both change.
    write(
        site.path().join("content/parts/shared.md"),
        "---\ntitle: Shared part\n---\nShared wording v2.\n",
    );
    events.expect_one(&server, "an included page's edit");
    server.wait_for("/uses/", "Shared wording v2.");
    server.wait_for("/parts/shared/", "Shared wording v2.");
    assert!(last_rebuild(&server).contains("page(s)"));
}

#[test]
fn serve_moves_a_renamed_page_without_a_full_rebuild() {
    let site = site().file(
        "content/area/second.md",
        "---\ntitle: Second page\n---\nSecond body.\n",
    );
    let server = Server::start(site.path());
    let events = Events::open(&server);
    let content = site.path().join("content");

    // Moved into another section: served at its new URL, gone from the old one, listed and
    // in the navigation where it now lives.
    std::fs::rename(content.join("area/second.md"), content.join("new-home.md")).unwrap();
    assert_eq!(events.expect_one(&server, "a move"), "reload");
    server.wait_for("/new-home/", "Second body.");
    assert_eq!(server.get("/area/second/").status, 404);
    // No page links to the old URL any more (listing, navigation, prev/next); every page's
    // navigation has it at the top level now.
    for url in ["/area/", "/area/page/", "/guide/"] {
        let body = server.get(url).body;
        assert!(
            !body.contains("/area/second/"),
            "{url} still links to the old URL"
        );
        assert!(
            nav_titles(&body).contains(&"Second page".to_owned()),
            "{url}"
        );
    }
    assert!(
        last_rebuild(&server).contains("page(s)"),
        "{}",
        last_rebuild(&server)
    );

    // A new slug: the same, without a file moving.
    write(
        content.join("new-home.md"),
        "---\ntitle: Second page\nslug: renamed\n---\nSecond body.\n",
    );
    events.expect_one(&server, "a slug change");
    server.wait_for("/renamed/", "Second body.");
    assert_eq!(server.get("/new-home/").status, 404);
    assert_served_as_built(&server, site.path());

    // Renaming a page that another page links to breaks that link: the last good site stays
    // served with the error, and renaming it back clears it.
    std::fs::rename(content.join("guide.md"), content.join("guide-2.md")).unwrap();
    events.expect_one(&server, "a rename that breaks a link");
    let other = server.wait_for("/other/", "hb-overlay");
    assert!(other.body.contains("guide.md"), "{}", other.body);
    assert!(server.get("/guide/").body.contains("First version."));
    std::fs::rename(content.join("guide-2.md"), content.join("guide.md")).unwrap();
    events.expect_one(&server, "renaming it back");
    let started = Instant::now();
    while server.get("/other/").body.contains("hb-overlay") {
        assert!(
            started.elapsed() < DEADLINE,
            "the overlay stayed after the fix"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_served_as_built(&server, site.path());
}

/// Copies the folder `from` to `to`, as `cp -r` does.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A version of `guide.md` that says `text`.
fn guide_saying(text: &str) -> String {
    format!("---\ntitle: Guide\nweight: 1\n---\n# Guide\n\n{text}\n\n## Steps\n\nDo it.\n")
}

#[test]
fn serve_rebuilds_after_content_is_deleted_and_recreated() {
    let site = site();
    let backup = tempfile::tempdir().unwrap();
    copy_dir(&site.path().join("content"), backup.path());
    write(
        backup.path().join("guide.md"),
        &guide_saying("From the backup."),
    );
    let mut server = Server::start(site.path());
    let content = site.path().join("content");

    // While the folder is gone, the last good site stays served and says what is wrong.
    std::fs::remove_dir_all(&content).unwrap();
    let page = server.wait_for("/guide/", "hb-overlay");
    assert!(page.body.contains("First version."), "{}", page.body);
    assert!(
        page.body.contains("the content folder is gone"),
        "{}",
        page.body
    );

    copy_dir(backup.path(), &content);
    let page = server.wait_for("/guide/", "From the backup.");
    assert!(!page.body.contains("hb-overlay"), "{}", page.body);
    // Edits after it came back are seen, at the top and in a section.
    write(
        content.join("guide.md"),
        &guide_saying("Edited after the copy."),
    );
    server.wait_for("/guide/", "Edited after the copy.");
    write(
        content.join("area/page.md"),
        "---\ntitle: Area page\n---\nArea edited after the copy.\n",
    );
    server.wait_for("/area/page/", "Area edited after the copy.");

    // The same at shell speed: deleted and copied back before the server looks.
    std::fs::remove_dir_all(&content).unwrap();
    copy_dir(backup.path(), &content);
    server.wait_for("/guide/", "From the backup.");
    write(
        content.join("guide.md"),
        &guide_saying("Edited after the quick copy."),
    );
    server.wait_for("/guide/", "Edited after the quick copy.");
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "{}",
        server.stderr()
    );
}

#[test]
fn serve_sees_edits_after_content_is_renamed_away_and_back() {
    let site = site();
    let server = Server::start(site.path());
    let (content, away) = (site.path().join("content"), site.path().join("away"));

    // `mv content away; mv away content`, at shell speed.
    std::fs::rename(&content, &away).unwrap();
    std::fs::rename(&away, &content).unwrap();
    write(
        content.join("guide.md"),
        &guide_saying("Edited after the round trip."),
    );
    server.wait_for("/guide/", "Edited after the round trip.");
    write(
        content.join("area/page.md"),
        "---\ntitle: Area page\n---\nArea edited after the round trip.\n",
    );
    server.wait_for("/area/page/", "Area edited after the round trip.");

    // Away long enough to be noticed: the last good site with the problem, then back.
    std::fs::rename(&content, &away).unwrap();
    let page = server.wait_for("/guide/", "the content folder is gone");
    assert!(
        page.body.contains("Edited after the round trip."),
        "{}",
        page.body
    );
    std::fs::rename(&away, &content).unwrap();
    write(
        content.join("guide.md"),
        &guide_saying("Edited after coming back."),
    );
    let page = server.wait_for("/guide/", "Edited after coming back.");
    assert!(!page.body.contains("hb-overlay"), "{}", page.body);
}

#[test]
fn serve_serves_the_new_content_after_a_swap_by_rename() {
    let site = site();
    let server = Server::start(site.path());
    let (content, next) = (site.path().join("content"), site.path().join("next"));
    copy_dir(&content, &next);
    write(next.join("guide.md"), &guide_saying("Swapped in."));

    // `mv content old && mv next content`
    std::fs::rename(&content, site.path().join("old")).unwrap();
    std::fs::rename(&next, &content).unwrap();
    server.wait_for("/guide/", "Swapped in.");
    write(
        content.join("guide.md"),
        &guide_saying("Edited after the swap."),
    );
    server.wait_for("/guide/", "Edited after the swap.");

    // The folder swapped out is not the site any more: its edits are not served.
    write(
        site.path().join("old/guide.md"),
        &guide_saying("Edited in the old folder."),
    );
    write(
        content.join("area/page.md"),
        "---\ntitle: Area page\n---\nArea edited after the swap.\n",
    );
    server.wait_for("/area/page/", "Area edited after the swap.");
    let page = server.get("/guide/");
    assert!(
        page.body.contains("Edited after the swap."),
        "{}",
        page.body
    );
}

/// Sends `request` as it is and returns every byte of the answer (the connection closes).
fn raw_exchange(addr: SocketAddr, request: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    stream.write_all(request).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    answer
}

/// The header lines of a raw answer, split at CR LF only (as a browser reading a bare CR as
/// a line end would see more of them).
fn head_lines(answer: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(answer);
    let head = text.split("\r\n\r\n").next().unwrap_or_default();
    head.split("\r\n").map(str::to_owned).collect()
}

#[test]
fn serve_never_copies_control_characters_of_a_request_into_a_header() {
    let site = site();
    let server = Server::start(site.path());
    for (target, location) in [
        (
            &b"/guide?x\rSet-Cookie:evil=2"[..],
            "Location: /guide/?x%0DSet-Cookie:evil=2",
        ),
        (
            b"/guide?x\nSet-Cookie:evil=3",
            "Location: /guide/?x%0ASet-Cookie:evil=3",
        ),
        (b"/guide?a\t\x01\x7fb", "Location: /guide/?a%09%01%7Fb"),
    ] {
        let mut request = b"GET ".to_vec();
        request.extend_from_slice(target);
        request.extend_from_slice(b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let answer = raw_exchange(server.addr, &request);
        let lines = head_lines(&answer);
        let shown = String::from_utf8_lossy(&answer).escape_debug().to_string();
        assert!(lines[0].starts_with("HTTP/1.1 302"), "{shown}");
        assert!(lines.iter().any(|l| l == location), "{shown}");
        let head = &answer[..answer
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or(answer.len())];
        for (i, &byte) in head.iter().enumerate() {
            let line_end = byte == b'\r' && head.get(i + 1) == Some(&b'\n')
                || byte == b'\n' && i > 0 && head[i - 1] == b'\r';
            assert!(
                !byte.is_ascii_control() || line_end,
                "a control character in the header: {shown}"
            );
        }
        assert!(
            !lines
                .iter()
                .any(|l| l.to_ascii_lowercase().starts_with("set-cookie")),
            "{shown}"
        );
    }
}

#[test]
fn serve_redirects_to_a_base_path_with_any_characters() {
    let site = site().file(
        "handbook.yml",
        "title: Serve test\nbase_url: https://example.org/dökumente/\n",
    );
    let server = Server::start(site.path());
    // More requests than the server has threads: none of them may take a thread down.
    for _ in 0..12 {
        let root = server.get("/");
        assert_eq!(
            (root.status, root.header("location")),
            (302, "/d%C3%B6kumente/"),
            "{}",
            server.stderr()
        );
    }
    assert!(
        server
            .get("/d%C3%B6kumente/")
            .body
            .contains("Welcome home.")
    );
}

#[test]
fn serve_never_publishes_a_half_copied_content_folder() {
    let site = site();
    let backup = tempfile::tempdir().unwrap();
    copy_dir(&site.path().join("content"), backup.path());
    let server = Server::start(site.path());
    let content = site.path().join("content");
    std::fs::remove_dir_all(&content).unwrap();
    server.wait_for("/guide/", "the content folder is gone");

    // Copied back file by file, as `cp -r` of a big folder does, in about 125 ms; the page
    // copied last links to no other, so a site built halfway would have no error and would be
    // published.
    std::thread::scope(|scope| {
        // Until the whole site is served again, /area/page/ is the last good site's page.
        let poller = scope.spawn(|| {
            let (started, mut missing) = (Instant::now(), 0);
            while started.elapsed() < DEADLINE {
                let reply = server.get("/area/page/");
                if reply.status == 404 {
                    missing += 1;
                } else if !reply.body.contains("hb-overlay") {
                    return Ok(missing);
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(missing)
        });
        std::fs::create_dir(&content).unwrap();
        for rel in [
            "_index.md",
            "guide.md",
            "other.md",
            "area/_index.md",
            "area/page.md",
        ] {
            // Slower than the watcher's debouncing, quicker than the server's settling.
            std::thread::sleep(Duration::from_millis(25));
            let to = content.join(rel);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(backup.path().join(rel), to).unwrap();
        }
        assert_eq!(
            poller.join().unwrap(),
            Ok(0),
            "a half-copied site was published (404 that many times), or the site never came \
             back (Err):\n{}",
            server.stdout.lock().unwrap()
        );
    });
}
