//! The responses finder and the wording cards in a real headless Chromium, served from a
//! sub-path: filtering as you type, the channel filter, filling a placeholder, and the exact
//! text Copy puts on the clipboard.

use crate::browser::{Browser, StaticServer};
use crate::kinds::kinds_site;

fn built() -> (crate::harness::TestSite, StaticServer) {
    let site = kinds_site().file(
        "content/responses/outage.md",
        "---\ntitle: Outage acknowledgement\ntype: response\nsummary: During an incident.\nchannels: [x]\ntags: [incidents]\nstatus: approved\nvariables:\n  name:\n    description: handle\n    example: kai\n---\n```response\nWe are on it, {name}.\n```\n\n```response x\nOn it, {name}!\n```\n",
    );
    site.build(&["--base-url", "/hb/"]).success();
    let server = StaticServer::start(&site.path().join("public"), "/hb/");
    (site, server)
}

/// Sets a form control's value as a person choosing it would, firing its events.
fn set_control(browser: &mut Browser, id: &str, value: &str) {
    let script = format!(
        "(() => {{ const c = document.getElementById({id:?}); c.value = {value:?}; c.dispatchEvent(new Event('input', {{bubbles: true}})); c.dispatchEvent(new Event('change', {{bubbles: true}})); return c.value; }})()"
    );
    assert_eq!(browser.eval(&script), value, "could not set #{id}");
}

fn visible_titles(browser: &mut Browser) -> String {
    browser.eval("[...document.querySelectorAll('.finder-item:not([hidden]) h2')].map(h => h.textContent).join('|')").as_str().unwrap_or("").to_owned()
}

#[test]
fn finder_filters_as_you_type_and_by_channel() {
    let (_site, server) = built();
    let mut browser = Browser::open(&server.url("responses/"));
    browser.wait_until("document.readyState === 'complete' && !!document.querySelector('.finder-count') && document.querySelector('.finder-count').textContent !== ''", "the finder to load");
    assert_eq!(
        visible_titles(&mut browser),
        "Outage acknowledgement|Refund question"
    );
    // The deprecated response is left out by the default status filter, and the count says so.
    assert_eq!(
        browser.eval("document.querySelector('.finder-count').textContent"),
        "2 responses, 1 more with another status"
    );
    // `/` is the finder's key here, so the header does not offer it for its search.
    assert_eq!(
        browser.eval("getComputedStyle(document.querySelector('.hb-search-key')).display"),
        "none"
    );
    browser.press("/", "Slash", 191);
    browser.wait_until(
        "document.activeElement.id === 'finder-query'",
        "`/` to focus the filter",
    );
    browser.type_text("refund");
    browser.wait_until(
        "document.querySelectorAll('.finder-item:not([hidden])').length === 1",
        "filtering as you type",
    );
    assert_eq!(visible_titles(&mut browser), "Refund question");
    assert!(
        browser
            .eval("location.search")
            .as_str()
            .unwrap()
            .contains("q=refund"),
        "the filter is in the URL"
    );
    // Wording is searched too, and the channel filter shows that channel's variant.
    set_control(&mut browser, "finder-query", "");
    set_control(&mut browser, "finder-channel", "x");
    browser.wait_until(
        "document.querySelectorAll('.finder-item:not([hidden])').length === 2",
        "both responses have an x variant",
    );
    let shown = browser.eval("[...document.querySelectorAll('.finder-item:not([hidden]) .response-card:not([hidden])')].map(c => c.getAttribute('data-channel')).join(',')");
    assert_eq!(shown, "x,x", "the x variant is the one shown");
    set_control(&mut browser, "finder-channel", "email");
    browser.wait_until(
        "document.querySelectorAll('.finder-item:not([hidden])').length === 1",
        "only responses for email",
    );
    assert_eq!(visible_titles(&mut browser), "Refund question");
    // The keyboard moves through results.
    browser.click("#finder-query");
    browser.press("ArrowDown", "ArrowDown", 40);
    browser.wait_until(
        "document.activeElement.classList.contains('finder-item')",
        "arrow keys to reach a result",
    );
}

#[test]
fn filling_a_placeholder_updates_the_count_and_copy_puts_the_exact_text_on_the_clipboard() {
    let (_site, server) = built();
    let mut browser = Browser::open(&server.url("responses/outage/"));
    browser.wait_until(
        "document.readyState === 'complete' && document.documentElement.classList.contains('js')",
        "the page and its scripts",
    );
    browser.grant_clipboard(&format!("http://{}", server.addr));
    let card = ".response-card[data-channel=x]";
    assert_eq!(
        browser.eval(&format!(
            "document.querySelector('{card} .response-count-value').textContent"
        )),
        "11"
    );
    browser.click(&format!("{card} input[data-var=name]"));
    browser.type_text("Alexandra");
    browser.wait_until(
        &format!("document.querySelector('{card} mark.placeholder').textContent === 'Alexandra'"),
        "the placeholder to show the value",
    );
    assert_eq!(
        browser.eval(&format!(
            "document.querySelector('{card} .response-count-value').textContent"
        )),
        "17"
    );
    browser.click(&format!("{card} .response-copy"));
    browser.wait_until(
        &format!(
            "document.querySelector('{card} .response-copied').textContent.includes('Copied')"
        ),
        "the copy confirmation",
    );
    let clipboard = browser.eval("navigator.clipboard.readText()");
    assert_eq!(
        clipboard, "On it, Alexandra!",
        "the clipboard holds the filled wording as plain text"
    );
}
