#[path = "/tmp/b/tokenize_old.rs"]
#[allow(dead_code)]
mod old;
fn main() {
    let alphabet: Vec<char> = "abcxyzAZ09 .,-'’\n\t東京都にéÉßİ²—_!あ字".chars().collect();
    let mut seed: u64 = 12345;
    let mut rnd = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut bad = 0;
    for n in 0..300000 {
        let len = (rnd() % 24) as usize;
        let mut s: String = (0..len)
            .map(|_| alphabet[(rnd() % alphabet.len() as u64) as usize])
            .collect();
        if n % 50 == 0 {
            s.push_str(&"a".repeat(39 + (rnd() % 4) as usize));
        }
        let mut a = Vec::new();
        old::for_each_token(&s, |t, c| a.push((t.to_owned(), c)));
        let mut b = Vec::new();
        handbook::search::tokenize::for_each_token(&s, |t, c| b.push((t.to_owned(), c)));
        if a != b {
            bad += 1;
            if bad < 10 {
                println!("{s:?}\n old {a:?}\n new {b:?}");
            }
        }
    }
    println!("mismatches: {bad}");
}
