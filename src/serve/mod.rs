//! `handbook serve`: builds the site in memory, serves it over HTTP, watches its files and
//! reloads the browser after each rebuild. Nothing is written to disk.
//!
//! One concept per file: [`memory`] (the in-memory output), [`published`] (what is served),
//! [`state`] (incremental rebuilds: what to redo), [`refresh`] (redoing some pages),
//! [`search_refresh`] (the search index after them), [`http`] (requests), [`reload`] (the event
//! streams), [`pool`] (keeping the connection pool from starving), [`overlay`] (what served HTML
//! gets injected), [`watch`] (file events).

pub mod http;
pub mod memory;
pub mod overlay;
pub mod pool;
pub mod published;
pub mod refresh;
pub mod reload;
pub mod search_refresh;
pub mod state;
pub mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::cli::print_diagnostics;
use published::SharedSite;
use reload::ReloadHub;
use state::{LiveSite, SiteOptions, Update};
use watch::SiteWatcher;

/// How long the file system must be quiet before a burst of events becomes a rebuild.
const QUIET: Duration = Duration::from_millis(40);
/// How long the file system must be quiet before a full rebuild (see [`settle`]).
const SETTLE: Duration = Duration::from_millis(100);
/// A full rebuild waits at most this long for the file system to be quiet.
const MAX_SETTLE: Duration = Duration::from_secs(5);
/// How often an idle event stream sends a comment line, to notice clients that are gone.
const KEEPALIVE: Duration = Duration::from_secs(5);
/// Threads answering ordinary requests (event streams get their own).
const WORKERS: usize = 8;

/// Options of `handbook serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The site folder (holds `content/` and `handbook.yml`).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on; anything but loopback makes the preview reachable by others.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

/// Runs the preview server until the process is stopped.
pub fn run(args: &ServeArgs) -> Result<i32> {
    // Nothing is written to disk, so stopping is only saying so: the server's and the
    // watcher's threads end with the process.
    ctrlc::set_handler(|| {
        eprintln!("\nStopped.");
        std::process::exit(0);
    })
    .context("cannot handle Ctrl-C")?;
    let root = std::path::absolute(&args.root)?;
    if !root.is_dir() {
        bail!("the site root {} is not a folder", root.display());
    }
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: serving on {}: anyone who can reach this machine can read the preview",
            args.bind
        );
    }
    let server = bind(SocketAddr::new(args.bind, args.port))?;
    let published = SharedSite::default();
    let (mut live, update) = LiveSite::open(
        SiteOptions {
            root: root.clone(),
            drafts: args.drafts,
        },
        published.clone(),
    );
    report(&update);
    let hub = ReloadHub::new(KEEPALIVE).with_nudge(server.server_addr().to_ip());
    http::spawn_workers(
        &server,
        &http::Handler {
            site: published.clone(),
            hub: hub.clone(),
        },
        WORKERS,
    );

    let port = server.server_addr().to_ip().map_or(args.port, |a| a.port());
    let host = if args.bind.is_unspecified() {
        "127.0.0.1".to_owned()
    } else {
        args.bind.to_string()
    };
    let host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host
    };
    let url = format!("http://{host}:{port}{}", published.read().base_path);
    // Watch before telling anyone the URL, so that no edit made after it shows is missed.
    let Some(site) = live.site().cloned() else {
        bail!("the site could not be opened; fix the errors above and start again");
    };
    let (mut watcher, batches) = SiteWatcher::start(&site, QUIET)?;
    watcher.follow(&site, &live.include_folders())?;
    println!("Serving {} at {url} (Ctrl-C to stop)", root.display());
    if args.open {
        open_browser(&url);
    }

    loop {
        let mut paths = match batches.recv_timeout(Duration::from_secs(3600)) {
            Ok(paths) => paths,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return Ok(0),
        };
        // Batches that arrived while the previous rebuild ran belong to the same burst.
        while let Ok(more) = batches.try_recv() {
            paths.extend(more);
        }
        // A folder that came back (or was swapped for another) is watched again before the
        // rebuild reads it, so that no edit made in between is missed.
        let renewed = !watcher.renew(&paths).is_empty();
        let batch = live.plan_batch(&paths);
        let update = if renewed || batch.rebuilds_all() {
            settle(&batches, &mut watcher);
            live.rebuild()
        } else {
            live.apply(batch)
        };
        report(&update);
        if let Some(reload) = update.reload {
            hub.broadcast(reload);
        }
        live.refresh_search();
        if let Some(site) = live.site()
            && let Err(err) = watcher.follow(site, &live.include_folders())
        {
            eprintln!("warning: {err:#}");
        }
    }
}

/// Waits until no batch came for [`SETTLE`] (at most [`MAX_SETTLE`]) before a full rebuild: a
/// folder being copied, deleted or checked out file by file (`cp -r`, `rm -rf`, `git
/// checkout`) sends batch after batch, and a build of the half-done state would publish a site
/// with pages missing. Folders that come back meanwhile are watched again.
fn settle(batches: &Receiver<Vec<PathBuf>>, watcher: &mut SiteWatcher) {
    let started = Instant::now();
    while started.elapsed() < MAX_SETTLE {
        match batches.recv_timeout(SETTLE) {
            Ok(paths) => {
                watcher.renew(&paths);
            }
            Err(_) => return,
        }
    }
}

fn bind(address: SocketAddr) -> Result<Arc<tiny_http::Server>> {
    match tiny_http::Server::http(address) {
        Ok(server) => Ok(Arc::new(server)),
        Err(err) => {
            let in_use = err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::AddrInUse);
            if in_use {
                bail!(
                    "port {} is already in use on {}\n  = help: choose another port, e.g. `--port {}`, or stop the program using it",
                    address.port(),
                    address.ip(),
                    address.port().wrapping_add(1).max(1024)
                );
            }
            bail!("cannot listen on {address}: {err}")
        }
    }
}

fn report(update: &Update) {
    print_diagnostics(&update.diagnostics);
    if !update.summary.is_empty() {
        println!("{}", update.summary);
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(err) = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("warning: cannot open a browser ({opener}: {err}); open {url} yourself");
    }
}
