//! Liquid tags (`{% include x.html %}`, `{% raw %}`) from Jekyll sites are not run: they are left
//! as literal text, and the file gets one warning pointing at the first tag, so a migrated site
//! builds and the author knows what to convert.

/// The byte offset of the first Liquid tag outside code, if any.
pub fn first_tag(source: &str, code: &[std::ops::Range<usize>]) -> Option<usize> {
    let mut at = 0;
    while let Some(found) = source[at..].find("{%") {
        let start = at + found;
        at = start + 2;
        // `{{%` opens a Hugo shortcode, not a Liquid tag.
        if start > 0 && source.as_bytes()[start - 1] == b'{' {
            continue;
        }
        if code.iter().any(|r| r.contains(&start)) {
            continue;
        }
        if source[at..].contains("%}") {
            return Some(start);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_liquid_but_not_shortcodes_or_code() {
        assert_eq!(first_tag("a {% include x.html %}", &[]), Some(2));
        assert_eq!(first_tag("{{% note %}}", &[]), None);
        assert_eq!(
            first_tag("`{% raw %}`", std::slice::from_ref(&(0..11))),
            None
        );
    }
}
