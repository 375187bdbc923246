//! Rebuild when the embedded theme or bundled content changes: `include_dir!` cannot tell
//! cargo about the files it embeds on stable Rust.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=content");
}
