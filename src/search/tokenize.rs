//! Splits text into search tokens. The browser script (`search.js`) applies the very same rules
//! to queries, so every rule here must stay simple enough to mirror there exactly.
//!
//! A token is a lowercased run of letters and digits (apostrophes inside a word are dropped, so
//! `don't` is `dont`). Chinese, Japanese and Korean text has no spaces, so a run of such
//! characters becomes overlapping character bigrams (`東京都` is `東京`, `京都`).

/// Words longer than this are identifiers or hashes, not something anyone types.
pub const MAX_WORD_CHARS: usize = 40;

/// True for characters of scripts written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF     // Hiragana, Katakana
        | 0x3400..=0x4DBF   // CJK extension A
        | 0x4E00..=0x9FFF   // CJK unified ideographs
        | 0xAC00..=0xD7AF   // Hangul syllables
        | 0xF900..=0xFAFF   // CJK compatibility ideographs
        | 0x20000..=0x2FFFF // CJK extensions B..
    )
}

/// A token and whether it came from CJK text (CJK bigrams are never stemmed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub cjk: bool,
}

/// Calls `emit` for every token of `text`, in order, reusing one buffer.
pub fn for_each_token(text: &str, mut emit: impl FnMut(&str, bool)) {
    let mut word = String::new();
    let mut cjk: Vec<char> = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_cjk(c) {
            flush_word(&mut word, &mut emit);
            cjk.push(c);
            continue;
        }
        if !cjk.is_empty() {
            flush_cjk(&mut cjk, &mut emit);
        }
        if c.is_ascii_alphanumeric() {
            // The common case, without the general Unicode lowercasing iterator.
            word.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if (c == '\'' || c == '\u{2019}')
            && !word.is_empty()
            && chars
                .peek()
                .is_some_and(|n| n.is_alphanumeric() && !is_cjk(*n))
        {
            // Inside a word: `don't` is one token.
        } else {
            flush_word(&mut word, &mut emit);
        }
    }
    flush_word(&mut word, &mut emit);
    flush_cjk(&mut cjk, &mut emit);
}

fn flush_word(word: &mut String, emit: &mut impl FnMut(&str, bool)) {
    if !word.is_empty() && word.chars().count() <= MAX_WORD_CHARS {
        emit(word, false);
    }
    word.clear();
}

fn flush_cjk(run: &mut Vec<char>, emit: &mut impl FnMut(&str, bool)) {
    let mut buf = String::new();
    if run.len() == 1 {
        buf.push(run[0]);
        emit(&buf, true);
    }
    for pair in run.windows(2) {
        buf.clear();
        buf.extend(pair);
        emit(&buf, true);
    }
    run.clear();
}

/// Every token of `text`.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for_each_token(text, |t, cjk| {
        out.push(Token {
            text: t.to_owned(),
            cjk,
        })
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn words_are_lowercased_and_split_on_punctuation() {
        assert_eq!(
            words("Refund-policy: Don't PANIC (v2.0)!"),
            ["refund", "policy", "dont", "panic", "v2", "0"]
        );
        assert_eq!(words("naïve Straße"), ["naïve", "straße"]);
        assert_eq!(words("it’s 'quoted'"), ["its", "quoted"]);
    }

    #[test]
    fn cjk_runs_become_bigrams() {
        assert_eq!(
            words("東京都に行く"),
            ["東京", "京都", "都に", "に行", "行く"]
        );
        assert_eq!(words("返金 policy"), ["返金", "policy"]);
        assert_eq!(words("a字b"), ["a", "字", "b"]);
        assert!(tokens("東京").iter().all(|t| t.cjk));
    }

    #[test]
    fn very_long_words_are_dropped() {
        let long = "a".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(words(&format!("keep {long} this")), ["keep", "this"]);
    }
}
