//! `application/x-www-form-urlencoded` decoding and encoding, and the canonical
//! "sorted `k=v&k2=v2`" string that the form dialects (epay, Alipay) sign.
//!
//! Owns byte-level decoding (`+` → space, `%XX`, strict about bad escapes and non-UTF-8),
//! merging a query string with a body, and feeding the canonical string to a hasher piece by
//! piece so it is never built in memory. It does not know which keys a dialect requires nor
//! which hash it uses.

use super::Rejection;

/// Keys never covered by the signature in either form dialect.
const UNSIGNED_KEYS: [&str; 2] = ["sign", "sign_type"];

/// Decoded form parameters, sorted by key (byte order) with unique keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Params(Vec<(String, String)>);

impl Params {
    /// Decodes the query string and the body and merges them; on a key present in both, the
    /// body wins. A key repeated within one source is `Malformed` (parameter pollution).
    pub(crate) fn parse(query: Option<&[u8]>, body: Option<&[u8]>) -> Result<Self, Rejection> {
        let mut merged = parse_one(body.unwrap_or_default())?;
        let query = parse_one(query.unwrap_or_default())?;
        let from_body = merged.len();
        for (k, v) in query {
            if merged[..from_body]
                .binary_search_by(|(mk, _)| mk.as_str().cmp(&k))
                .is_err()
            {
                merged.push((k, v));
            }
        }
        merged.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Ok(Params(merged))
    }

    /// Returns the decoded value of `key`, if present (possibly empty).
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.0
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()
            .map(|i| self.0[i].1.as_str())
    }

    /// Returns the non-empty value of `key`, or `MissingField(key)`.
    pub(crate) fn require(&self, key: &'static str) -> Result<&str, Rejection> {
        match self.get(key) {
            Some(v) if !v.is_empty() => Ok(v),
            _ => Err(Rejection::MissingField(key)),
        }
    }

    /// Feeds the canonical signed string of these parameters to `update`.
    pub(crate) fn feed_canonical(&self, update: impl FnMut(&[u8])) {
        feed_canonical(self.0.iter().map(|(k, v)| (k.as_str(), v.as_str())), update);
    }

    /// Gives up the decoded pairs, still sorted by key.
    pub(crate) fn into_vec(self) -> Vec<(String, String)> {
        self.0
    }
}

/// Feeds `k=v&k2=v2` to `update` for the pairs a form signature covers: `pairs` must already
/// be sorted by key; `sign`, `sign_type` and empty values are skipped. Values are the
/// decoded ones, exactly as both epay and Alipay sign them.
pub(crate) fn feed_canonical<'a>(
    pairs: impl Iterator<Item = (&'a str, &'a str)>,
    mut update: impl FnMut(&[u8]),
) {
    let mut first = true;
    for (k, v) in pairs.filter(|(k, v)| !v.is_empty() && !UNSIGNED_KEYS.contains(k)) {
        if !first {
            update(b"&");
        }
        first = false;
        update(k.as_bytes());
        update(b"=");
        update(v.as_bytes());
    }
}

/// Decodes one `k=v&k2=v2` source into pairs sorted by key. Empty segments and segments
/// with an empty key are skipped; a segment without `=` is a key with an empty value.
fn parse_one(raw: &[u8]) -> Result<Vec<(String, String)>, Rejection> {
    let mut pairs = Vec::with_capacity(raw.iter().filter(|&&b| b == b'&').count() + 1);
    for segment in raw.split(|&b| b == b'&') {
        let (k, v) = match segment.iter().position(|&b| b == b'=') {
            Some(i) => (&segment[..i], &segment[i + 1..]),
            None => (segment, &b""[..]),
        };
        if k.is_empty() {
            continue;
        }
        pairs.push((decode(k)?, decode(v)?));
    }
    pairs.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    if let Some(w) = pairs.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(Rejection::Malformed(format!(
            "parameter {:?} repeated",
            truncate(&w[0].0)
        )));
    }
    Ok(pairs)
}

