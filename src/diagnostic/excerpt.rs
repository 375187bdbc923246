//! The part of a source line that a diagnostic shows: the whole line when it is short, else
//! [`WIDTH`] characters around the column with `…` where the line was cut. A problem on a line
//! of a megabyte then keeps a hundred characters, not a copy of the line, and finding them
//! reads only those characters.

/// How many characters of a long line are shown.
pub const WIDTH: usize = 100;

/// The shown part of a line and the caret's place in it, small because every diagnostic has
/// one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    text: Box<str>,
    caret: u32,
}

impl Excerpt {
    /// The characters shown, `…` included where the line was cut.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Characters before the caret.
    pub fn caret(&self) -> usize {
        self.caret as usize
    }

    /// The excerpt of `line` (without its newline) with the caret at byte `at`; an offset past
    /// the end or inside a character is taken back to the character before it.
    pub fn around(line: &str, at: usize) -> Excerpt {
        let mut at = at.min(line.len());
        while !line.is_char_boundary(at) {
            at -= 1;
        }
        // One character more than could be shown on each side tells whether the line goes on.
        let before: Vec<usize> = line[..at]
            .char_indices()
            .rev()
            .take(WIDTH + 1)
            .map(|(i, _)| i)
            .collect();
        let after = line[at..].chars().take(WIDTH + 1).count();
        let shown_before = if before.len() + after <= WIDTH {
            before.len()
        } else {
            before
                .len()
                .min((WIDTH / 2).max(WIDTH.saturating_sub(after)))
        };
        let shown_after = after.min(WIDTH - shown_before);
        let start = match shown_before {
            0 => at,
            n => before[n - 1],
        };
        let end = line[at..]
            .char_indices()
            .nth(shown_after)
            .map_or(line.len(), |(i, _)| at + i);
        let cut_start = shown_before < before.len();
        let mut text = String::with_capacity(end - start + 6);
        if cut_start {
            text.push('…');
        }
        text.push_str(&line[start..end]);
        if shown_after < after {
            text.push('…');
        }
        Excerpt {
            text: text.into(),
            // At most WIDTH + 1.
            caret: (shown_before + usize::from(cut_start)) as u32,
        }
    }

    /// The excerpt with the caret at 1-based character column `col` (past the end: at the end).
    pub fn at_column(line: &str, col: usize) -> Excerpt {
        let at = line
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i);
        Excerpt::around(line, at)
    }

    /// The text as printed: tabs become one space each, so the caret stays in its column.
    pub fn shown(&self) -> String {
        self.text.replace('\t', " ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_shown_whole() {
        let e = Excerpt::at_column("weight: high", 9);
        assert_eq!((e.text(), e.caret()), ("weight: high", 8));
        assert_eq!(Excerpt::at_column("ab", 7).caret, 2);
        assert_eq!(Excerpt::around("é", 1).caret, 0);
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let line: String = (0..1000)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        let e = Excerpt::around(&line, 500);
        assert_eq!(e.text().chars().count(), WIDTH + 2);
        assert!(e.text().starts_with('…') && e.text().ends_with('…'));
        assert_eq!(e.text().chars().nth(e.caret()), line[500..].chars().next());
        let e = Excerpt::around(&line, 3);
        assert_eq!((e.caret(), e.text().chars().count()), (3, WIDTH + 1));
        assert!(!e.text().starts_with('…') && e.text().ends_with('…'));
        let e = Excerpt::around(&line, 998);
        assert_eq!(e.text().chars().count(), WIDTH + 1);
        assert_eq!(e.caret(), WIDTH - 2 + 1);
        assert!(e.text().starts_with('…') && !e.text().ends_with('…'));
        let e = Excerpt::around(&line, line.len());
        assert_eq!(e.caret(), WIDTH + 1);
    }

    #[test]
    fn multibyte_text_is_cut_at_characters() {
        let line = "é".repeat(300);
        for at in 0..=line.len() {
            let e = Excerpt::around(&line, at);
            assert!(e.text().chars().count() <= WIDTH + 2, "{at}");
            assert!(e.caret() <= e.text().chars().count(), "{at}");
        }
    }
}
