//! What a front matter `url` (`permalink`) or `aliases` (`redirect_from`)
//! entry may be: a path on this site. `.` and `..` parts are resolved the way a browser resolves
//! them before it asks for a page (`/a/../b/` is requested as `/b/`), and one that climbs above
//! the site root is an error, as are `\`, control characters, and `?` and `#` (a static host
//! never sees a fragment and serves one file whatever the query). `url` names the page's own
//! folder, so it takes no `%` escapes; an alias is an old URL, so its escapes are decoded
//! (`/old%20name/` is the folder `old name/`). The caller reports the problem at the value.

/// Joins `base` (a folder) and `rel`, resolving `.` and `..`; `None` when it climbs above the root.
pub fn join_path(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// Which field the path was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Url,
    Alias,
}

/// `written` with its `.` and `..` parts resolved (a leading and a trailing `/` kept as
/// written), or why it cannot be a path of this site.
pub fn normalise(written: &str, field: Field) -> Result<String, String> {
    let text = written.trim();
    let what = match field {
        Field::Url => "the URL",
        Field::Alias => "an alias",
    };
    if let Some(c) = text.chars().find(|&c| bad_char(c, field)) {
        return Err(match c {
            '\\' => format!("{what} cannot contain `\\`: URLs separate their parts with `/`"),
            '?' => format!(
                "{what} cannot contain `?`: it starts a query, and a static host serves the same file whatever the query"
            ),
            '#' => format!(
                "{what} cannot contain `#`: it starts a fragment, which browsers never send to the host"
            ),
            '%' => format!(
                "{what} cannot contain `%`: `url` names the page's folder, so write its characters, not `%` escapes"
            ),
            _ => format!("{what} cannot contain the control character {c:?}"),
        });
    }
    let decoded = match field {
        Field::Url => text.to_owned(),
        Field::Alias => crate::percent::decode(text),
    };
    if let Some(c) = decoded.chars().find(|&c| c == '\\' || c.is_control()) {
        return Err(format!(
            "{what} cannot contain {c:?}, which its `%` escape stands for"
        ));
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(format!(
                        "{what} `{text}` climbs above the site root with `..`"
                    ));
                }
            }
            part => parts.push(part),
        }
    }
    let mut out = String::new();
    if decoded.starts_with('/') {
        out.push('/');
    }
    out.push_str(&parts.join("/"));
    let folder = decoded.ends_with('/') || decoded.ends_with("/.") || decoded.ends_with("/..");
    if folder && !parts.is_empty() {
        out.push('/');
    }
    Ok(out)
}

fn bad_char(c: char, field: Field) -> bool {
    matches!(c, '\\' | '?' | '#') || c.is_control() || (c == '%' && field == Field::Url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dots_resolve_as_in_a_browser_and_may_not_climb_above_the_root() {
        let url = |text| normalise(text, Field::Url);
        assert_eq!(url("/team/about/"), Ok("/team/about/".into()));
        assert_eq!(url("team/./about"), Ok("team/about".into()));
        assert_eq!(url("/a/../b/"), Ok("/b/".into()));
        assert_eq!(url("/a/b/.."), Ok("/a/".into()));
        assert_eq!(url("/"), Ok("/".into()));
        assert_eq!(url("/about.html"), Ok("/about.html".into()));
        assert!(url("/../etc/").unwrap_err().contains("climbs above"));
        assert!(url("/a/../../b/").unwrap_err().contains("climbs above"));
        let alias = |text| normalise(text, Field::Alias);
        assert_eq!(alias("/old%20name/"), Ok("/old name/".into()));
        assert!(alias("/%2e%2e/x/").unwrap_err().contains("climbs above"));
        assert!(alias("/a%5Cb/").unwrap_err().contains("'\\\\'"));
    }

    #[test]
    fn characters_that_break_a_path_are_refused() {
        for bad in ["/x\\y/", "/a\u{7}/", "/what?/", "/a#b/", "/100%/"] {
            assert!(normalise(bad, Field::Url).is_err(), "{bad:?}");
        }
        for bad in ["/x\\y/", "/a\u{7}/", "/what?/", "/a#b/"] {
            assert!(normalise(bad, Field::Alias).is_err(), "{bad:?}");
        }
        assert!(normalise("/100%/", Field::Alias).is_ok());
    }
}
