//! Output for people and for scripts.

use std::io::Write;

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
            print_stdout(&serde_json::to_string_pretty(value).expect("JSON values serialize"));
        } else {
            print_stdout(text().trim_end());
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
            print_stdout(&value.to_string());
        }
        eprintln!("error: {err}");
    }
}

/// Writes a line to stdout; a closed pipe (`mtcli ... | head`) ends quietly instead of panicking.
pub(crate) fn print_stdout(text: &str) {
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{text}").and_then(|()| stdout.flush()).is_err() {
        std::process::exit(0);
    }
}
