//! Opening a regular file safely, the one way painpath does it: the questions and config files
//! named on the command line, the kiosk's PIN lockout, the hand-offs in the spool folder.
//! What a caller adds on top (a config's mode, a hand-off's owner, its own messages) stays
//! with the caller; nothing here knows what a file holds. `content` never uses this: content
//! never touches a file.
//!
//! A file is opened with `O_NONBLOCK` (not even the open can block on a FIFO), `O_NOCTTY` and
//! `O_CLOEXEC`, and with `O_NOFOLLOW` when a symlink is refused. The open file itself is then
//! checked (fstat, so nothing can be swapped in after the check), and anything but a regular
//! file is refused before a byte is read: a FIFO (which would block for ever), a device such
//! as /dev/zero (which never ends), a folder, a socket. A bounded read takes at most `limit`
//! bytes, refusing a file over it, and reads one more to catch a file that grows meanwhile.

use std::fmt;
use std::fs::{File, FileType, Metadata};
use std::io::{self, Read};
use std::os::unix::fs::FileTypeExt;
use std::path::Path;

use rustix::fs::{Mode, OFlags};
use rustix::io::Errno;

/// Whether the last part of a path may be a symlink.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symlinks {
    /// Followed: a file named on the command line may be a symlink to the real one.
    Follow,
    /// Refused ([`Error::Symlink`]): a file painpath trusts (a config, the lockout, a
    /// hand-off) is never read through a symlink, wherever it points.
    Refuse,
}

/// What a file that is not a regular file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Folder,
    Fifo,
    /// A character or block device.
    Device,
    Socket,
    /// Only seen without following it (an lstat); an open either follows or refuses it.
    Symlink,
    /// Anything else a file system may hold.
    Other,
}

impl Kind {
    /// What `file_type` is, or `None` for a regular file.
    pub fn of(file_type: FileType) -> Option<Kind> {
        if file_type.is_file() {
            return None;
        }
        Some(if file_type.is_fifo() {
            Kind::Fifo
        } else if file_type.is_char_device() || file_type.is_block_device() {
            Kind::Device
        } else if file_type.is_socket() {
            Kind::Socket
        } else if file_type.is_dir() {
            Kind::Folder
        } else if file_type.is_symlink() {
            Kind::Symlink
        } else {
            Kind::Other
        })
    }

