//! Reads the raw config reporting every unknown key and type error at once, each with its
//! field path (and so its line), instead of stopping at serde's first error.
//!
//! serde stops at the first problem: a file with four mistakes reported only "unknown field
//! `thread`", and `listen = "not-an-address"` gave "invalid type: string …, expected a
//! sequence" without saying it was `server.listen`. Here the TOML is parsed into a value
//! tree, deserialized with the path of the failing field recorded
//! (`serde_path_to_error`), the failing key is removed from the tree, and the
//! deserialization is tried again, until it succeeds or nothing more can be removed.
//! Validation runs only on a file that deserialized cleanly (otherwise the removed keys
//! would cause follow-on errors that are not the user's).

use super::error::ConfigError;
use super::raw::RawConfig;

/// A bound on the retries: a file with more problems than this reports the first ones.
const MAX_PROBLEMS: usize = 64;

/// Deserializes `value`; on failure returns every problem found (field path, message).
pub fn deserialize(mut value: toml::Value) -> Result<RawConfig, Vec<ConfigError>> {
    let mut errors = Vec::new();
    for _ in 0..MAX_PROBLEMS {
        match serde_path_to_error::deserialize::<_, RawConfig>(value.clone()) {
            Ok(raw) if errors.is_empty() => return Ok(raw),
            Ok(_) => return Err(errors),
            Err(e) => {
                let path = e.path().to_string();
                let message = e.inner().to_string();
                let message = message
                    .lines()
                    .next()
                    .unwrap_or("invalid value")
                    .to_string();
                // The path names the failing field itself (an unknown key included).
                let removed = remove(&mut value, &path);
                let field = path;
                errors.push(ConfigError::invalid(
                    if field == "." { String::new() } else { field },
                    message,
                ));
                if !removed {
                    return Err(errors);
                }
            }
        }
    }
    Err(errors)
}

/// One step of a serde_path_to_error path (`routes[2].upstream`).
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn steps(path: &str) -> Option<Vec<Step<'_>>> {
    let mut out = Vec::new();
    if path.is_empty() || path == "." {
        return Some(out);
    }
    for part in path.split('.') {
        let (key, mut rest) = part
            .find('[')
            .map_or((part, ""), |i| (&part[..i], &part[i..]));
        if !key.is_empty() {
            out.push(Step::Key(key));
        }
        while let Some(end) = rest.find(']') {
            out.push(Step::Index(rest[1..end].parse().ok()?));
            rest = &rest[end + 1..];
        }
    }
    Some(out)
}

/// Removes the value at `path`; false when there is nothing to remove (the error is
/// then not one more retry can get past, e.g. a missing required key).
fn remove(root: &mut toml::Value, path: &str) -> bool {
    let Some(mut steps) = steps(path) else {
        return false;
    };
    let Some(last) = steps.pop() else {
        return false;
    };
    let mut node = root;
    for s in &steps {
        node = match (s, node) {
            (Step::Key(k), toml::Value::Table(t)) => match t.get_mut(*k) {
                Some(v) => v,
                None => return false,
            },
            (Step::Index(i), toml::Value::Array(a)) => match a.get_mut(*i) {
                Some(v) => v,
                None => return false,
            },
            _ => return false,
        };
    }
    match (last, node) {
        (Step::Key(k), toml::Value::Table(t)) => t.remove(k).is_some(),
        (Step::Index(i), toml::Value::Array(a)) if i < a.len() => {
            a.remove(i);
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(src: &str) -> Vec<String> {
        let value: toml::Value = toml::from_str(src).unwrap();
        match deserialize(value) {
            Ok(_) => Vec::new(),
            Err(es) => es.iter().map(|e| e.to_string()).collect(),
        }
    }

    #[test]
    fn every_unknown_key_and_type_error_is_reported_with_its_field() {
        let got = problems(
            "[server]\nlisten = \"not-an-address\"\nthread = 4\n[admin]\nlisten = \"127.0.0.1:9901\"\n\
             [upstreams.shop]\nservers = [\"127.0.0.1:1\"]\nretries = \"x\"\n[[routes]]\nkind = \"pass\"\n\
             upstream = \"shop\"\nprefx = \"/\"\n",
        );
        assert_eq!(got.len(), 4, "{got:#?}");
        assert!(
            got.iter()
                .any(|e| e.starts_with("server.listen: invalid type: string \"not-an-address\"")),
            "{got:#?}"
        );
        assert!(
            got.iter()
                .any(|e| e.starts_with("server.thread: unknown field `thread`")),
            "{got:#?}"
        );
        assert!(
            got.iter()
                .any(|e| e.starts_with("upstreams.shop.retries: invalid type")),
            "{got:#?}"
        );
        assert!(
            got.iter()
                .any(|e| e.starts_with("routes[0].prefx: unknown field `prefx`")),
            "{got:#?}"
        );
    }

    #[test]
    fn a_clean_file_deserializes() {
        assert!(problems("[upstreams.a]\nservers = [\"127.0.0.1:1\"]\n").is_empty());
    }
}
