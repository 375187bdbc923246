//! The output folder: written atomically, never anywhere it could destroy the user's files.

use crate::harness::TestSite;

fn site() -> TestSite {
    TestSite::new()
        .file("content/a.md", "# A\n")
        .file("static/keep.txt", "keep")
}

#[test]
fn refuses_outputs_that_would_replace_site_files() {
    let site = site();
    for (output, what) in [
        (".", "the site root"),
        ("content", "the content folder"),
        ("static", "the static folder"),
        ("..", "the site root"),
    ] {
        site.build(&["--output", output])
            .failure(2)
            .stderr_has(&format!("it is {what} or contains it"));
    }
    site.build(&["--output", "static/out"])
        .failure(2)
        .stderr_has("inside the static folder");
    site.build(&["--output", "content/out"])
        .failure(2)
        .stderr_has("inside the content folder");
    assert_eq!(
        std::fs::read_to_string(site.path().join("static/keep.txt")).unwrap(),
        "keep"
    );
}

#[test]
fn refuses_a_non_empty_folder_it_did_not_write() {
    let site = site().file("public/important.txt", "mine");
    site.build(&[])
        .failure(2)
        .stderr_has("was not written by handbook");
    assert_eq!(site.read("important.txt"), "mine");
}

#[test]
fn rebuilds_replace_the_previous_output() {
    let site = site().file("content/b.md", "# B\n");
    site.build(&[]).success();
    assert!(site.out("b/index.html").is_file());
    std::fs::remove_file(site.path().join("content/b.md")).unwrap();
    site.build(&[]).success();
    assert!(!site.out("b/index.html").exists(), "stale pages are gone");
    assert!(site.out(".handbook-build").is_file());
}

#[test]
fn quiet_prints_nothing_on_success() {
    let run = site().build(&["--quiet"]);
    run.success();
    assert_eq!(run.stdout, "");
}

#[test]
fn help_lists_only_working_commands() {
    let run = site().run(&["--help"]);
    run.success();
    assert!(run.stdout.contains("build"), "{}", run.stdout);
}

#[test]
fn the_previous_output_is_removed_after_the_swap() {
    let site = site();
    site.build(&[]).success();
    site.build(&[]).success();
    wait_for_no_leftovers(site.path());
    assert!(site.out("a/index.html").is_file());
}

#[test]
fn the_background_remover_refuses_folders_that_are_not_previous_outputs() {
    let site = site().file("precious/file.txt", "keep");
    site.run(&["__remove-previous-output", "precious"])
        .failure(2)
        .stderr_has("is not a previous handbook output");
    let disguised = site.file(".public.handbook-old-1/file.txt", "keep");
    disguised
        .run(&["__remove-previous-output", ".public.handbook-old-1"])
        .failure(2);
    assert!(
        disguised.path().join("precious/file.txt").is_file()
            && disguised
                .path()
                .join(".public.handbook-old-1/file.txt")
                .is_file()
    );
}

/// Names in the site folder that belong to handbook's hidden staging and old outputs.
fn hidden_leftovers(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".handbook-"))
        .collect()
}

/// Waits for the background remover of a previous output to finish.
#[track_caller]
fn wait_for_no_leftovers(dir: &std::path::Path) {
    wait_for_no_leftovers_but(dir, "");
}

