//! Maps a field path such as `routes[2].upstream` to the line it was written on.
//!
//! The serde structs do not carry spans (that would clutter every field), so after
//! validation we walk a span-preserving `toml_edit` parse of the same text. When the
//! field itself is missing we point at the closest enclosing table, which is where the
//! user has to add it.

use toml_edit::{ImDocument, Item};

/// One step of a field path.
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

fn segments(path: &str) -> Vec<Seg<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Seg::Key(key));
        }
        while let Some(end) = rest.find(']') {
            if let Ok(i) = rest[1..end].parse() {
                out.push(Seg::Index(i));
            }
            rest = &rest[end + 1..];
        }
    }
    out
}

/// Returns the 1-based line of `path` in `doc`, or of its closest existing ancestor.
pub fn line_of(doc: &ImDocument<&str>, src: &str, path: &str) -> Option<usize> {
    let mut item: &Item = doc.as_item();
    let mut best: Option<usize> = None;
    for seg in segments(path) {
        let next = match seg {
            Seg::Key(k) => {
                let table = item.as_table_like()?;
                match table.get_key_value(k) {
                    Some((key, value)) => {
                        best = key
                            .span()
                            .or_else(|| value.span())
                            .map(|s| s.start)
                            .or(best);
                        value
                    }
                    None => break,
                }
            }
            Seg::Index(i) => {
                if let Some(aot) = item.as_array_of_tables() {
                    match aot.get(i) {
                        Some(t) => {
                            best = t.span().map(|s| s.start).or(best);
                            // `Table` is not an `Item`; continue from its key/values directly.
                            return line_in_table(t, src, path, best);
                        }
                        None => break,
                    }
                } else if let Some(arr) = item.as_array() {
                    match arr.get(i) {
                        Some(v) => {
                            best = v.span().map(|s| s.start).or(best);
                            break;
                        }
                        None => break,
                    }
                } else {
                    break;
                }
            }
        };
        item = next;
    }
    best.map(|offset| line_at(src, offset))
}

/// Continues a lookup inside one table of an array of tables (`[[routes]]`).
fn line_in_table(
    table: &toml_edit::Table,
    src: &str,
    path: &str,
    mut best: Option<usize>,
) -> Option<usize> {
    // Skip the segments up to and including the first index: we are already inside it.
    let segs = segments(path);
    let start = segs
        .iter()
        .position(|s| matches!(s, Seg::Index(_)))
        .map_or(segs.len(), |p| p + 1);
    let mut current: Option<&Item> = None;
    for seg in &segs[start..] {
        match seg {
            Seg::Key(k) => {
                let kv = match current {
                    None => table.get_key_value(k),
                    Some(item) => item.as_table_like().and_then(|t| t.get_key_value(k)),
                };
                match kv {
                    Some((key, value)) => {
                        best = key
                            .span()
                            .or_else(|| value.span())
                            .map(|s| s.start)
                            .or(best);
                        current = Some(value);
                    }
                    None => break,
                }
            }
            Seg::Index(i) => {
                if let Some(v) = current.and_then(|c| c.as_array()).and_then(|a| a.get(*i)) {
                    best = v.span().map(|s| s.start).or(best);
                }
                break;
            }
        }
    }
    best.map(|offset| line_at(src, offset))
}

/// Converts a byte offset into a 1-based line number.
pub fn line_at(src: &str, offset: usize) -> usize {
    src.as_bytes()[..offset.min(src.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "[server]\nlisten = [\"a\", \"b\"]\n\n[upstreams.shop]\nservers = [\"x\"]\n\n[[routes]]\nname = \"a\"\n\n[[routes]]\nname = \"b\"\nkind = \"zzz\"\n";

    fn line(path: &str) -> Option<usize> {
        let doc = ImDocument::parse(SRC).unwrap();
        line_of(&doc, SRC, path)
    }

    #[test]
    fn finds_plain_keys_and_array_elements() {
        assert_eq!(line("server.listen"), Some(2));
        assert_eq!(line("server.listen[1]"), Some(2));
        assert_eq!(line("upstreams.shop.servers[0]"), Some(5));
    }

    #[test]
    fn finds_fields_inside_arrays_of_tables() {
        assert_eq!(line("routes[1].kind"), Some(12));
        assert_eq!(line("routes[0].name"), Some(8));
    }

    #[test]
    fn missing_field_points_at_its_table() {
        assert_eq!(line("routes[1].upstream"), Some(10));
        assert_eq!(line("upstreams.shop.health"), Some(4));
    }
}
