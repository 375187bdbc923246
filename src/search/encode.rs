//! A compact text encoding of integer lists for the index files: each number is written in
//! base 32, most significant digit first, with digits from two alphabets so that the last
//! digit of a number ends it. Posting lists are most of the index; in this form a posting
//! costs 3 to 5 characters of JSON instead of 10 to 15, and decoding in the browser is a
//! ten-line loop (`decodeNumbers` in `search.js`).

/// Digits that end a number.
const LAST: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
/// Digits followed by more digits of the same number.
const MORE: &[u8; 32] = b"wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// Appends `n` to `out`.
pub fn push_number(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 7];
    let mut len = 0;
    loop {
        digits[len] = (n & 31) as u8;
        len += 1;
        n >>= 5;
        if n == 0 {
            break;
        }
    }
    for i in (0..len).rev() {
        let table = if i == 0 { LAST } else { MORE };
        out.push(table[digits[i] as usize] as char);
    }
}

/// Decodes a string written by [`push_number`]; `None` on a foreign character.
pub fn decode(text: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    let mut n: u32 = 0;
    for b in text.bytes() {
        if let Some(d) = LAST.iter().position(|&c| c == b) {
            out.push((n << 5) | d as u32);
            n = 0;
        } else {
            let d = MORE.iter().position(|&c| c == b)?;
            n = (n << 5) | d as u32;
        }
    }
    Some(out)
}

/// Writes ascending numbers as the first value then differences, which are small.
pub fn delta_list(sorted: impl IntoIterator<Item = u32>) -> String {
    let mut out = String::new();
    let mut last = 0;
    for n in sorted {
        push_number(&mut out, n - last);
        last = n;
    }
    out
}

/// Reverses [`delta_list`].
pub fn undelta(text: &str) -> Option<Vec<u32>> {
    let mut last = 0;
    Some(
        decode(text)?
            .into_iter()
            .map(|d| {
                last += d;
                last
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip() {
        let numbers = [0, 1, 31, 32, 1023, 1024, 70_000, u32::MAX];
        let mut text = String::new();
        for n in numbers {
            push_number(&mut text, n);
        }
        assert_eq!(decode(&text).unwrap(), numbers);
        assert_eq!(text.len(), 1 + 1 + 1 + 2 + 2 + 3 + 4 + 7);
    }

    #[test]
    fn ascending_lists_are_delta_encoded() {
        let text = delta_list([3, 4, 10, 200]);
        assert_eq!(undelta(&text).unwrap(), [3, 4, 10, 200]);
        assert_eq!(decode(&text).unwrap(), [3, 1, 6, 190]);
    }
}
