//! Snowball stemming (`refunds`, `refunded` → `refund`) for the site's `language`, through the
//! `rust-stemmers` crate. Languages without a Snowball stemmer, and CJK bigrams, are indexed as
//! written.

use rust_stemmers::{Algorithm, Stemmer};

/// The stemmer for a language code such as `en`, `de-AT` or `pt_BR`; none when Snowball has none.
pub fn for_language(language: &str) -> Option<Stemmer> {
    algorithm(language).map(Stemmer::create)
}

/// The Snowball algorithm's name for a language, recorded in the index.
pub fn algorithm_name(language: &str) -> Option<&'static str> {
    let code = language.trim().to_ascii_lowercase();
    let code = code.split(['-', '_']).next().unwrap_or("");
    Some(match code {
        "ar" => "arabic",
        "da" => "danish",
        "nl" => "dutch",
        "en" => "english",
        "fi" => "finnish",
        "fr" => "french",
        "de" => "german",
        "el" => "greek",
        "hu" => "hungarian",
        "it" => "italian",
        "no" | "nb" | "nn" => "norwegian",
        "pt" => "portuguese",
        "ro" => "romanian",
        "ru" => "russian",
        "es" => "spanish",
        "sv" => "swedish",
        "ta" => "tamil",
        "tr" => "turkish",
        _ => return None,
    })
}

fn algorithm(language: &str) -> Option<Algorithm> {
    Some(match algorithm_name(language)? {
        "arabic" => Algorithm::Arabic,
        "danish" => Algorithm::Danish,
        "dutch" => Algorithm::Dutch,
        "english" => Algorithm::English,
        "finnish" => Algorithm::Finnish,
        "french" => Algorithm::French,
        "german" => Algorithm::German,
        "greek" => Algorithm::Greek,
        "hungarian" => Algorithm::Hungarian,
        "italian" => Algorithm::Italian,
        "norwegian" => Algorithm::Norwegian,
        "portuguese" => Algorithm::Portuguese,
        "romanian" => Algorithm::Romanian,
        "russian" => Algorithm::Russian,
        "spanish" => Algorithm::Spanish,
        "swedish" => Algorithm::Swedish,
        "tamil" => Algorithm::Tamil,
        _ => Algorithm::Turkish,
    })
}

/// The index term for a token: its stem, or the token itself (CJK, digits, no stemmer).
pub fn term(stemmer: Option<&Stemmer>, token: &str, cjk: bool) -> String {
    match stemmer {
        Some(stemmer) if !cjk && token.chars().any(char::is_alphabetic) => {
            let stem = stemmer.stem(token);
            if stem.is_empty() {
                token.to_owned()
            } else {
                stem.into_owned()
            }
        }
        _ => token.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_plurals_and_tenses_share_a_stem() {
        let en = for_language("en-GB");
        let stem = |w: &str| term(en.as_ref(), w, false);
        assert_eq!(stem("refunds"), "refund");
        assert_eq!(stem("refunded"), stem("refund"));
        assert_eq!(stem("escalations"), stem("escalation"));
        assert_eq!(stem("policies"), stem("policy"));
        assert_eq!(stem("2026"), "2026");
    }

    #[test]
    fn unknown_languages_and_cjk_are_not_stemmed() {
        assert!(for_language("ja").is_none());
        assert_eq!(term(None, "refunds", false), "refunds");
        let en = for_language("en");
        assert_eq!(term(en.as_ref(), "東京", true), "東京");
        assert_eq!(algorithm_name("de_AT"), Some("german"));
    }
}
