//! Output for people and for scripts.

use serde_json::{json, Value};

use crate::error::CliError;

/// Prints results as text (people) or as one JSON object on stdout (`--json`).
pub(crate) struct Output {
    json: bool,
}

impl Output {
    pub(crate) fn new(json: bool) -> Self {
        Self { json }
    }

    /// Prints the command's result: `value` with `--json`, otherwise `text`.
    pub(crate) fn result(&self, value: &Value, text: impl FnOnce() -> String) {
        if self.json {
            println!("{}", serde_json::to_string_pretty(value).expect("JSON values serialize"));
        } else {
            let text = text();
            println!("{}", text.trim_end());
        }
    }

    /// A warning, on stderr.
    pub(crate) fn warn(&self, message: &str) {
        eprintln!("warning: {message}");
    }

    /// Reports an error: with `--json`, one JSON object on stdout too.
    pub(crate) fn error(&self, err: &CliError) {
        if self.json {
            let value = json!({"error": {"kind": err.kind(), "message": err.to_string(), "exit_code": err.exit_code()}});
            println!("{value}");
        }
        eprintln!("error: {err}");
    }
}
