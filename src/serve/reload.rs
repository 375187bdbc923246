//! Live reload over Server-Sent Events. tiny_http buffers a streaming `Response` built from a
//! blocking reader and never flushes it, so each event stream is written by hand through
//! `Request::into_writer()` on a thread of its own, with a flush after every event and a comment
//! line now and then so a vanished client is noticed and its thread ends.

use std::io::Write;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the browser should do after a rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reload {
    /// Reload the page, keeping the scroll position.
    Page,
    /// Only stylesheets changed: swap them without reloading.
    Css,
}

impl Reload {
    fn event(self) -> &'static str {
        match self {
            Reload::Page => "event: reload\ndata: page\n\n",
            Reload::Css => "event: css\ndata: css\n\n",
        }
    }
}

/// The open event streams; cloned into the server and the rebuild loop.
#[derive(Clone)]
pub struct ReloadHub {
    streams: Arc<Mutex<Vec<Sender<Reload>>>>,
    keepalive: Duration,
    /// The server's own address, for `pool::nudge_pool`.
    nudge: Option<std::net::SocketAddr>,
}

impl ReloadHub {
    /// A hub whose streams send a comment line every `keepalive` when idle.
    pub fn new(keepalive: Duration) -> ReloadHub {
        ReloadHub {
            streams: Arc::default(),
            keepalive,
            nudge: None,
        }
    }

    /// Makes every new stream nudge the server at `address` (see [`ReloadHub::attach`]).
    pub fn with_nudge(mut self, address: Option<std::net::SocketAddr>) -> ReloadHub {
        self.nudge = address.map(|mut a| {
            if a.ip().is_unspecified() {
                a.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
            }
            a
        });
        self
    }

    /// Tells every open stream; streams whose client has gone are dropped.
    pub fn broadcast(&self, reload: Reload) {
        self.streams
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|stream| stream.send(reload).is_ok());
    }

    /// How many streams are open (as far as the last write could tell).
    pub fn open_streams(&self) -> usize {
        self.streams.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Answers an event-stream request on a thread of its own.
    pub fn attach(&self, request: tiny_http::Request) {
        let (sender, receiver) = mpsc::channel();
        self.streams
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(sender);
        let keepalive = self.keepalive;
        let spawned = std::thread::Builder::new()
            .name("handbook-sse".into())
            .spawn(move || {
                let mut writer = request.into_writer();
                // A client that is gone makes a write fail; the thread then ends and drops `receiver`.
                let _ = stream_events(&mut *writer, &receiver, keepalive);
            });
        if spawned.is_err() {
            eprintln!("warning: cannot start a thread for a live-reload stream");
        }
        // This stream now holds its pool thread for good (see `pool::nudge_pool`).
        super::pool::nudge_pool(self.nudge);
    }

    /// The server's own address, for `pool::nudge_pool`.
    pub fn nudge_address(&self) -> Option<std::net::SocketAddr> {
        self.nudge
    }
}

fn stream_events(
    writer: &mut dyn Write,
    events: &Receiver<Reload>,
    keepalive: Duration,
) -> std::io::Result<()> {
    writer.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\nX-Accel-Buffering: no\r\n\r\nretry: 500\n: connected\n\n",
    )?;
    writer.flush()?;
    loop {
        match events.recv_timeout(keepalive) {
            Ok(reload) => writer.write_all(reload.event().as_bytes())?,
            Err(RecvTimeoutError::Timeout) => writer.write_all(b": keepalive\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        writer.flush()?;
    }
}