#[cfg(unix)]
#[test]
fn the_guard_holds_through_dots_missing_folders_and_symlinks() {
    use std::os::unix::fs::symlink;
    let site = site()
        .file("notes/todo.txt", "important")
        .file("notes/deep/more.txt", "mine too");
    let root = site.path();
    symlink(root.join("notes"), root.join("to-notes")).unwrap();
    symlink(root.join("notes/deep"), root.join("to-deep")).unwrap();
    symlink(root.join("content"), root.join("to-content")).unwrap();
    let name = root.file_name().unwrap().to_string_lossy().into_owned();
    let from_outside = format!("../missing/../{name}");
    for (output, says) in [
        ("notes", "was not written by handbook"),
        ("missing/../notes", "was not written by handbook"),
        ("missing/deeper/../../notes", "was not written by handbook"),
        ("to-notes", "was not written by handbook"),
        // Read as text these name the site root, as the kernel reads them `notes`: refused both ways.
        ("to-deep/..", "refusing"),
        ("to-deep/../missing/..", "refusing"),
        ("missing/..", "it is the site root"),
        (from_outside.as_str(), "it is the site root"),
        ("missing/../content", "it is the content folder"),
        ("content/missing/..", "it is the content folder"),
        ("to-content", "it is the content folder"),
        ("to-content/missing/../out", "inside the content folder"),
        ("missing/../static", "it is the static folder"),
        ("static/missing/../out", "inside the static folder"),
        ("content/../static/x", "inside the static folder"),
    ] {
        site.build(&["--output", output])
            .failure(2)
            .stderr_has(says)
            .stderr_has(output);
    }
    assert_eq!(
        std::fs::read_to_string(root.join("notes/todo.txt")).unwrap(),
        "important"
    );
    assert!(root.join("notes/deep/more.txt").is_file());
    assert!(root.join("content/a.md").is_file() && root.join("static/keep.txt").is_file());
    assert!(
        !root.join("missing").exists(),
        "a refused build creates nothing"
    );
    assert!(hidden_leftovers(root).is_empty());
    // Through a missing folder to a new one: built there, and the missing folder is not made.
    site.build(&["--output", "missing/../site-out"]).success();
    assert!(root.join("site-out/a/index.html").is_file());
    assert!(!root.join("missing").exists());
}

#[test]
fn the_next_build_removes_what_killed_builds_left() {
    let site = site();
    site.build(&[]).success();
    // No process has a number this high, so these belong to no running build.
    for leftover in [
        ".public.handbook-staging-4000000000",
        ".public.handbook-old-4000000001",
    ] {
        site.write_bytes(&format!("{leftover}/.handbook-build"), b"");
        site.write_bytes(&format!("{leftover}/a/index.html"), b"stale");
    }
    // Named like ours but without the marker: not ours, never removed.
    site.write_bytes(".public.handbook-old-4000000002/mine.txt", b"keep");
    site.build(&[]).success();
    wait_for_no_leftovers_but(site.path(), ".public.handbook-old-4000000002");
    assert!(
        site.path()
            .join(".public.handbook-old-4000000002/mine.txt")
            .is_file()
    );
    assert!(site.out("a/index.html").is_file());
}

#[test]
fn a_build_killed_before_its_marker_leaves_nothing_behind_and_a_filled_lookalike_stays() {
    let site = site();
    site.build(&[]).success();
    // Killed between creating the staging folder and writing the marker in it: empty, unmarked.
    let empty = site.path().join(".public.handbook-staging-4000000000");
    std::fs::create_dir(&empty).unwrap();
    // Named the same way, of no running process either, but with something in it: not ours.
    site.write_bytes(".public.handbook-staging-4000000001/notes.txt", b"keep");
    site.build(&[]).success();
    assert!(!empty.exists(), "the empty staging folder is removed");
    wait_for_no_leftovers_but(site.path(), ".public.handbook-staging-4000000001");
    assert_eq!(
        std::fs::read_to_string(
            site.path()
                .join(".public.handbook-staging-4000000001/notes.txt")
        )
        .unwrap(),
        "keep"
    );
    assert!(site.out("a/index.html").is_file());
}

