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
    let leftovers = || -> Vec<String> {
        std::fs::read_dir(site.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".handbook-"))
            .collect()
    };
    let started = std::time::Instant::now();
    while !leftovers().is_empty() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "the previous output was never removed: {:?}",
            leftovers()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
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
