//! List files: parsing and rendering the line format, loading a file into a table, and
//! replacing a file atomically.
//!
//! Owns the on-disk format (documented in the module docs of `lists`) and crash safety: a
//! file is only ever replaced whole, by writing a temporary file in the same directory,
//! fsyncing it, renaming it over the old one and fsyncing the directory. It does not
//! decide when to write.

use super::table::{Entry, IpTable, Table};
use super::time::{format_rfc3339, parse_timestamp};
use super::value::{parse_added_by, parse_reason, parse_value, Value};
use super::{ListError, ListKind, ListName};
use std::fmt::Write as _;
use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Write as _};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// Returns an empty table for `kind`.
pub(crate) fn empty_table(kind: ListKind) -> Table {
    match kind {
        ListKind::Ip => Table::Ip(IpTable::default()),
        ListKind::Device => Table::Device(Default::default()),
        ListKind::User | ListKind::Email | ListKind::EmailDomain => Table::Text(Default::default()),
    }
}

/// Parses one line; `Ok(None)` for blank and comment lines.
pub(crate) fn parse_line(kind: ListKind, line: &str) -> Result<Option<(Value, Entry)>, String> {
    let t = line.trim();
    if t.is_empty() || t.starts_with('#') {
        return Ok(None);
    }
    let (raw, mut rest) = if t.starts_with('"') {
        let mut stream = serde_json::Deserializer::from_str(t).into_iter::<String>();
        let value = match stream.next() {
            Some(Ok(v)) => v,
            _ => return Err("unterminated or invalid quoted value".into()),
        };
        let end = stream.byte_offset();
        (value, &t[end..])
    } else {
        let end = t.find(char::is_whitespace).unwrap_or(t.len());
        (t[..end].to_owned(), &t[end..])
    };
    let value = parse_value(kind, &raw).map_err(|r| format!("{raw:?}: {r}"))?;
    let mut entry = Entry::default();
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        if let Some(reason) = rest.strip_prefix('#') {
            entry.reason = parse_reason(reason)?.map(Into::into);
            break;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (token, tail) = rest.split_at(end);
        rest = tail;
        let Some((key, val)) = token.split_once('=') else {
            return Err(format!(
                "unexpected {token:?}: expected key=value or '# reason'"
            ));
        };
        let dup = match key {
            "expires" => entry.expires_at.replace(ts(key, val)?).is_some(),
            "added" => entry.added_at.replace(ts(key, val)?).is_some(),
            "by" => entry
                .added_by
                .replace(parse_added_by(val)?.into())
                .is_some(),
            _ => return Err(format!("unknown attribute {key:?} (expires, added, by)")),
        };
        if dup {
            return Err(format!("attribute {key:?} given twice"));
        }
    }
    Ok(Some((value, entry)))
}

fn ts(key: &str, val: &str) -> Result<u64, String> {
    parse_timestamp(val).map_err(|r| format!("{key}={val:?}: {r}"))
}

/// Renders one entry as a line (without the newline).
pub(crate) fn render_line(value: &Value, e: &Entry) -> String {
    let v = value.render();
    let needs_quotes = v.starts_with('"') || v.starts_with('#') || v.contains(char::is_whitespace);
    let mut line = if needs_quotes {
        serde_json::Value::String(v).to_string()
    } else {
        v
    };
    // Writing to a String cannot fail.
    if let Some(t) = e.expires_at {
        let _ = write!(line, " expires={}", format_rfc3339(t));
    }
    if let Some(t) = e.added_at {
        let _ = write!(line, " added={}", format_rfc3339(t));
    }
    if let Some(by) = &e.added_by {
        let _ = write!(line, " by={by}");
    }
    if let Some(r) = &e.reason {
        let _ = write!(line, " # {r}");
    }
    line
}

/// Renders a whole file: a header naming the list and format, then one sorted line per entry.
pub(crate) fn render_file(list: ListName, kind: ListKind, table: &Table) -> String {
    let mut out = format!(
        "# riskgate {} list, {} entries. Rewritten by riskgate on every change.\n\
         # value [expires=RFC3339|unix] [added=RFC3339|unix] [by=who] [# reason]\n",
        list.as_str(),
        kind.as_str()
    );
    for (value, e) in table.entries() {
        out.push_str(&render_line(&value, e));
        out.push('\n');
    }
    out
}

/// Loads the table of `kind` from `path`; a missing file is an empty table.
pub(crate) fn load(path: &Path, kind: ListKind) -> Result<Table, ListError> {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(empty_table(kind)),
        Err(source) => {
            return Err(ListError::Read {
                path: path.to_owned(),
                source,
            })
        }
    };
    let mut table = empty_table(kind);
    for (i, line) in text.lines().enumerate() {
        match parse_line(kind, line) {
            Ok(Some((value, entry))) => {
                table.insert(value, entry);
            }
            Ok(None) => {}
            Err(reason) => {
                return Err(ListError::Load {
                    path: path.to_owned(),
                    line: i + 1,
                    reason,
                })
            }
        }
    }
    Ok(table)
}

