//! The default theme in headless Chromium on the bundled handbook: what the first screen of a
//! phone shows on an escalation path, and the light/dark toggle.

use crate::accessibility::{axe_source, built_bundled_site, show};
use crate::browser::{Browser, StaticServer};

#[test]
fn an_escalation_path_shows_its_first_step_and_who_to_call_on_the_first_phone_screen() {
    let out = built_bundled_site();
    let site = out.path().join("site");
    let server = StaticServer::start(&site, "/");
    let mut browser = Browser::open(&server.url("/"));
    let mut paths: Vec<String> = std::fs::read_dir(site.join("escalations"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| {
            std::fs::read_to_string(e.path().join("index.html"))
                .is_ok_and(|html| html.contains("class=\"hb-step\""))
        })
        .map(|e| format!("/escalations/{}/", e.file_name().to_string_lossy()))
        .collect();
    paths.sort();
    assert!(paths.len() >= 5, "the bundled escalation paths: {paths:?}");
    let mut problems = Vec::new();
    for path in &paths {
        show(&mut browser, &server.url(path), 390, "light");
        // The bottom of the first step's "who" line (name and deadline) and the top of its
        // "how", against the 900 px viewport (the header is inside it).
        let measured = browser.eval(
            "(() => { const s = document.querySelector('.hb-step'); const who = s.querySelector('.hb-step-who').getBoundingClientRect(); const how = s.querySelector('.hb-step-how').getBoundingClientRect(); return [who.bottom, how.top, innerHeight]; })()",
        );
        let (who, how, height) = (
            measured[0].as_f64().unwrap(),
            measured[1].as_f64().unwrap(),
            measured[2].as_f64().unwrap(),
        );
        if who > height || how + 20.0 > height {
            problems.push(format!(
                "{path}: first step's who ends at {who} px, how starts at {how} px, screen {height} px"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

const BACKGROUND: &str = "getComputedStyle(document.body).backgroundColor";

#[test]
fn the_theme_button_switches_light_and_dark_and_the_choice_survives_a_reload() {
    let out = built_bundled_site();
    let server = StaticServer::start(&out.path().join("site"), "/");
    let mut browser = Browser::open(&server.url("/"));
    let page = server.url("/guidelines/voice-and-tone/");
    show(&mut browser, &page, 1366, "light");
    let light = browser.eval(BACKGROUND);
    assert_eq!(
        browser.eval("document.documentElement.hasAttribute('data-theme')"),
        false,
        "no choice yet: the system's theme"
    );
    // System -> light: the same colours on a light system.
    browser.click("#hb-theme-button");
    assert_eq!(
        browser.eval("document.documentElement.getAttribute('data-theme')"),
        "light"
    );
    assert_eq!(browser.eval(BACKGROUND), light);
    // Light -> dark: the background changes.
    browser.click("#hb-theme-button");
    browser.wait_until(&format!("{BACKGROUND} !== {light}"), "the dark background");
    let dark = browser.eval(BACKGROUND);
    assert_eq!(
        browser.eval("localStorage.getItem('hb-theme')"),
        "dark",
        "the choice is remembered"
    );
    assert!(
        browser
            .eval("document.getElementById('hb-theme-button').getAttribute('aria-label')")
            .as_str()
            .unwrap()
            .starts_with("Colour theme: dark"),
        "the button says what is chosen"
    );
    // The chosen dark theme on a light system is as clean as the system's dark.
    let axe = axe_source();
    for path in [
        "/responses/billing-refund-support/",
        "/escalations/service-outage/",
    ] {
        show(&mut browser, &server.url(path), 390, "light");
        assert_eq!(
            browser.eval("document.documentElement.getAttribute('data-theme')"),
            "dark"
        );
        browser.eval(&axe);
        let found = browser.eval(
            "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')))",
        );
        assert_eq!(found, serde_json::json!([]), "{path} with data-theme=dark");
    }
    // After a reload the choice is applied (by the inline script in <head>, before paint).
    show(&mut browser, &page, 1366, "light");
    assert_eq!(
        browser.eval("document.documentElement.getAttribute('data-theme')"),
        "dark"
    );
    assert_eq!(browser.eval(BACKGROUND), dark);
    // A light choice wins over a dark system too.
    browser.eval("localStorage.setItem('hb-theme', 'light')");
    show(&mut browser, &page, 1366, "dark");
    assert_eq!(browser.eval(BACKGROUND), light);
    // Dark -> system: the attribute is gone and the system's dark applies.
    browser.eval("localStorage.setItem('hb-theme', 'dark')");
    show(&mut browser, &page, 1366, "dark");
    browser.click("#hb-theme-button");
    assert_eq!(
        browser.eval("document.documentElement.hasAttribute('data-theme') || localStorage.getItem('hb-theme') !== null"),
        false
    );
    assert_eq!(browser.eval(BACKGROUND), dark, "a dark system, no choice");
}
