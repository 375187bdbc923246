//! Input written to break the build (truncated shortcodes, deep or exploding include chains,
//! one enormous line) gives located messages in bounded time and memory, never a crash.

use crate::harness::TestSite;

#[track_caller]
fn no_crash(run: &crate::harness::Run) {
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("overflow"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_truncated_escaped_shortcode_is_a_located_warning() {
    let site = TestSite::new()
        .file("content/angle.md", "{{</*/>}}")
        .file("content/percent.md", "{{%/*/%}}");
    for command in ["build", "check"] {
        let run = site.run(&[command]);
        no_crash(&run);
        assert_eq!(run.code, 0, "{command}\n{}\n{}", run.stdout, run.stderr);
    }
    let run = site.build(&[]);
    run.stderr_has("malformed shortcode: escaped shortcode `{{</*` is never closed")
        .stderr_has("--> content/angle.md:1:1")
        .stderr_has("1 | {{</*/>}}")
        .stderr_has("--> content/percent.md:1:1");
    assert!(site.read("angle/index.html").contains("{{&lt;/*/&gt;}}"));
}
