//! Passwords: from a TTY prompt, a file, or a named environment variable. Never from argv.

use std::{fs, io::IsTerminal};

use zeroize::Zeroizing;

use crate::{
    args::PasswordArgs,
    error::{CliError, Result},
};

/// Reads the password for an existing key.
pub(crate) fn read(
    args: &PasswordArgs,
    no_prompt: bool,
    prompt: &str,
) -> Result<Zeroizing<String>> {
    if let Some(pw) = from_sources(args)? {
        return Ok(pw);
    }
    prompt_tty(no_prompt, prompt)
}

/// Reads a new password; on a terminal it is asked twice.
pub(crate) fn read_new(
    args: &PasswordArgs,
    no_prompt: bool,
    what: &str,
) -> Result<Zeroizing<String>> {
    if let Some(pw) = from_sources(args)? {
        return non_empty(pw);
    }
    let first = prompt_tty(no_prompt, &format!("New password for {what}: "))?;
    let again = prompt_tty(no_prompt, "Repeat the password: ")?;
    if *first != *again {
        return Err(CliError::Input("the two passwords differ; nothing was written".into()));
    }
    non_empty(first)
}

fn non_empty(pw: Zeroizing<String>) -> Result<Zeroizing<String>> {
    if pw.is_empty() {
        return Err(CliError::Input("the password is empty; choose a non-empty password".into()));
    }
    Ok(pw)
}

fn from_sources(args: &PasswordArgs) -> Result<Option<Zeroizing<String>>> {
    if let Some(path) = &args.password_file {
        let raw =
            Zeroizing::new(fs::read_to_string(path).map_err(|e| {
                CliError::io(format!("reading password file {}", path.display()), e)
            })?);
        let trimmed = raw.strip_suffix('\n').unwrap_or(&raw);
        let trimmed = trimmed.strip_suffix('\r').unwrap_or(trimmed);
        return Ok(Some(Zeroizing::new(trimmed.to_string())));
    }
    if let Some(var) = &args.password_env {
        return match std::env::var(var) {
            Ok(v) => Ok(Some(Zeroizing::new(v))),
            Err(_) => Err(CliError::Input(format!(
                "--password-env {var}: the environment variable {var} is not set (or not UTF-8)"
            ))),
        };
    }
    Ok(None)
}

fn prompt_tty(no_prompt: bool, prompt: &str) -> Result<Zeroizing<String>> {
    if no_prompt || !std::io::stdin().is_terminal() {
        return Err(CliError::Input(
            "a password is needed: pass --password-file FILE or --password-env VAR (or run in a terminal to be prompted)".into(),
        ));
    }
    rpassword::prompt_password(prompt)
        .map(Zeroizing::new)
        .map_err(|e| CliError::io("reading the password from the terminal", e))
}
