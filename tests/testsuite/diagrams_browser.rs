//! Mermaid diagrams in headless Chromium: the 2.7 MB library is fetched only when a diagram
//! comes near the screen, and then the diagram is drawn.

use crate::browser::{Browser, StaticServer};
use crate::harness::TestSite;

#[test]
fn a_diagram_far_down_loads_the_library_only_when_scrolled_near_and_is_drawn() {
    let filler: String = (0..150)
        .map(|i| format!("Paragraph {i} of a long page, with enough words to fill a line or two of the screen.\n\n"))
        .collect();
    let site = TestSite::new().file(
        "content/long.md",
        &format!("# Long page\n\n{filler}```mermaid\ngraph TD; A-->B;\n```\n"),
    );
    site.build(&[]).success();
    let server = StaticServer::start(&site.out(""), "/");
    let mut browser = Browser::open(&server.url("/long/"));
    browser.wait_until("document.readyState === 'complete'", "the page to load");
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(
        browser.eval("[typeof window.mermaid, performance.getEntriesByType('resource').some(r => r.name.includes('mermaid.min.js'))]"),
        serde_json::json!(["undefined", false]),
        "the library loaded with the page"
    );
    browser.eval("document.querySelector('.mermaid-diagram').scrollIntoView()");
    browser.wait_until(
        "document.querySelector('.mermaid-diagram.is-drawn svg') !== null",
        "the diagram to be drawn",
    );
}