    /// The kind in a message: "a named pipe (FIFO)", "a device", "a folder".
    pub fn name(self) -> &'static str {
        match self {
            Kind::Folder => "a folder",
            Kind::Fifo => "a named pipe (FIFO)",
            Kind::Device => "a device",
            Kind::Socket => "a socket",
            Kind::Symlink => "a symbolic link",
            Kind::Other => "not a file",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a file was not opened or read. The messages are the command line's ("it is a named
/// pipe (FIFO), not a regular file; …"); a caller with words of its own matches the variant.
#[derive(Debug)]
pub enum Error {
    /// The path is a symlink and [`Symlinks::Refuse`] was asked.
    Symlink,
    /// The open file is not a regular file.
    NotRegular(Kind),
    /// The file is `size` bytes, over the `limit`; nothing was read.
    TooLarge { size: u64, limit: u64 },
    /// The file grew past `limit` bytes while it was read.
    Grew { limit: u64 },
    /// Opening, checking or reading failed (no such file, permission denied...).
    Io(io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Symlink => f.write_str("it is a symlink, which is never followed"),
            Error::NotRegular(kind) => write!(
                f,
                "it is {kind}, not a regular file; painpath reads only regular files"
            ),
            Error::TooLarge { size: bytes, limit } => write!(
                f,
                "it is {}, larger than the {} painpath reads",
                size(*bytes),
                size(*limit)
            ),
            Error::Grew { limit } => write!(f, "it grew past {} while being read", size(*limit)),
            Error::Io(err) => err.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            // The I/O error stands in for this one (its message is shown), so its cause is next.
            Error::Io(err) => err.source(),
            _ => None,
        }
    }
}

/// A file opened for reading and checked to be a regular file.
#[derive(Debug)]
pub struct RegularFile {
    pub file: File,
    /// The stat of the open file, taken after the open.
    pub metadata: Metadata,
}

impl RegularFile {
    /// Reads the whole file if it is at most `limit` bytes: [`Error::TooLarge`] before a byte
    /// is read when its stat says more, [`Error::Grew`] when more than that arrives.
    pub fn read(self, limit: u64) -> Result<Vec<u8>, Error> {
        let length = self.metadata.len();
        if length > limit {
            return Err(Error::TooLarge {
                size: length,
                limit,
            });
        }
        let mut bytes = Vec::with_capacity(usize::try_from(length).unwrap_or(0));
        self.file
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(Error::Io)?;
        if bytes.len() as u64 > limit {
            return Err(Error::Grew { limit });
        }
        Ok(bytes)
    }
}

/// Opens `path` for reading, and only if the file opened is a regular file (see the module's
/// doc for how). A symlink is followed or refused as `symlinks` says.
pub fn open(path: &Path, symlinks: Symlinks) -> Result<RegularFile, Error> {
    let mut flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
    if symlinks == Symlinks::Refuse {
        flags |= OFlags::NOFOLLOW;
    }
    let fd = loop {
        match rustix::fs::open(path, flags, Mode::empty()) {
            Ok(fd) => break fd,
            Err(Errno::INTR) => {}
            // ELOOP: the name is a symlink (EMLINK on the BSDs).
            Err(Errno::LOOP | Errno::MLINK) if symlinks == Symlinks::Refuse => {
                return Err(Error::Symlink);
            }
            Err(errno) => return Err(Error::Io(io::Error::from(errno))),
        }
    };
    let file = File::from(fd);
    let metadata = file.metadata().map_err(Error::Io)?;
    if let Some(kind) = Kind::of(metadata.file_type()) {
        return Err(Error::NotRegular(kind));
    }
    Ok(RegularFile { file, metadata })
}

/// Reads the regular file at `path`, at most `limit` bytes: [`open`], then
/// [`RegularFile::read`].
pub fn read(path: &Path, symlinks: Symlinks, limit: u64) -> Result<Vec<u8>, Error> {
    open(path, symlinks)?.read(limit)
}

/// Reads a file named on the command line (a symlink is followed): a regular file of at most
/// `limit` bytes, or an error that says why not ("it is a named pipe (FIFO), not a regular
/// file; painpath reads only regular files"). An I/O error is passed on as it is.
pub fn read_limited(path: &Path, limit: u64) -> anyhow::Result<Vec<u8>> {
    read(path, Symlinks::Follow, limit).map_err(|err| match err {
        Error::Io(err) => anyhow::Error::new(err),
        refused => anyhow::Error::new(refused),
    })
}

/// A size in bytes for a message: "64 KiB", "4 MiB", "12.5 MiB".
pub fn size(bytes: u64) -> String {
    const KIB: u64 = 1 << 10;
    const MIB: u64 = 1 << 20;
    let (unit, name) = if bytes >= MIB {
        (MIB, "MiB")
    } else if bytes >= KIB {
        (KIB, "KiB")
    } else {
        (1, "bytes")
    };
    if bytes.is_multiple_of(unit) {
        format!("{} {name}", bytes / unit)
    } else {
        format!("{:.1} {name}", bytes as f64 / unit as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn refusal(result: Result<Vec<u8>, Error>) -> String {
        match result {
            Ok(bytes) => panic!("read {} bytes", bytes.len()),
            Err(err) => err.to_string(),
        }
    }

    #[test]
    fn a_small_regular_file_is_read_whole_through_a_symlink_if_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("questions.toml");
        fs::write(&path, "[meta]\n").unwrap();
        assert_eq!(read(&path, Symlinks::Refuse, 7).unwrap(), b"[meta]\n");
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        assert_eq!(read(&link, Symlinks::Follow, 7).unwrap(), b"[meta]\n");
        assert_eq!(
            read_limited(&link, 1024).unwrap(),
            b"[meta]\n",
            "the command line's read follows it"
        );
    }

    #[test]
    fn a_symlink_is_refused_when_asked_wherever_it_points() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        fs::write(&path, "").unwrap();
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        let err = open(&link, Symlinks::Refuse).unwrap_err();
        assert!(matches!(err, Error::Symlink), "{err:?}");
        assert_eq!(err.to_string(), "it is a symlink, which is never followed");
    }

    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("questions.toml");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        // Were it opened blocking, this would wait for ever for a writer.
        for symlinks in [Symlinks::Follow, Symlinks::Refuse] {
            let err = open(&fifo, symlinks).unwrap_err();
            assert!(matches!(err, Error::NotRegular(Kind::Fifo)), "{err:?}");
        }
        assert_eq!(
            format!("{:#}", read_limited(&fifo, 1024).unwrap_err()),
            "it is a named pipe (FIFO), not a regular file; painpath reads only regular files"
        );
    }

