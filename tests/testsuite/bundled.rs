//! The bundled Community Advocacy handbook builds cleanly: no errors, no warnings.

use std::process::Command;

#[test]
fn bundled_handbook_builds_without_warnings() {
    let out = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .args(["build", "--root", env!("CARGO_MANIFEST_DIR"), "--output"])
        .arg(out.path().join("site"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("Built "), "{stdout}");
    let home = std::fs::read_to_string(out.path().join("site/index.html")).unwrap();
    assert!(home.contains("Community Advocacy"), "{home}");
}
