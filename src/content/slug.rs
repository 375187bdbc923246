//! What a `slug` may be: one part of a URL, which is also the name of a folder in the output.
//! A slug that would climb out of its folder (`..`), name no folder (`.`), make several parts
//! (`a/b`, `a\b`) or break the URL (`?`, `#`, control characters) is a front matter error
//! at the value, the same for `build` and `check`, and the page keeps its file name's URL.

/// Why `slug` cannot be used, or `None` when it can. An empty slug means no slug.
pub fn problem(slug: &str) -> Option<String> {
    let slug = slug.trim();
    match slug {
        "." => return Some("`slug` cannot be `.`: that names the folder, not a page".into()),
        ".." => return Some("`slug` cannot be `..`: that names the folder above".into()),
        _ => {}
    }
    let c = slug
        .chars()
        .find(|&c| matches!(c, '/' | '\\' | '?' | '#') || c.is_control())?;
    Some(match c {
        '/' | '\\' => format!(
            "`slug` cannot contain `{c}`: it makes one part of the URL (move the file, or set `url`, to publish elsewhere)"
        ),
        '?' | '#' => format!("`slug` cannot contain `{c}`: it would end the URL's path"),
        _ => format!("`slug` cannot contain the control character {c:?}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_url_part_is_a_slug_and_the_rest_is_not() {
        for good in ["incident-review", "café", "v1.2", "", " spaced "] {
            assert_eq!(problem(good), None, "{good}");
        }
        for bad in [
            ".", "..", " .. ", "a/../b", "a/b", "a\\b", "/", "a?b", "a#b", "a\u{7}b", "a\tb",
        ] {
            assert!(problem(bad).is_some(), "{bad:?}");
        }
    }
}
