//! Runnable examples of moderntensor; see `examples/` and run one with
//! `cargo run -p moderntensor-examples --example NAME`.