/// Decodes one form component: `+` is a space, `%XX` a byte; the result must be UTF-8.
pub(crate) fn decode(raw: &[u8]) -> Result<String, Rejection> {
    if !raw.iter().any(|&b| b == b'+' || b == b'%') {
        return utf8(raw.to_vec());
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = raw.get(i + 1).copied().and_then(hex_val);
                let lo = raw.get(i + 2).copied().and_then(hex_val);
                match (hi, lo) {
                    (Some(hi), Some(lo)) => out.push(hi << 4 | lo),
                    _ => {
                        return Err(Rejection::Malformed(format!(
                            "invalid percent-escape at byte {i} of a form component"
                        )))
                    }
                }
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    utf8(out)
}

fn utf8(bytes: Vec<u8>) -> Result<String, Rejection> {
    String::from_utf8(bytes).map_err(|_| Rejection::Malformed("form value is not UTF-8".into()))
}

/// Appends `s` form-encoded: `A-Za-z0-9*-._` kept, space as `+`, every other byte `%XX`.
pub(crate) fn encode_into(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0x0f)]));
            }
        }
    }
}

/// Encodes pairs as a form body in the given order.
pub(crate) fn encode_pairs<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (k, v) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        encode_into(k, &mut out);
        out.push('=');
        encode_into(v, &mut out);
    }
    out
}

/// Returns the body when it should be read as form parameters: non-empty, and its
/// `Content-Type` is absent or `application/x-www-form-urlencoded` (any parameters).
pub(crate) fn form_body<'a>(headers: &http::HeaderMap, body: &'a [u8]) -> Option<&'a [u8]> {
    if body.is_empty() {
        return None;
    }
    match headers.get(http::header::CONTENT_TYPE) {
        None => Some(body),
        Some(ct) => {
            let essence = ct
                .as_bytes()
                .split(|&b| b == b';')
                .next()
                .unwrap_or_default();
            essence
                .trim_ascii()
                .eq_ignore_ascii_case(b"application/x-www-form-urlencoded")
                .then_some(body)
        }
    }
}

/// Decodes exactly `2 * N` hex digits (either case) into bytes.
pub(crate) fn decode_hex<const N: usize>(s: &str) -> Option<[u8; N]> {
    let s = s.as_bytes();
    if s.len() != 2 * N {
        return None;
    }
    let mut out = [0u8; N];
    for (o, pair) in out.iter_mut().zip(s.chunks_exact(2)) {
        *o = hex_val(pair[0])? << 4 | hex_val(pair[1])?;
    }
    Some(out)
}

