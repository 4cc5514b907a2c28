//! JSON order bodies parsed into a `serde_json::Value` while noting every object key that
//! appears more than once.
//!
//! serde_json keeps the last copy of a repeated key and says nothing, but shops differ in
//! which copy they read: a body with `"quantity":1` and then `"quantity":100` must not be
//! scored as one thing and fulfilled as another. Shops also differ in how they match keys
//! (Go and ASP.NET ignore case), so a key in another case is a copy too ([`case_variant`]).
//! This module only finds the repeats (as JSON pointers) and the variants; `order` decides
//! what they mean for the mapped fields.

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// Parses `body` as JSON, keeping the last copy of a repeated key (as serde_json does),
/// and returns the JSON pointers of the repeated keys (`/customer/id`), in body order.
pub fn parse(body: &[u8]) -> Result<(Value, Vec<String>), serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let mut repeats = Vec::new();
    let mut path = String::new();
    let value = Node {
        path: &mut path,
        repeats: &mut repeats,
    }
    .deserialize(&mut de)?;
    de.end()?;
    Ok((value, repeats))
}

/// Whether a value at `pointer` is ambiguous given the repeated keys: the key itself, or
/// any object on the way to it, appeared more than once.
pub fn ambiguous(pointer: &str, repeats: &[String]) -> bool {
    repeats.iter().any(|r| {
        pointer
            .strip_prefix(r.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// Whether an object on the way to `pointer` holds a key that is not the pointer's segment
/// but equals it ignoring case (`AMOUNT` for `/amount`), present or not: Go's
/// `encoding/json` and ASP.NET bind such a key to the same field (the last copy read wins),
/// so the shop may read a value riskgate never scored.
pub fn case_variant(doc: &Value, pointer: &str) -> bool {
    let mut node = doc;
    for raw in pointer.split('/').skip(1) {
        let segment = pointer_segment(raw);
        match node {
            Value::Object(map) => {
                if map
                    .keys()
                    .any(|k| *k != *segment && same_ignoring_case(k, &segment))
                {
                    return true;
                }
                match map.get(segment.as_ref()) {
                    Some(next) => node = next,
                    None => return false,
                }
            }
            Value::Array(items) => match segment.parse::<usize>().ok().and_then(|i| items.get(i)) {
                Some(next) => node = next,
                None => return false,
            },
            _ => return false,
        }
    }
    false
}

/// One JSON pointer segment unescaped (`~1` is `/`, `~0` is `~`); borrowed unless escaped.
pub fn pointer_segment(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.contains('~') {
        raw.replace("~1", "/").replace("~0", "~").into()
    } else {
        raw.into()
    }
}

/// Whether `a` and `b` are equal ignoring case as [`fold_case`] compares them, without
/// allocating when both are ASCII (every key of an ordinary order).
fn same_ignoring_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        fold_case(a) == fold_case(b)
    }
}

/// A key with case differences removed, as case-insensitive parsers compare keys (`ſ` and
/// `s`, `K` and the Kelvin sign included; over-folding only refuses more).
pub fn fold_case(key: &str) -> String {
    key.to_uppercase().to_lowercase()
}

/// One value being parsed at `path` (a JSON pointer, reused as a stack).
struct Node<'a> {
    path: &'a mut String,
    repeats: &'a mut Vec<String>,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// Appends one pointer segment, escaped per RFC 6901 (`~` → `~0`, `/` → `~1`).
fn push_segment(path: &mut String, key: &str) {
    path.push('/');
    for c in key.chars() {
        match c {
            '~' => path.push_str("~0"),
            '/' => path.push_str("~1"),
            c => path.push(c),
        }
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        let base = self.path.len();
        loop {
            push_segment(self.path, &out.len().to_string());
            let next = seq.next_element_seed(Node {
                path: self.path,
                repeats: self.repeats,
            });
            self.path.truncate(base);
            match next? {
                Some(v) => out.push(v),
                None => return Ok(Value::Array(out)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        let base = self.path.len();
        while let Some(key) = map.next_key::<String>()? {
            push_segment(self.path, &key);
            let repeated = out.contains_key(&key);
            if repeated {
                self.repeats.push(self.path.clone());
            }
            let v = map.next_value_seed(Node {
                path: self.path,
                repeats: self.repeats,
            });
            self.path.truncate(base);
            out.insert(key, v?);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repeats(body: &str) -> Vec<String> {
        parse(body.as_bytes()).unwrap().1
    }

    #[test]
    fn finds_repeated_keys_at_any_depth_as_pointers() {
        assert!(repeats(r#"{"a":1,"b":{"c":2}}"#).is_empty());
        assert_eq!(repeats(r#"{"q":1,"q":100}"#), ["/q"]);
        assert_eq!(
            repeats(r#"{"c":{"id":"a","id":"b"},"l":[{"x":1,"x":2}]}"#),
            ["/c/id", "/l/0/x"]
        );
        assert_eq!(
            repeats(r#"{"a/b":1,"a/b":2,"t~":1,"t~":2}"#),
            ["/a~1b", "/t~0"]
        );
        // Repeats within repeats are all reported.
        assert_eq!(
            repeats(r#"{"c":{"id":1},"c":{"id":2,"id":3}}"#),
            ["/c", "/c/id"]
        );
    }

    #[test]
    fn keeps_the_last_copy_like_serde_json() {
        let body = br#"{"q":1,"n":{"x":[1,2.5,"s",null,true]},"q":100}"#;
        let (v, _) = parse(body).unwrap();
        let plain: Value = serde_json::from_slice(body).unwrap();
        assert_eq!(v, plain);
        assert_eq!(v["q"], 100);
    }

    #[test]
    fn a_pointer_is_ambiguous_under_a_repeated_key() {
        let r = vec!["/customer".to_string(), "/q".to_string()];
        assert!(ambiguous("/q", &r));
        assert!(ambiguous("/customer/id", &r));
        assert!(!ambiguous("/qty", &r));
        assert!(!ambiguous("/amount", &r));
    }

    #[test]
    fn a_key_in_another_case_is_a_variant_of_the_pointer() {
        let doc = |body: &str| parse(body.as_bytes()).unwrap().0;
        let cases = [
            (r#"{"amount":1,"AMOUNT":2}"#, "/amount", true),
            (r#"{"Amount":2}"#, "/amount", true),
            (r#"{"c":{"id":1},"C":{"id":2}}"#, "/c/id", true),
            (r#"{"c":{"id":1,"iD":2}}"#, "/c/id", true),
            (r#"{"l":[{"q":1,"Q":2}]}"#, "/l/0/q", true),
            // Unicode folds: the long s is an s, the Kelvin sign a k.
            ("{\"user\":1,\"u\\u017fer\":2}", "/user", true),
            ("{\"\\u212aey\":2}", "/key", true),
            (r#"{"amount":1,"amounts":2,"c":{"ID":1}}"#, "/amount", false),
            (r#"{"a/b":{"x":1}}"#, "/a~1b/x", false),
            (r#"{"a/B":{"x":1}}"#, "/a~1b/x", true),
            (r#"{"q":[1]}"#, "/q/0/x", false),
        ];
        for (body, pointer, want) in cases {
            assert_eq!(case_variant(&doc(body), pointer), want, "{body} {pointer}");
        }
    }

    #[test]
    fn rejects_what_serde_json_rejects() {
        for bad in ["", "{", "{\"a\":1}x", "[1,]", "nul"] {
            assert!(parse(bad.as_bytes()).is_err(), "{bad}");
        }
    }
}
