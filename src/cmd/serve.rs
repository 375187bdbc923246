//! `handbook serve`: flags turned into a listening server and a [`Preview`] of the site, the
//! preview's address printed, and every rebuild's problems and summary printed as they come.
//! The preview itself (rebuilds, requests, reloads) is [`crate::serve`].

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result, bail};

use super::report::print_diagnostics;
use crate::serve::{Preview, SiteOptions, Update};

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
    let options = SiteOptions {
        root: root.clone(),
        drafts: args.drafts,
    };
    let (preview, update) = Preview::open(&server, options);
    report(&update);

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
    let url = format!("http://{host}:{port}{}", preview.base_path());
    // Watch before telling anyone the URL, so that no edit made after it shows is missed.
    let watching = preview.watch()?;
    println!("Serving {} at {url} (Ctrl-C to stop)", root.display());
    if args.open {
        open_browser(&url);
    }
    watching.run(report);
    Ok(0)
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

/// A rebuild's problems to stderr, its summary line to stdout.
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
