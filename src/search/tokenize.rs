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

/// Calls `emit` for every token of `text`, in order.
///
/// Every character of the site goes through here, so the common case is kept short: most of
/// a handbook is ASCII words already in lower case, found by one tight scan and passed on as
/// slices of `text`. A word with anything else (upper case, other scripts, an apostrophe
/// inside) is built in a buffer by [`word_at`]; a CJK run becomes bigrams in [`cjk_run_at`].
pub fn for_each_token(text: &str, mut emit: impl FnMut(&str, bool)) {
    let bytes = text.as_bytes();
    let mut buffer = String::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if BYTES[b as usize] == Byte::Separator {
            // Punctuation or space (an apostrophe here is not inside a word).
            i += 1;
            continue;
        }
        if BYTES[b as usize] == Byte::Plain {
            let start = i;
            i += 1;
            while i < bytes.len() && BYTES[bytes[i] as usize] == Byte::Plain {
                i += 1;
            }
            if bytes
                .get(i)
                .is_none_or(|&next| BYTES[next as usize] == Byte::Separator && next != b'\'')
            {
                // A word is ASCII here: its length is its number of characters.
                if i - start <= MAX_WORD_CHARS {
                    emit(&text[start..i], false);
                }
                continue;
            }
            // It goes on with something to change: start again, the slow way.
            i = start;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        i = if is_cjk(c) {
            cjk_run_at(text, i, &mut buffer, &mut emit)
        } else if c.is_alphanumeric() {
            word_at(text, i, &mut buffer, &mut emit)
        } else {
            i + c.len_utf8()
        };
    }
}

/// What a byte is to the tokenizer's common case, looked up in [`BYTES`] (one load instead of
/// a few comparisons, for every byte of the site).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Byte {
    /// ASCII but not a letter or digit.
    Separator,
    /// A lower-case ASCII letter or a digit: a word may be passed on with these unchanged.
    Plain,
    /// An upper-case ASCII letter, or a byte of a character outside ASCII.
    Other,
}

const BYTES: [Byte; 256] = {
    let mut table = [Byte::Other; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            Byte::Plain
        } else if c.is_ascii_uppercase() {
            Byte::Other
        } else {
            Byte::Separator
        };
        b += 1;
    }
    table
};

/// Emits the word (not CJK) that starts at `start`, lowercased and without apostrophes inside;
/// returns where it ends.
fn word_at(
    text: &str,
    start: usize,
    buffer: &mut String,
    emit: &mut impl FnMut(&str, bool),
) -> usize {
    buffer.clear();
    let mut end = text.len();
    let mut chars = text[start..].char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        if c.is_alphanumeric() && !is_cjk(c) {
            if c.is_ascii() {
                buffer.push(c.to_ascii_lowercase());
            } else {
                buffer.extend(c.to_lowercase());
            }
        } else if (c == '\'' || c == '\u{2019}')
            && chars
                .peek()
                .is_some_and(|&(_, n)| n.is_alphanumeric() && !is_cjk(n))
        {
            // Inside a word: `don't` is one token.
        } else {
            end = start + offset;
            break;
        }
    }
    if buffer.len() <= MAX_WORD_CHARS || buffer.chars().count() <= MAX_WORD_CHARS {
        emit(buffer, false);
    }
    end
}

/// Emits the bigrams of the run of CJK characters that starts at `start` (the character
/// itself when it stands alone); returns where the run ends.
fn cjk_run_at(
    text: &str,
    start: usize,
    buffer: &mut String,
    emit: &mut impl FnMut(&str, bool),
) -> usize {
    let mut end = text.len();
    let mut previous: Option<char> = None;
    let mut count = 0;
    for (offset, c) in text[start..].char_indices() {
        if !is_cjk(c) {
            end = start + offset;
            break;
        }
        if let Some(p) = previous {
            buffer.clear();
            buffer.push(p);
            buffer.push(c);
            emit(buffer, true);
        }
        previous = Some(c);
        count += 1;
    }
    if count == 1
        && let Some(c) = previous
    {
        buffer.clear();
        buffer.push(c);
        emit(buffer, true);
    }
    end
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
    fn mixed_scripts_and_apostrophes_split_as_before() {
        assert_eq!(
            words("Hello wörld’s dog's 'x' O'Neil"),
            ["hello", "wörlds", "dogs", "x", "oneil"]
        );
        assert_eq!(words("abc東京def"), ["abc", "東京", "def"]);
        assert_eq!(words("東京 Abc"), ["東京", "abc"]);
        assert_eq!(words("x'東"), ["x", "東"]);
        assert_eq!(words("ÉCOLE école"), ["école", "école"]);
        assert_eq!(words("a\u{2019}b c\u{2019}"), ["ab", "c"]);
        assert_eq!(words("İ"), ["i\u{307}"]);
    }

    #[test]
    fn very_long_words_are_dropped() {
        let long = "a".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(words(&format!("keep {long} this")), ["keep", "this"]);
    }
}
