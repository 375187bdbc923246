//! The HTTP side of `serve`: tiny_http, a few worker threads, and a request path that is
//! decoded and normalised before anything is looked up. Files are served from memory only, so
//! no request path, however crafted, can reach the disk.

use std::sync::Arc;

use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

use super::overlay::{self, EVENTS_PATH, SCRIPT_PATH};
use super::pool::nudge_pool;
use super::published::{Published, SharedSite};
use super::reload::ReloadHub;

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A built file, by output path.
    File(String),
    /// A folder URL without its slash, or the root of a site with a base path.
    Redirect(String),
    NotFound,
    BadRequest,
    Script,
    Events,
}

/// Everything a request thread needs.
#[derive(Clone)]
pub struct Handler {
    pub site: SharedSite,
    pub hub: ReloadHub,
}

/// Starts `workers` threads answering requests until the server is dropped.
pub fn spawn_workers(server: &Arc<Server>, handler: &Handler, workers: usize) {
    for n in 0..workers {
        let (server, handler) = (Arc::clone(server), handler.clone());
        let spawned = std::thread::Builder::new()
            .name(format!("handbook-http-{n}"))
            .spawn(move || {
                while let Ok(request) = server.recv() {
                    handler.handle(request);
                }
            });
        if let Err(err) = spawned {
            eprintln!("warning: cannot start an HTTP worker thread: {err}");
        }
    }
}

impl Handler {
    fn handle(&self, request: Request) {
        if !matches!(request.method(), Method::Get | Method::Head) {
            let _ = request.respond(
                Response::from_string("method not allowed\n")
                    .with_status_code(405)
                    .with_header(header("Allow", "GET, HEAD")),
            );
            return;
        }
        let target = {
            let site = self.site.read();
            resolve(request.url(), &site)
        };
        let response = match target {
            Target::Events => return self.hub.attach(request),
            Target::Script => {
                let etag = format!(
                    "\"{:016x}\"",
                    super::memory::fingerprint(overlay::SCRIPT.as_bytes())
                );
                reply(
                    &request,
                    overlay::SCRIPT.as_bytes().to_vec(),
                    "text/javascript; charset=utf-8",
                    etag,
                    200,
                )
            }
            Target::File(rel) => self
                .file(&request, &rel, 200)
                .unwrap_or_else(|| text(404, "not found\n")),
            Target::NotFound => self
                .file(&request, "404.html", 404)
                .unwrap_or_else(|| text(404, "not found\n")),
            Target::BadRequest => text(400, "bad request\n"),
            Target::Redirect(location) => Response::from_data(Vec::new())
                .with_status_code(302)
                .with_header(header("Location", &location))
                .with_header(header("Cache-Control", "no-cache")),
        };
        // A client that went away is not our problem; the next request is.
        let _ = request.respond(response);
        nudge_pool(self.hub.nudge_address());
    }

    /// The response for a built file, with the script and overlay injected into HTML.
    fn file(
        &self,
        request: &Request,
        rel: &str,
        status: u16,
    ) -> Option<Response<std::io::Cursor<Vec<u8>>>> {
        let site = self.site.read();
        let served = site.files.get(rel)?;
        let kind = content_type(rel);
        if kind.starts_with("text/html") {
            let overlay = (!site.errors.is_empty()).then(|| overlay::overlay_html(&site.errors));
            let bytes = overlay::inject(&served.bytes(), overlay.as_deref());
            let etag = format!("\"{}-{}\"", served.etag, site.errors_generation);
            return Some(reply(request, bytes, kind, etag, status));
        }
        let etag = format!("\"{}\"", served.etag);
        Some(reply(
            request,
            served.bytes().into_owned(),
            kind,
            etag,
            status,
        ))
    }
}

/// A response header; every value is ASCII without control characters (redirect locations are
/// percent-encoded by [`resolve`]), the only values tiny_http refuses.
fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body.as_bytes().to_vec())
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

/// A 200 (or `status`) with the body, or a 304 when the client has this version.
fn reply(
    request: &Request,
    bytes: Vec<u8>,
    kind: &str,
    etag: String,
    status: u16,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let cached = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("If-None-Match"))
        .is_some_and(|h| {
            h.value
                .as_str()
                .split(',')
                .any(|tag| tag.trim() == etag || tag.trim() == "*")
        });
    let response = if cached && status == 200 {
        Response::from_data(Vec::new()).with_status_code(StatusCode(304))
    } else {
        Response::from_data(bytes).with_status_code(status)
    };
    response
        .with_header(header("Content-Type", kind))
        .with_header(header("ETag", &etag))
        .with_header(header("Cache-Control", "no-cache"))
}

/// The `Content-Type` of a built file, from its extension.
pub fn content_type(rel: &str) -> &'static str {
    let extension = rel
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" if rel.ends_with("atom.xml") => "application/atom+xml",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "wasm" => "application/wasm",
        "csv" => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Percent-encodes what cannot stand in a URL path segment.
fn encode_segment(segment: &str) -> String {
    encode(segment, b"-._~!$&'()*+,;=:@")
}

