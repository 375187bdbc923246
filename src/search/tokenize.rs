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
///
/// Most of a handbook is ASCII, and most words are already lower case: such a word is passed
/// on as a slice of `text`, without copying. Anything else (upper case, other scripts, an
/// apostrophe inside a word) goes through the buffer.
pub fn for_each_token(text: &str, mut emit: impl FnMut(&str, bool)) {
    let bytes = text.as_bytes();
    let mut word = String::new();
    // Start of the current word while it is still a plain slice of `text`.
    let mut borrowed: Option<usize> = None;
    let mut cjk: Vec<char> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            if b.is_ascii_lowercase() || b.is_ascii_digit() {
                if borrowed.is_none() && word.is_empty() {
                    if !cjk.is_empty() {
                        flush_cjk(&mut cjk, &mut emit);
                    }
                    borrowed = Some(i);
                } else if borrowed.is_none() {
                    word.push(b as char);
                }
            } else if b.is_ascii_uppercase() {
                if !cjk.is_empty() {
                    flush_cjk(&mut cjk, &mut emit);
                }
                own(&mut borrowed, &mut word, text, i);
                word.push(b.to_ascii_lowercase() as char);
            } else if b == b'\'' && in_word(borrowed, &word) && continues_word(&text[i + 1..]) {
                // Inside a word: `don't` is one token.
                own(&mut borrowed, &mut word, text, i);
            } else {
                end_word(&mut borrowed, &mut word, text, i, &mut emit);
                if !cjk.is_empty() {
                    flush_cjk(&mut cjk, &mut emit);
                }
            }
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        let next = i + c.len_utf8();
        if is_cjk(c) {
            end_word(&mut borrowed, &mut word, text, i, &mut emit);
            cjk.push(c);
        } else {
            if !cjk.is_empty() {
                flush_cjk(&mut cjk, &mut emit);
            }
            if c.is_alphanumeric() {
                own(&mut borrowed, &mut word, text, i);
                word.extend(c.to_lowercase());
            } else if c == '\u{2019}' && in_word(borrowed, &word) && continues_word(&text[next..]) {
                own(&mut borrowed, &mut word, text, i);
            } else {
                end_word(&mut borrowed, &mut word, text, i, &mut emit);
            }
        }
        i = next;
    }
    end_word(&mut borrowed, &mut word, text, bytes.len(), &mut emit);
    flush_cjk(&mut cjk, &mut emit);
}

fn in_word(borrowed: Option<usize>, word: &str) -> bool {
    borrowed.is_some() || !word.is_empty()
}

/// True when `rest` starts with a letter or digit that is not CJK (what may follow an
/// apostrophe inside a word).
fn continues_word(rest: &str) -> bool {
    rest.chars()
        .next()
        .is_some_and(|n| n.is_alphanumeric() && !is_cjk(n))
}

/// Moves a borrowed word (`text[start..end]`) into the buffer, to be changed there.
fn own(borrowed: &mut Option<usize>, word: &mut String, text: &str, end: usize) {
    if let Some(start) = borrowed.take() {
        word.push_str(&text[start..end]);
    }
}

/// Emits the current word, borrowed or buffered, if any.
fn end_word(
    borrowed: &mut Option<usize>,
    word: &mut String,
    text: &str,
    end: usize,
    emit: &mut impl FnMut(&str, bool),
) {
    if let Some(start) = borrowed.take() {
        // A borrowed word is ASCII: its length is its number of characters.
        if end - start <= MAX_WORD_CHARS {
            emit(&text[start..end], false);
        }
    } else if !word.is_empty() {
        if word.len() <= MAX_WORD_CHARS || word.chars().count() <= MAX_WORD_CHARS {
            emit(word, false);
        }
        word.clear();
    }
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
