//! What counts as a typo: two words one edit apart (an insertion, a deletion, a substitution or
//! two neighbouring letters swapped). The query's typo expansion, the shard choice for typos and
//! the reranking all ask this; `search.js` has the same `withinOneEdit`.

/// True when `a` and `b` differ by at most one insertion, deletion, substitution or swap.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a == b {
        return true;
    }
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let i = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if a.len() == b.len() {
        return a[i + 1..] == b[i + 1..]
            || (i + 1 < a.len()
                && a[i] == b[i + 1]
                && a[i + 1] == b[i]
                && a[i + 2..] == b[i + 2..]);
    }
    if a.len() > b.len() {
        a[i + 1..] == b[i..]
    } else {
        a[i..] == b[i + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_typos() {
        assert!(within_one_edit("escalaton", "escalation"));
        assert!(within_one_edit("refnud", "refund"));
        assert!(within_one_edit("refund", "refunds"));
        assert!(!within_one_edit("refund", "fund"));
        assert!(!within_one_edit("abcd", "badc"));
    }
}