    #[test]
    fn a_device_or_a_folder_is_refused_naming_what_it_is() {
        assert_eq!(
            refusal(read(Path::new("/dev/null"), Symlinks::Follow, 1024)),
            "it is a device, not a regular file; painpath reads only regular files"
        );
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            refusal(read(dir.path(), Symlinks::Refuse, 1024)),
            "it is a folder, not a regular file; painpath reads only regular files"
        );
    }

    #[test]
    fn a_socket_is_refused_whether_it_opens_or_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("socket");
        let _listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
        // Linux will not open a socket (ENXIO): the caller hears the I/O error.
        match open(&path, Symlinks::Refuse).unwrap_err() {
            Error::NotRegular(kind) => assert_eq!(kind, Kind::Socket),
            Error::Io(err) => assert_eq!(err.raw_os_error(), Some(Errno::NXIO.raw_os_error())),
            other => panic!("{other:?}"),
        }
        let lstat = fs::symlink_metadata(&path).unwrap();
        assert_eq!(Kind::of(lstat.file_type()), Some(Kind::Socket));
    }

    #[test]
    fn a_file_over_the_limit_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.toml");
        // Sparse: 5 MiB that take no room.
        File::create(&path).unwrap().set_len(5 << 20).unwrap();
        let err = read(&path, Symlinks::Follow, 4 << 20).unwrap_err();
        assert!(
            matches!(
                err,
                Error::TooLarge {
                    size: 0x50_0000,
                    limit: 0x40_0000
                }
            ),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            "it is 5 MiB, larger than the 4 MiB painpath reads"
        );
        // Exactly the limit is fine.
        assert_eq!(
            read(&path, Symlinks::Follow, 5 << 20).unwrap().len(),
            5 << 20
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_that_says_it_is_small_but_goes_on_is_refused() {
        // A /proc file's stat says 0 bytes; reading it gives more, as a file that grows would.
        let path = Path::new("/proc/self/status");
        let err = read(path, Symlinks::Follow, 10).unwrap_err();
        assert!(matches!(err, Error::Grew { limit: 10 }), "{err:?}");
        assert_eq!(err.to_string(), "it grew past 10 bytes while being read");
    }

    #[test]
    fn a_missing_file_is_the_io_error_itself() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_limited(&dir.path().join("nope.toml"), 1024).unwrap_err();
        let io = err.downcast_ref::<io::Error>().expect("an io::Error");
        assert_eq!(io.kind(), io::ErrorKind::NotFound);
        assert_eq!(format!("{err:#}"), io.to_string());
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size(512), "512 bytes");
        assert_eq!(size(64 << 10), "64 KiB");
        assert_eq!(size(4 << 20), "4 MiB");
        assert_eq!(size((12 << 20) + (512 << 10)), "12.5 MiB");
    }
}
