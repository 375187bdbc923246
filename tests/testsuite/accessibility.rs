//! Every kind of page of the bundled handbook, light and dark, at desktop and phone widths:
//! no axe-core violations of any impact, and no sideways scrolling down to 360 px.

use std::path::PathBuf;
use std::process::Command;

use crate::browser::{Browser, StaticServer};

/// One page of each kind the theme renders, in the bundled handbook; `bench/lighthouse.py`
/// audits the same list.
fn pages() -> Vec<(String, String)> {
    serde_json::from_str(include_str!("../browser/page-kinds.json")).expect("page-kinds.json")
}

/// axe-core's source, installed from npm at the version pinned in tests/browser/ on first use.
pub fn axe_source() -> String {
    let tools = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let path = tools.join("node_modules/axe-core/axe.min.js");
    if !path.is_file() {
        let installed = Command::new("npm")
            .args(["ci", "--silent", "--no-audit", "--no-fund", "--prefix"])
            .arg(&tools)
            .status();
        assert!(
            installed.is_ok_and(|s| s.success()),
            "the accessibility tests need axe-core: `npm ci --prefix tests/browser` failed (is npm installed?)"
        );
    }
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read axe-core at {}: {e}", path.display()))
}

pub fn built_bundled_site() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .args([
            "build",
            "--quiet",
            "--root",
            env!("CARGO_MANIFEST_DIR"),
            "--output",
        ])
        .arg(out.path().join("site"))
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

/// Sets the viewport and colour scheme, then opens `url` and waits for it to settle.
pub fn show(browser: &mut Browser, url: &str, width: u32, scheme: &str) {
    browser.command(
        "Emulation.setDeviceMetricsOverride",
        serde_json::json!({"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600}),
    );
    browser.command(
        "Emulation.setEmulatedMedia",
        serde_json::json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
    );
    browser.command("Page.navigate", serde_json::json!({"url": url}));
    // Scripts may add a query to the address (the finder keeps its filters there).
    let path = url.split('?').next().unwrap_or(url);
    browser.wait_until(
        &format!("document.readyState === 'complete' && location.href.split('?')[0] === {path:?}"),
        url,
    );
    // Scripts that fill the page (search results, the finder) run after load.
    std::thread::sleep(std::time::Duration::from_millis(300));
}

#[test]
fn every_page_kind_is_axe_clean_light_and_dark_at_desktop_and_phone_widths() {
    let axe = axe_source();
    let out = built_bundled_site();
    let server = StaticServer::start(&out.path().join("site"), "/");
    let mut browser = Browser::open(&server.url("/"));
    let mut problems = Vec::new();
    for (kind, path) in pages() {
        let (kind, path) = (kind.as_str(), path.as_str());
        for width in [1366, 390] {
            for scheme in ["light", "dark"] {
                show(&mut browser, &server.url(path), width, scheme);
                // The finder skips rendering cards off screen (content-visibility: auto), and
                // axe reads colours from what is rendered: show every card so each is checked.
                browser.eval("document.head.insertAdjacentHTML('beforeend', '<style>.finder-item { content-visibility: visible !important; }</style>')");
                browser.eval(&axe);
                let found = browser.eval(
                    "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ''} [${(v.nodes[0].failureSummary || '').replace(/\\s+/g, ' ')}]`))",
                );
                for violation in found.as_array().into_iter().flatten() {
                    problems.push(format!(
                        "{kind} {path} at {width} px, {scheme}: {}",
                        violation.as_str().unwrap_or_default()
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} axe violations:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn no_page_kind_scrolls_sideways_down_to_360_px() {
    let out = built_bundled_site();
    let server = StaticServer::start(&out.path().join("site"), "/");
    let mut browser = Browser::open(&server.url("/"));
    let mut problems = Vec::new();
    for (kind, path) in pages() {
        let (kind, path) = (kind.as_str(), path.as_str());
        for width in [390, 360] {
            show(&mut browser, &server.url(path), width, "light");
            let sizes = browser.eval(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth, [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && getComputedStyle(e).position !== 'fixed').slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '')).join(', ')]",
            );
            let (scroll, inner) = (sizes[0].as_u64().unwrap(), sizes[1].as_u64().unwrap());
            if scroll > inner {
                problems.push(format!(
                    "{kind} {path} at {width} px is {scroll} px wide ({})",
                    sizes[2].as_str().unwrap_or_default()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_phone_menu_opens_and_closes_the_navigation() {
    let out = built_bundled_site();
    let server = StaticServer::start(&out.path().join("site"), "/");
    let mut browser = Browser::open(&server.url("/"));
    show(
        &mut browser,
        &server.url("/guidelines/voice-and-tone/"),
        390,
        "light",
    );
    let sidebar_shown = "(() => { const r = document.getElementById('hb-sidebar').getBoundingClientRect(); return r.right > 100 && r.left >= -1; })()";
    assert_eq!(
        browser.eval(sidebar_shown),
        serde_json::json!(false),
        "hidden at first"
    );
    browser.click(".hb-menu-button");
    browser.wait_until(sidebar_shown, "the navigation to slide in");
    // The open section's toggle is a control of its own, next to (not around) the link.
    assert_eq!(
        browser.eval("document.querySelector('.hb-nav-group > summary a') === null && document.querySelector('.is-open > .hb-nav-row > a[aria-current=\"page\"], .is-open .hb-nav-link[aria-current=\"page\"]') !== null"),
        serde_json::json!(true)
    );
    browser.click(".hb-menu-button");
    browser.wait_until(&format!("!{sidebar_shown}"), "the navigation to close");
}
