//! Keeping tiny_http's connection pool from starving: the one trick both the request threads
//! ([`super::http`]) and the event streams ([`super::reload`]) need, in a file of its own so
//! that neither imports the other.

/// Makes tiny_http's connection pool grow if it has to.
///
/// tiny_http reads each connection on a pool thread, which it keeps while the connection is
/// open (keep-alive; an event stream, for good), and adds a thread only when none is idle at
/// the moment a connection arrives. A burst of connections (a browser fetching a page's
/// assets on six connections at once, tabs reconnecting after a restart) can therefore queue
/// connections behind threads that will not be free for a long time, and tiny_http lets us
/// neither close connections nor size the pool. A connection of our own, opened after each
/// answer, arrives when the busy threads are busy: the pool then adds a thread, which serves
/// the queue once it has seen our connection close.
pub fn nudge_pool(address: Option<std::net::SocketAddr>) {
    if let Some(address) = address {
        let _ =
            std::net::TcpStream::connect_timeout(&address, std::time::Duration::from_millis(200));
    }
}