static TMP_SEQ: AtomicU64 = AtomicU64::new(0);

/// Replaces `path` with `contents` atomically: readers (and a crash) see the old file or the
/// new one, never a mix. On error the temporary file is removed and the old file is intact.
pub(crate) fn write_atomic(path: &Path, contents: &str) -> Result<(), ListError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "list".into(), |n| n.to_string_lossy());
    let seq = TMP_SEQ.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}.{seq}.tmp", std::process::id()));
    let result = (|| {
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(contents.as_bytes())?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        // Make the rename itself durable. Directories cannot be opened on some platforms;
        // there the rename is as durable as the OS makes it.
        if let Ok(d) = File::open(dir) {
            d.sync_all()?;
        }
        Ok(())
    })();
    result.map_err(|source| {
        let _ = fs::remove_file(&tmp);
        ListError::Persist {
            path: path.to_owned(),
            source,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_parse_with_attributes_quotes_and_reasons() {
        let dev = "0123456789abcdef0123456789abcdef";
        let line =
            format!("{dev} expires=2023-11-14T22:13:20Z added=1600000000 by=admin # chargeback #4");
        let (v, e) = parse_line(ListKind::Device, &line).unwrap().unwrap();
        assert_eq!(v.render(), dev);
        assert_eq!(e.expires_at, Some(1_700_000_000));
        assert_eq!(e.added_at, Some(1_600_000_000));
        assert_eq!(e.added_by.as_deref(), Some("admin"));
        assert_eq!(e.reason.as_deref(), Some("chargeback #4"));

        let (v, e) = parse_line(ListKind::User, r#""john \"jd\" doe" # typo'd"#)
            .unwrap()
            .unwrap();
        assert_eq!(v.render(), r#"john "jd" doe"#);
        assert_eq!(e.reason.as_deref(), Some("typo'd"));
        assert_eq!(
            parse_line(ListKind::Ip, "   # just a comment").unwrap(),
            None
        );
        assert_eq!(parse_line(ListKind::Ip, "").unwrap(), None);
    }

    #[test]
    fn bad_lines_say_what_is_wrong() {
        let cases = [
            (ListKind::Ip, "300.1.1.1", "not an IP"),
            (ListKind::Ip, "192.0.2.1 expires=tomorrow", "expires="),
            (ListKind::Ip, "192.0.2.1 ttl=5", "unknown attribute"),
            (ListKind::Ip, "192.0.2.1 reason", "expected key=value"),
            (ListKind::Ip, "192.0.2.1 by=a by=b", "twice"),
            (ListKind::User, "\"open quote", "quoted value"),
            (ListKind::Email, "nobody", "an email"),
        ];
        for (kind, line, want) in cases {
            let err = parse_line(kind, line).unwrap_err();
            assert!(err.contains(want), "{line:?}: {err}");
        }
    }

    #[test]
    fn rendered_lines_parse_back_to_the_same_entry() {
        let cases = [
            (ListKind::Ip, "192.0.2.0/24"),
            (ListKind::User, "john doe"),
            (ListKind::User, "#hash"),
            (ListKind::User, "\"quoted"),
            (ListKind::Email, "a@b.example"),
        ];
        for (kind, raw) in cases {
            let value = parse_value(kind, raw).unwrap();
            let entry = Entry {
                expires_at: Some(1_700_000_000),
                reason: Some("why # not".into()),
                added_at: Some(1_600_000_000),
                added_by: Some("admin".into()),
            };
            let line = render_line(&value, &entry);
            assert_eq!(
                parse_line(kind, &line).unwrap(),
                Some((value, entry)),
                "{line}"
            );
        }
    }

    #[test]
    fn atomic_write_replaces_whole_files_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("block-ip.txt");
        write_atomic(&path, "one\n").unwrap();
        write_atomic(&path, "two\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "two\n");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["block-ip.txt"]);
    }

    #[test]
    fn failed_write_keeps_the_old_file_and_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        // A directory where the file should be: the rename fails after the temp is written.
        let path = dir.path().join("block-ip.txt");
        fs::create_dir(&path).unwrap();
        fs::write(path.join("keep"), "x").unwrap();
        let err = write_atomic(&path, "new\n").unwrap_err();
        assert!(matches!(err, ListError::Persist { .. }), "{err}");
        assert!(err.to_string().contains("block-ip.txt"));
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["block-ip.txt"], "temp file removed");
        assert_eq!(fs::read_to_string(path.join("keep")).unwrap(), "x");
    }
}
