//! A small builder for fixture sites: write files, run `handbook`, inspect what it did.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A temporary site folder.
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

/// What one run of the binary did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    #[track_caller]
    pub fn success(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn failure(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "expected exit code {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stdout_has(&self, needle: &str) -> &Self {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}:\n{}",
            self.stdout
        );
        self
    }
}

impl TestSite {
    pub fn new() -> Self {
        TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file below the site root.
    pub fn file(self, rel: &str, text: &str) -> Self {
        self.write_bytes(rel, text.as_bytes());
        self
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    /// Runs `handbook <args>` in the site folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_handbook"))
            .args(args)
            .current_dir(self.path())
            .output()
            .expect("run handbook");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Runs `handbook <args>` like [`TestSite::run`], and fails the test if it runs longer than
    /// `limit` (the process is killed): for input that once made the binary run for minutes.
    #[track_caller]
    pub fn run_within(&self, args: &[&str], limit: std::time::Duration) -> Run {
        use std::io::Read;
        use std::process::Stdio;
        let mut child = Command::new(env!("CARGO_BIN_EXE_handbook"))
            .args(args)
            .current_dir(self.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run handbook");
        let drain = |mut pipe: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut text = Vec::new();
                let _ = pipe.read_to_end(&mut text);
                String::from_utf8_lossy(&text).into_owned()
            })
        };
        let stdout = drain(Box::new(child.stdout.take().expect("stdout")));
        let stderr = drain(Box::new(child.stderr.take().expect("stderr")));
        let started = std::time::Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait for handbook") {
                break status;
            }
            if started.elapsed() > limit {
                let _ = child.kill();
                let _ = child.wait();
                panic!("`handbook {}` ran longer than {limit:?}", args.join(" "));
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        Run {
            code: status.code().unwrap_or(-1),
            stdout: stdout.join().expect("stdout"),
            stderr: stderr.join().expect("stderr"),
        }
    }

    /// `handbook build` with extra arguments.
    pub fn build(&self, extra: &[&str]) -> Run {
        let mut args = vec!["build"];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    pub fn out(&self, rel: &str) -> PathBuf {
        self.path().join("public").join(rel)
    }

    /// The text of a built file.
    #[track_caller]
    pub fn read(&self, rel: &str) -> String {
        let path = self.out(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }
}

/// Every `href="..."` and `src="..."` value in an HTML text.
pub fn urls_in(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attribute) {
            rest = &rest[i + attribute.len()..];
            if let Some(end) = rest.find('"') {
                urls.push(rest[..end].replace("&amp;", "&"));
            }
        }
    }
    urls
}
