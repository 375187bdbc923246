//! Input written to break the build (truncated shortcodes, deep or exploding include chains,
//! one enormous line) gives located messages in bounded time and memory, never a crash.

use std::time::Duration;

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

/// `content/page.md`, whose third line includes `inc/f1.md`, and `files` more under `inc/`.
fn include_chain(files: usize, calls_per_file: usize) -> TestSite {
    let site = TestSite::new().file(
        "content/page.md",
        "# Page\n\nIncluded: {{% include \"/inc/f1.md\" %}}\n",
    );
    for n in 1..=files {
        let call = format!("{{{{% include \"/inc/f{}.md\" %}}}} ", n + 1);
        site.write_bytes(
            &format!("inc/f{n}.md"),
            format!("{n} {}\n", call.repeat(calls_per_file)).as_bytes(),
        );
    }
    site.write_bytes(&format!("inc/f{}.md", files + 1), b"end\n");
    site
}

#[test]
fn an_include_chain_thousands_of_files_deep_stops_at_the_depth_limit() {
    let site = include_chain(1800, 1);
    let run = site.run_within(&["build"], Duration::from_secs(60));
    no_crash(&run);
    run.failure(1)
        .stderr_has("error: includes nest more than 64 deep: content/page.md → inc/f1.md → inc/f2.md → … 59 more … → inc/f62.md → inc/f63.md → inc/f64.md")
        .stderr_has("--> content/page.md:3:11")
        .stderr_has("3 | Included: {{% include");
}

#[test]
fn files_that_each_include_the_next_twice_stop_at_the_size_limit() {
    let site = include_chain(24, 2);
    let run = site.run_within(&["build"], Duration::from_secs(30));
    no_crash(&run);
    run.failure(1)
        .stderr_has("this page's includes and shortcodes add more than 8 MB")
        .stderr_has("--> content/page.md:3:11");
    // Twelve files deep, the same expansion fits: 2^12 copies of `end`, each file read once.
    let site = include_chain(12, 2);
    let run = site.run_within(&["build"], Duration::from_secs(30));
    run.success();
    assert_eq!(site.read("page/index.html").matches("end").count(), 1 << 12);
}

#[test]
fn an_include_cycle_is_located_and_names_the_files() {
    let site = TestSite::new()
        .file(
            "content/page.md",
            "# Page\n\n{{< include \"/inc/a.md\" >}}\n",
        )
        .file("inc/a.md", "A {{< include \"/inc/b.md\" >}}\n")
        .file("inc/b.md", "B {{< include \"/inc/a.md\" >}}\n");
    let run = site.build(&[]);
    no_crash(&run);
    run.failure(1)
        .stderr_has("error: include cycle: inc/a.md → inc/b.md → inc/a.md")
        .stderr_has("--> content/page.md:3:1")
        .stderr_has("= help: a file cannot include itself");
}

/// Pages of one long line with tens of thousands of problems each: every problem shows a
/// window of the line, not the line, and a page's list stops at 100 with a note.
#[test]
fn one_long_line_of_problems_is_reported_in_bounded_output() {
    let site = TestSite::new()
        .file("content/links.md", &"[x](missing.md) ".repeat(20_000))
        .file("content/opens.md", &"{{<".repeat(40_000))
        .file("content/images.md", &"![](x.png) ".repeat(30_000))
        .file("content/quotes.md", &"{{< a \"".repeat(50_000))
        .file("content/bangs.md", &format!("{}](", "![".repeat(30_000)));
    for command in ["build", "check"] {
        // `--verbose`: the build's every problem, as check prints them.
        let args: &[&str] = if command == "build" {
            &["build", "--verbose"]
        } else {
            &["check"]
        };
        let run = site.run_within(args, Duration::from_secs(60));
        no_crash(&run);
        run.failure(1);
        let output = format!("{}{}", run.stdout, run.stderr);
        assert!(output.len() < 400_000, "{command}: {} bytes", output.len());
        let longest = output.lines().map(|l| l.chars().count()).max();
        assert!(
            longest < Some(200),
            "{command}: a line of {longest:?} characters"
        );
        for more in [
            "and 19900 more problems in this file",
            "and 39900 more problems in this file",
            "and 49900 more problems in this file",
        ] {
            assert!(output.contains(more), "{command} lacks {more:?}:\n{output}");
        }
    }
    site.run(&["check"])
        // Broken image links and missing alt text: the note takes the worst of them.
        .stdout_has("content/images.md: error[build] and 599")
        .stdout_has("content/links.md:1:1585: error[broken-link] broken link `missing.md`")
        .stdout_has("    1 | …) [x](missing.md) [x](missing.md) [x](missing.md) [x](missing.md) [x](missing.md) [x](missing.md) [x…");
}

/// A line of 700,000 `[` in a page that also has an emoji shortcode or a kramdown attribute
/// list (both make the text events be merged) took 20 s in the Markdown stage: each `[` is a
/// text event of its own, and they were joined pairwise.
#[test]
fn a_long_line_of_brackets_beside_emoji_or_attributes_renders_in_bounded_time() {
    let run_of = "[".repeat(700_000);
    let site = TestSite::new()
        .file(
            "content/attributes.md",
            &format!(
                "# Etiquette\n\n**Use clear te{run_of}rminology.**\n\nStandard [voice](https://example.org){{:target=\"_blank\" }} text.\n"
            ),
        )
        .file(
            "content/emoji.md",
            &format!("# Done\n\nAll {run_of} done :tada:\n"),
        );
    for command in ["build", "check"] {
        let run = site.run_within(&[command], Duration::from_secs(10));
        no_crash(&run);
        assert!(run.code <= 1, "{command}\n{}", run.stderr);
    }
    let page = site.read("emoji/index.html");
    assert!(page.contains("done 🎉"), "the emoji is still replaced");
    assert!(!site.read("attributes/index.html").contains("{:target"));
}

/// Tree-sitter takes time quadratic in the width of an error node: a Python block of code that
/// does not parse with a line of 40,000 `|` took over 30 s to `build` (20,000 took 13 s).
/// Blocks over the highlighting limit are plain text.
#[test]
fn a_huge_line_in_a_code_block_builds_in_bounded_time() {
    let site = TestSite::new().file(
        "content/code.md",
        &format!(
            "# Code\n\n```python\nconst x = f(() => {{\n  {}\n}});\n```\n\n```java\nclass A {{}}\n```\n",
            "|".repeat(40_000)
        ),
    );
    let run = site.run_within(&["build"], Duration::from_secs(20));
    no_crash(&run);
    run.success();
    let page = site.read("code/index.html");
    assert!(page.contains("<code class=\"language-python\">const x = f(() =&gt; {\n  ||||"));
    assert!(
        page.contains("<span class="),
        "the small block is still highlighted"
    );
}
