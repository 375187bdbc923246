//! What `serve` adds to every HTML page it serves, and nothing else: the live-reload script and,
//! while the latest build has errors, the error overlay. The built site itself is untouched.

use pulldown_cmark_escape::escape_html;

use crate::diagnostic::Diagnostic;

/// The path of the live-reload script and of the event stream (outside any base path).
pub const SCRIPT_PATH: &str = "/__handbook/live.js";
pub const EVENTS_PATH: &str = "/__handbook/events";

/// The live-reload script: reloads on `reload` (keeping the scroll position), swaps stylesheets
/// on `css`, and reloads once the server is back after a restart.
pub const SCRIPT: &str = r#"(() => {
  const key = "handbook-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    const y = Number(saved);
    window.addEventListener("load", () => window.scrollTo(0, y));
    window.scrollTo(0, y);
  }
  let lost = false;
  const reload = () => { sessionStorage.setItem(key, String(window.scrollY)); location.reload(); };
  const connect = () => {
    const events = new EventSource("/__handbook/events");
    // A stream that never opens (a busy server, a stalled connection) is replaced.
    const watchdog = setTimeout(() => { if (events.readyState !== 1) { events.close(); connect(); } }, 3000);
    events.addEventListener("reload", reload);
    events.addEventListener("css", () => {
      for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
        const url = new URL(link.href);
        url.searchParams.set("handbook-reload", String(Date.now()));
        link.href = url.toString();
      }
    });
    events.addEventListener("open", () => {
      clearTimeout(watchdog);
      document.documentElement.dataset.handbookLive = "open";
      if (lost) reload();
    });
    events.addEventListener("error", () => { lost = true; });
  };
  connect();
  for (const button of document.querySelectorAll(".hb-overlay-close")) {
    button.addEventListener("click", () => { button.closest(".hb-overlay").hidden = true; });
  }
})();
"#;

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_html(&mut out, text).ok();
    out
}

/// How many errors the overlay lists; a site with thousands shows the first ones.
const SHOWN: usize = 30;

/// The overlay listing `errors` (`path:line:col`, message and source excerpt of each).
pub fn overlay_html(errors: &[Diagnostic]) -> String {
    let mut html = String::from("<div class=\"hb-overlay\" id=\"handbook-errors\" role=\"alert\">");
    html.push_str(
        "<button type=\"button\" class=\"hb-overlay-close\" aria-label=\"Hide\">×</button>",
    );
    let count = if errors.len() == 1 {
        "1 error".to_owned()
    } else {
        format!("{} errors", errors.len())
    };
    html.push_str(&format!("<strong class=\"hb-overlay-title\">The site has {count}; showing the last good version</strong><ul>"));
    for error in errors.iter().take(SHOWN) {
        html.push_str("<li>");
        html.push_str(&escape(&error.to_string()));
        html.push_str("</li>");
    }
    if errors.len() > SHOWN {
        html.push_str(&format!(
            "<li>… and {} more; the terminal lists them all</li>",
            errors.len() - SHOWN
        ));
    }
    html.push_str("</ul></div>");
    html
}

/// `html` with the script (and the overlay, if any) inserted before `</body>`.
pub fn inject(html: &[u8], overlay: Option<&str>) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\" defer></script>");
    let insert = match overlay {
        Some(overlay) => format!("{overlay}{tag}"),
        None => tag,
    };
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + insert.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(insert.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_closing_body_tag() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>", None)).unwrap();
        assert_eq!(
            out,
            format!(
                "<html><body><p>x</p><script src=\"{SCRIPT_PATH}\" defer></script></body></html>"
            )
        );
    }

    #[test]
    fn overlay_shows_location_message_and_source() {
        let error =
            Diagnostic::error("content/a.md", "bad <value>").at("title: x\nweight: high\n", 2, 9);
        let html = overlay_html(&[error]);
        assert!(html.contains("content/a.md:2:9"), "{html}");
        assert!(html.contains("bad &lt;value&gt;"), "{html}");
        assert!(html.contains("weight: high"), "{html}");
    }
}
