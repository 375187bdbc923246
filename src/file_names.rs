//! How a path on disk becomes the name the site knows it by, and that name a path in the output.
//!
//! Names are `/`-separated UTF-8 (`area/page.md`): keys, links and messages use them. Any byte
//! but `/` is legal in a Unix file name, so a `\` is an ordinary character of a name there, not
//! a separator, and bytes that are not UTF-8 are written `\xNN`: the name still says exactly
//! which file it is, and such a file is read through its real path, kept beside the name.
//! In the output a `\` would be a separator on Windows and a `/` in browsers, control
//! characters break URLs, and `?`, `#` and `%` start a query, a fragment and an escape in a
//! URL (`what?.md` as `/what?/` is the path `/what` to a browser), so [`output_name`] and page
//! URLs write them as `-`: the URL is then the file's path on every static host, with no
//! escaping to agree on.

use std::borrow::Cow;
use std::ffi::OsStr;
use std::fmt::Write;
use std::path::{Component, Path};

/// One component of a path as text: UTF-8 as it is, other bytes as `\xNN`.
pub fn component(name: &OsStr) -> Cow<'_, str> {
    if let Some(text) = name.to_str() {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    for chunk in name.as_encoded_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for byte in chunk.invalid() {
            let _ = write!(out, "\\x{byte:02x}");
        }
    }
    Cow::Owned(out)
}

/// The `/`-separated name of a relative path (see the module documentation).
pub fn name(relative: &Path) -> String {
    let mut out = String::new();
    for part in relative.components() {
        let text = match part {
            Component::Normal(name) => component(name),
            Component::CurDir => continue,
            Component::ParentDir => Cow::Borrowed(".."),
            Component::RootDir | Component::Prefix(_) => continue,
        };
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(&text);
    }
    out
}

/// A whole path for messages, with bytes that are not UTF-8 written `\xNN`.
pub fn shown(path: &Path) -> String {
    match path.to_str() {
        Some(text) => text.to_owned(),
        None => component(path.as_os_str()).into_owned(),
    }
}

/// True for a character that cannot be part of an output file name or a URL path segment as
/// it is: `\`, control characters, and `?`, `#` and `%`, which mean something in a URL.
pub fn is_unsafe(c: char) -> bool {
    matches!(c, '\\' | '?' | '#' | '%') || c.is_control()
}

/// The path in the output of a file the site knows as `name`: unsafe characters become `-`.
pub fn output_name(name: &str) -> Cow<'_, str> {
    if name.contains(is_unsafe) {
        Cow::Owned(name.replace(is_unsafe, "-"))
    } else {
        Cow::Borrowed(name)
    }
}

/// Pairs of `names` that [`output_name`] writes to the same output file, one of them mapped
/// (`a?.png` and `a-.png`): the first name seen, the other, and the output name.
pub fn collisions<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<(&'a str, &'a str, String)> {
    let mut seen: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
    let mut found = Vec::new();
    for name in names {
        let out = output_name(name).into_owned();
        match seen.get(&out) {
            Some(&first) if first != name => found.push((first, name, out)),
            Some(_) => {}
            None => {
                seen.insert(out, name);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_backslashes_and_escape_bytes_that_are_not_utf8() {
        assert_eq!(name(Path::new("area/page.md")), "area/page.md");
        assert_eq!(name(Path::new("./café/a b.md")), "café/a b.md");
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            assert_eq!(name(Path::new("fz/back\\slash.md")), "fz/back\\slash.md");
            let bytes = Path::new(OsStr::from_bytes(b"fz/bad\xff\xfeok.md"));
            assert_eq!(name(bytes), "fz/bad\\xff\\xfeok.md");
            assert_eq!(shown(bytes), "fz/bad\\xff\\xfeok.md");
        }
    }

    #[test]
    fn output_names_have_no_backslash_or_control_character() {
        assert_eq!(output_name("a/b.png"), "a/b.png");
        assert_eq!(output_name("a\\b\u{7}.png"), "a-b-.png");
        assert_eq!(output_name("bad\\xff.png"), "bad-xff.png");
        assert_eq!(output_name("what?/c#/100%.png"), "what-/c-/100-.png");
    }

    #[test]
    fn names_mapped_onto_another_are_found() {
        assert_eq!(
            collisions(["a?.png", "b.png", "a-.png", "a?.png"]),
            vec![("a?.png", "a-.png", "a-.png".to_owned())]
        );
        assert!(collisions(["a.png", "b\\c.png"]).is_empty());
    }
}
