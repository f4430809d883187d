//! Private files and directories: atomic writes with owner-only permissions.

use std::{
    fs::{self, DirBuilder, File, OpenOptions},
    io::{self, Write},
    os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt},
    path::{Path, PathBuf},
};

use crate::{
    error::{fill_random, Result, WalletError},
    keystore::IfExists,
};

/// Mode of private files: owner read/write only.
pub(crate) const PRIVATE_FILE_MODE: u32 = 0o600;
/// Mode of private directories: owner only.
pub(crate) const PRIVATE_DIR_MODE: u32 = 0o700;

/// Creates `dir` and any missing parents with mode 0700; existing directories are left as
/// they are.
pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    DirBuilder::new()
        .recursive(true)
        .mode(PRIVATE_DIR_MODE)
        .create(dir)
        .map_err(|e| WalletError::io("creating directory", dir, e))
}

/// Like [`create_private_dir`], and an existing `dir` (not its parents) is tightened to 0700.
pub(crate) fn ensure_private_dir(dir: &Path) -> Result<()> {
    create_private_dir(dir)?;
    let meta = fs::metadata(dir).map_err(|e| WalletError::io("inspecting directory", dir, e))?;
    if meta.permissions().mode() & 0o777 != PRIVATE_DIR_MODE {
        fs::set_permissions(dir, fs::Permissions::from_mode(PRIVATE_DIR_MODE))
            .map_err(|e| WalletError::io("restricting permissions of", dir, e))?;
    }
    Ok(())
}

/// Writes `contents` to `path` atomically with `mode`: a temporary file in the same directory
/// (created with `mode`), flushed to disk, then moved into place; the directory is synced.
///
/// With [`IfExists::Fail`] an existing file is never clobbered, even by a concurrent writer: the
/// error is an `io::ErrorKind::AlreadyExists`.
pub(crate) fn write_atomic(
    path: &Path,
    contents: &[u8],
    mode: u32,
    if_exists: IfExists,
) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut suffix = [0u8; 8];
    fill_random(&mut suffix)?;
    let tmp = dir.join(format!(".{file_name}.tmp-{}", hex::encode(suffix)));

    let result = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(&tmp)
            .map_err(|e| WalletError::io("creating temporary file", &tmp, e))?;
        // The mode given to open() is filtered by the umask; set it exactly.
        file.set_permissions(fs::Permissions::from_mode(mode))
            .map_err(|e| WalletError::io("setting permissions of", &tmp, e))?;
        file.write_all(contents).map_err(|e| WalletError::io("writing", &tmp, e))?;
        file.sync_all().map_err(|e| WalletError::io("syncing", &tmp, e))?;
        drop(file);
        match if_exists {
            IfExists::Overwrite => {
                fs::rename(&tmp, path).map_err(|e| WalletError::io("moving into place", path, e))
            }
            IfExists::Fail => publish_without_replacing(&tmp, path),
        }
    })();
    // On success the temporary name is gone already (renamed, or unlinked after linking).
    let _ = fs::remove_file(&tmp);
    result?;
    if let Ok(d) = File::open(&dir) {
        // Best effort: not every file system supports syncing a directory.
        let _ = d.sync_all();
    }
    Ok(())
}

/// Links `tmp` to `path` (fails if `path` exists), falling back to check-then-rename on file
/// systems without hard links.
fn publish_without_replacing(tmp: &Path, path: &Path) -> Result<()> {
    match fs::hard_link(tmp, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            Err(WalletError::io("refusing to replace existing", path, e))
        }
        Err(_) => {
            if path.exists() {
                return Err(WalletError::io(
                    "refusing to replace existing",
                    path,
                    io::Error::from(io::ErrorKind::AlreadyExists),
                ));
            }
            fs::rename(tmp, path).map_err(|e| WalletError::io("moving into place", path, e))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_modes_and_no_clobber() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a/b");
        ensure_private_dir(&sub).unwrap();
        assert_eq!(fs::metadata(&sub).unwrap().permissions().mode() & 0o777, 0o700);
        let file = sub.join("x.json");
        write_atomic(&file, b"one", PRIVATE_FILE_MODE, IfExists::Fail).unwrap();
        assert_eq!(fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
        let err = write_atomic(&file, b"two", PRIVATE_FILE_MODE, IfExists::Fail).unwrap_err();
        assert!(
            matches!(&err, WalletError::Io { source, .. } if source.kind() == io::ErrorKind::AlreadyExists)
        );
        assert_eq!(fs::read(&file).unwrap(), b"one");
        write_atomic(&file, b"two", PRIVATE_FILE_MODE, IfExists::Overwrite).unwrap();
        assert_eq!(fs::read(&file).unwrap(), b"two");
        // No temporary files left behind.
        assert_eq!(fs::read_dir(&sub).unwrap().count(), 1);
        // A loose existing directory is tightened.
        fs::set_permissions(&sub, fs::Permissions::from_mode(0o755)).unwrap();
        ensure_private_dir(&sub).unwrap();
        assert_eq!(fs::metadata(&sub).unwrap().permissions().mode() & 0o777, 0o700);
    }
}