/// Waits until the only hidden leftover is `kept` (none when empty).
#[track_caller]
fn wait_for_no_leftovers_but(dir: &std::path::Path, kept: &str) {
    let started = std::time::Instant::now();
    loop {
        let left: Vec<String> = hidden_leftovers(dir)
            .into_iter()
            .filter(|n| n != kept)
            .collect();
        if left.is_empty() {
            return;
        }
        // Generous: a loaded CI machine removes 3,000 files slowly.
        assert!(started.elapsed().as_secs() < 90, "leftovers stay: {left:?}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn a_build_stopped_between_the_renames_gets_its_previous_output_back() {
    let site = site();
    site.build(&[]).success();
    // The fallback swap was killed after moving the output aside, before moving the new one in.
    std::fs::rename(
        site.out(""),
        site.path().join(".public.handbook-old-4000000000"),
    )
    .unwrap();
    site.write_bytes(".public.handbook-staging-4000000000/.handbook-build", b"");
    // This build fails, so it replaces nothing: the output is the previous one, put back.
    let broken = site.file("content/b.md", "---\ntitle: [unclosed\n---\n");
    broken
        .build(&[])
        .failure(1)
        .stderr_has("put the previous output back");
    assert!(broken.out("a/index.html").is_file());
    wait_for_no_leftovers(broken.path());
}

#[cfg(unix)]
#[test]
fn after_any_kill_the_next_build_leaves_one_output_and_no_leftovers() {
    use std::process::{Command, Stdio};
    let mut site = site();
    for i in 0..1500 {
        site = site.file(
            &format!("content/s{}/p{i}.md", i % 30),
            &format!("# Page {i}\n\nSome text about page {i}.\n"),
        );
    }
    site.build(&[]).success();
    for delay_ms in [5, 40, 120, 250, 400, 700] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_handbook"))
            .args(["build", "--quiet"])
            .current_dir(site.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        site.build(&["--quiet"]).success();
        wait_for_no_leftovers(site.path());
        assert!(
            site.out("s3/p3/index.html").is_file(),
            "after a kill at {delay_ms} ms"
        );
    }
}

#[test]
fn a_base_url_without_host_warns_once_and_writes_no_relative_absolute_urls() {
    let site = TestSite::new()
        .file("handbook.yml", "title: T\nbase_url: /\n")
        .file(
            "content/a.md",
            "---\ntitle: A\nupdated: 2026-10-01\n---\nText.\n",
        );
    let run = site.build(&[]);
    run.success();
    assert_eq!(run.stderr.matches("warning").count(), 1, "{}", run.stderr);
    run.stderr_has("handbook.yml:2:1")
        .stderr_has("base_url `/` has no host");
    let page = site.read("a/index.html");
    assert!(!page.contains("rel=\"canonical\""), "{page}");
    assert!(!site.out("sitemap.xml").exists());
    assert_eq!(site.read("robots.txt"), "User-agent: *\nAllow: /\n");
    let atom = site.read("atom.xml");
    assert!(atom.contains("<id>urn:handbook:/a/</id>"), "{atom}");
    // With a host: all of them, absolute, and no warning.
    let site = TestSite::new()
        .file(
            "handbook.yml",
            "title: T\nbase_url: https://example.org/hb/\n",
        )
        .file(
            "content/a.md",
            "---\ntitle: A\nupdated: 2026-10-01\n---\nText.\n",
        );
    let run = site.build(&[]);
    run.success();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert!(
        site.read("a/index.html")
            .contains("<link rel=\"canonical\" href=\"https://example.org/hb/a/\">")
    );
    assert!(
        site.read("sitemap.xml")
            .contains("<loc>https://example.org/hb/a/</loc>")
    );
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://example.org/hb/sitemap.xml")
    );
    assert!(
        site.read("atom.xml")
            .contains("<id>https://example.org/hb/a/</id>")
    );
}

#[test]
fn the_generated_home_of_an_imported_folder_has_a_description() {
    let site = TestSite::new().file("docs/a.md", "# Hello\n\nText.\n");
    site.build(&[]).success();
    let home = site.read("index.html");
    assert!(
        home.contains("<meta name=\"description\" content=\"Handbook: the team handbook, every page searchable.\">"),
        "{home}"
    );
    let site = TestSite::new()
        .file("handbook.yml", "description: Our way of working.\n")
        .file("docs/a.md", "# Hello\n");
    site.build(&[]).success();
    assert!(
        site.read("index.html")
            .contains("<meta name=\"description\" content=\"Our way of working.\">")
    );
}