/// Renders bytes as lowercase hex.
pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    out
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Shortens attacker-supplied text quoted in a rejection to 64 bytes (on a char boundary).
fn truncate(s: &str) -> &str {
    let mut end = s.len().min(64);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(q: Option<&str>, b: Option<&str>) -> Result<Vec<(String, String)>, Rejection> {
        Params::parse(q.map(str::as_bytes), b.map(str::as_bytes)).map(Params::into_vec)
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn canonical(p: &Params) -> String {
        let mut out = Vec::new();
        p.feed_canonical(|b| out.extend_from_slice(b));
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn decode_handles_plus_escapes_and_utf8() {
        let cases: [(&str, &str); 7] = [
            ("abc", "abc"),
            ("a+b", "a b"),
            ("a%2Bb", "a+b"),
            ("%e4%bc%9a%E5%91%98", "会员"),
            ("%20%3d%26", " =&"),
            ("", ""),
            ("会员", "会员"),
        ];
        for (raw, want) in cases {
            assert_eq!(decode(raw.as_bytes()).unwrap(), want, "{raw}");
        }
    }

    #[test]
    fn decode_refuses_bad_escapes_and_non_utf8() {
        for raw in ["%", "%4", "%zz", "a%g1", "%ff", "abc%C3"] {
            let err = decode(raw.as_bytes()).unwrap_err();
            assert_eq!(err.reason(), "malformed", "{raw}");
        }
    }

    #[test]
    fn encode_then_decode_round_trips() {
        for s in [
            "",
            "plain",
            "a b+c",
            "会员 100%",
            "k=v&x=y",
            "~!@#$^*()'",
            "\u{1F600}",
        ] {
            let mut enc = String::new();
            encode_into(s, &mut enc);
            assert!(enc.bytes().all(|b| b.is_ascii_graphic()), "{enc}");
            assert_eq!(decode(enc.as_bytes()).unwrap(), s);
        }
    }

    #[test]
    fn parse_sorts_skips_empty_segments_and_keeps_bare_keys() {
        let got = params(Some("b=2&&a=1&=x&flag"), None).unwrap();
        assert_eq!(got, pairs(&[("a", "1"), ("b", "2"), ("flag", "")]));
    }

    #[test]
    fn parse_merges_query_and_body_with_body_winning() {
        let got = params(Some("a=q&money=0.01&z=q"), Some("money=100.00&b=b")).unwrap();
        assert_eq!(
            got,
            pairs(&[("a", "q"), ("b", "b"), ("money", "100.00"), ("z", "q")])
        );
    }

    #[test]
    fn parse_refuses_a_key_repeated_in_one_source() {
        for (q, b) in [(Some("a=1&a=2"), None), (None, Some("x=1&a=1&a=1"))] {
            assert_eq!(params(q, b).unwrap_err().reason(), "malformed");
        }
    }

    #[test]
    fn canonical_string_skips_sign_sign_type_and_empty_values() {
        let p = Params::parse(
            Some(b"sign=abc&b=2&empty=&a=1&sign_type=MD5&c=x+y".as_slice()),
            None,
        )
        .unwrap();
        assert_eq!(canonical(&p), "a=1&b=2&c=x y");
        let none = Params::parse(Some(b"sign=abc&e=".as_slice()), None).unwrap();
        assert_eq!(canonical(&none), "");
    }

    #[test]
    fn get_and_require_distinguish_absent_empty_and_present() {
        let p = Params::parse(Some(b"a=1&e=".as_slice()), None).unwrap();
        assert_eq!(p.get("a"), Some("1"));
        assert_eq!(p.get("e"), Some(""));
        assert_eq!(p.get("zz"), None);
        assert_eq!(p.require("e"), Err(Rejection::MissingField("e")));
        assert_eq!(p.require("a"), Ok("1"));
    }

    #[test]
    fn form_body_reads_only_form_or_untyped_bodies() {
        let mut h = http::HeaderMap::new();
        assert_eq!(form_body(&h, b"a=1"), Some(&b"a=1"[..]));
        assert_eq!(form_body(&h, b""), None);
        for (ct, read) in [
            ("application/x-www-form-urlencoded", true),
            ("Application/X-WWW-Form-Urlencoded; charset=utf-8", true),
            ("application/json", false),
            ("multipart/form-data; boundary=x", false),
        ] {
            h.insert(http::header::CONTENT_TYPE, ct.parse().unwrap());
            assert_eq!(form_body(&h, b"a=1").is_some(), read, "{ct}");
        }
    }

    #[test]
    fn hex_decodes_either_case_and_refuses_wrong_length() {
        assert_eq!(decode_hex::<2>("aBcD"), Some([0xab, 0xcd]));
        assert_eq!(decode_hex::<2>("abc"), None);
        assert_eq!(decode_hex::<2>("abcg"), None);
        assert_eq!(hex_lower(&[0x00, 0xff, 0x1a]), "00ff1a");
    }

    #[test]
    fn truncate_respects_char_boundaries() {
        let long = "会".repeat(40);
        let t = truncate(&long);
        assert!(t.len() <= 64 && t.chars().all(|c| c == '会'));
        assert_eq!(truncate("short"), "short");
    }
}
