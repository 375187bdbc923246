use handbook::diagnostic::Diagnostics;
use handbook::site::Site;
use std::path::PathBuf;
use std::time::Instant;
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
fn main() -> anyhow::Result<()> {
    let mut times = vec![vec![]];
    for _ in 0..5 {
        for (k, root) in [std::env::args()
            .nth(1)
            .unwrap_or("target/bench/corpus-10000".into())]
        .iter()
        .enumerate()
        {
            let site = match Site::open(&PathBuf::from(root), None, false)? {
                Ok(s) => s,
                Err(d) => anyhow::bail!("{d}"),
            };
            let diagnostics = Diagnostics::default();
            let t = Instant::now();
            let prepared = handbook::build::prepare(&site, &diagnostics);
            times[k].push(t.elapsed().as_secs_f64() * 1000.0);
            drop(prepared);
        }
    }
    for t in &mut times {
        t.sort_by(f64::total_cmp);
        println!("{:?}", t);
    }
    Ok(())
}
