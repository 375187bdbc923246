//! Bounds on what the shortcodes of one page may expand to. Hostile or mistaken input (an
//! include chain thousands of files deep, files that each include the next twice, templates
//! that repeat their inner content inside each other) must end in a located error, not in a
//! stack overflow or a build that runs for hours.

/// How deeply includes and the inner content of shortcodes may nest.
pub const MAX_DEPTH: usize = 64;

/// How much text and HTML one page's shortcodes may add, in bytes, counting an included file
/// each time it is put in (in the page or in another included file): far more than any real
/// page (one that includes a whole handbook chapter adds a few hundred kilobytes), and little
/// enough that rendering the result stays well under a gigabyte (10 MB of included Markdown
/// took 730 MB to build).
pub const MAX_BYTES: usize = 8 << 20;

/// What a page's shortcodes have added so far.
#[derive(Debug, Default)]
pub struct Budget {
    used: usize,
    exceeded: bool,
}

impl Budget {
    /// Bytes added so far.
    pub fn used(&self) -> usize {
        self.used
    }

    /// True once something did not fit.
    pub fn exceeded(&self) -> bool {
        self.exceeded
    }

    /// Takes `bytes` from the budget; `false` when they do not fit, and from then on.
    pub fn take(&mut self, bytes: usize) -> bool {
        if self.exceeded || self.used.saturating_add(bytes) > MAX_BYTES {
            self.exceeded = true;
            return false;
        }
        self.used += bytes;
        true
    }
}

/// `files` joined by arrows; a long chain shows its first and last files around a count.
pub fn chain(files: &[&str]) -> String {
    const SHOWN: usize = 3;
    if files.len() <= 2 * SHOWN + 1 {
        return files.join(" → ");
    }
    let hidden = files.len() - 2 * SHOWN;
    format!(
        "{} → … {hidden} more … → {}",
        files[..SHOWN].join(" → "),
        files[files.len() - SHOWN..].join(" → ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_refuses_for_good_once_exceeded() {
        let mut budget = Budget::default();
        assert!(budget.take(MAX_BYTES - 1));
        assert!(!budget.take(2));
        assert!(!budget.take(0));
        assert_eq!(budget.used(), MAX_BYTES - 1);
    }

    #[test]
    fn long_chains_are_shortened_in_the_middle() {
        assert_eq!(chain(&["a", "b", "a"]), "a → b → a");
        let files: Vec<String> = (0..10).map(|i| format!("f{i}")).collect();
        let files: Vec<&str> = files.iter().map(String::as_str).collect();
        assert_eq!(chain(&files), "f0 → f1 → f2 → … 4 more … → f7 → f8 → f9");
    }
}
