//! Integration tests: the client against the in-process devnet over real HTTP
//! ([`devnet`]), and its transport behaviour (retries, backoff, timeouts, fallback, writes
//! never re-sent) against a scripted loopback HTTP server ([`transport`]).

mod devnet;
mod replay;
mod test_server;
mod transport;