/// Percent-encodes what cannot stand in a URL query as it is: control characters (a CR or LF
/// copied into a `Location` header would end it and start another), spaces, quotes, non-ASCII.
/// A `%` stays, so that what the client encoded is sent back as it came.
fn encode_query(query: &str) -> String {
    encode(query, b"-._~!$&'()*+,;=:@/?%")
}

/// `text` with every byte but ASCII letters, digits and `keep` percent-encoded: always a valid
/// header value.
fn encode(text: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || keep.contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The base path as a `Location`: the configuration may spell it with any characters.
fn encode_path(path: &str) -> String {
    path.split('/')
        .map(encode_segment)
        .collect::<Vec<_>>()
        .join("/")
}

/// Decodes and normalises a request URL and finds what it names in the published site.
pub fn resolve(url: &str, site: &Published) -> Target {
    let (raw, query) = url
        .split_once('?')
        .map_or((url, None), |(path, query)| (path, Some(query)));
    match raw {
        SCRIPT_PATH => return Target::Script,
        EVENTS_PATH => return Target::Events,
        _ => {}
    }
    let Some(decoded) = percent_decode(raw) else {
        return Target::BadRequest;
    };
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0']) {
        return Target::BadRequest;
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Target::BadRequest,
            other => segments.push(other),
        }
    }
    let base: Vec<&str> = site
        .base_path
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    if !segments.starts_with(&base) {
        return if segments.is_empty() {
            Target::Redirect(encode_path(&site.base_path))
        } else {
            Target::NotFound
        };
    }
    let rest = &segments[base.len()..];
    let rel = rest.join("/");
    let folder = decoded.ends_with('/') || rest.is_empty();
    if folder {
        let index = if rel.is_empty() {
            "index.html".to_owned()
        } else {
            format!("{rel}/index.html")
        };
        return if site.files.contains_key(&index) {
            Target::File(index)
        } else {
            Target::NotFound
        };
    }
    if site.files.contains_key(&rel) {
        return Target::File(rel);
    }
    if site.files.contains_key(&format!("{rel}/index.html")) {
        let mut location: String = segments
            .iter()
            .map(|s| format!("/{}", encode_segment(s)))
            .collect();
        location.push('/');
        if let Some(query) = query {
            location.push('?');
            location.push_str(&encode_query(query));
        }
        return Target::Redirect(location);
    }
    Target::NotFound
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::memory::Served;

    fn site(base_path: &str) -> Published {
        let mut site = Published {
            base_path: base_path.to_owned(),
            ..Published::default()
        };
        for rel in [
            "index.html",
            "guide/index.html",
            "assets/site.css",
            "404.html",
        ] {
            site.files.insert(rel.to_owned(), Served::new(Vec::new()));
        }
        site
    }

    #[test]
    fn finds_files_and_folders() {
        let site = site("/");
        assert_eq!(resolve("/", &site), Target::File("index.html".into()));
        assert_eq!(
            resolve("/guide/", &site),
            Target::File("guide/index.html".into())
        );
        assert_eq!(resolve("/guide", &site), Target::Redirect("/guide/".into()));
        assert_eq!(
            resolve("/guide?x=1", &site),
            Target::Redirect("/guide/?x=1".into())
        );
        assert_eq!(
            resolve("/assets/site.css?v=2", &site),
            Target::File("assets/site.css".into())
        );
        assert_eq!(resolve("/nope", &site), Target::NotFound);
    }

    #[test]
    fn refuses_traversal() {
        let site = site("/");
        for url in [
            "/../Cargo.toml",
            "/%2e%2e/",
            "/..%2f..%2fetc/passwd",
            "/assets/..\\..\\",
            "/a/%5c..",
            "/%00",
            "/%zz",
            "x",
        ] {
            assert_eq!(resolve(url, &site), Target::BadRequest, "{url}");
        }
        assert_eq!(resolve("//etc/passwd", &site), Target::NotFound);
    }

    #[test]
    fn never_copies_control_characters_into_a_redirect() {
        let root = site("/");
        assert_eq!(
            resolve("/guide?x\rSet-Cookie:evil=2", &root),
            Target::Redirect("/guide/?x%0DSet-Cookie:evil=2".into())
        );
        assert_eq!(
            resolve("/guide?a=\n\t\u{1}\u{7f}\"<> é&b=%41", &root),
            Target::Redirect("/guide/?a=%0A%09%01%7F%22%3C%3E%20%C3%A9&b=%41".into())
        );
        assert_eq!(
            resolve("/", &site("/dökumente/")),
            Target::Redirect("/d%C3%B6kumente/".into())
        );
    }

    #[test]
    fn serves_below_the_base_path() {
        let site = site("/docs/");
        assert_eq!(resolve("/", &site), Target::Redirect("/docs/".into()));
        assert_eq!(resolve("/docs/", &site), Target::File("index.html".into()));
        assert_eq!(
            resolve("/docs/guide", &site),
            Target::Redirect("/docs/guide/".into())
        );
        assert_eq!(resolve("/guide/", &site), Target::NotFound);
    }

    #[test]
    fn knows_content_types() {
        assert_eq!(content_type("a/b.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("atom.xml"), "application/atom+xml");
        assert_eq!(content_type("x.PNG"), "image/png");
    }
}
