//! Orders as riskgate sees them: the shop's order body parsed through the route's field
//! map into a typed [`Order`].
//!
//! Shops differ, so an `order` route says where each field lives: JSON pointers
//! (`format = "json"`) or form keys (`format = "form"`). Owns parsing, amount/currency
//! handling (minor units per ISO 4217 exponent) and the errors that name the field. It
//! does not read sockets or decide anything.

use std::borrow::Cow;

pub use crate::config::{DuplicateFields, FieldMap, OrderField, OrderFormat};

/// An order, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Order {
    /// Amount in minor units (cents); `None` when the shop sends no amount.
    pub amount_minor: Option<i64>,
    /// Decimal exponent of the currency (2 for USD, 0 for JPY, 3 for KWD).
    pub exponent: u32,
    /// ISO 4217 code, upper case.
    pub currency: String,
    /// Items ordered (1 when absent).
    pub quantity: u32,
    /// Product id.
    pub product: Option<String>,
    /// Shop user key.
    pub user: Option<String>,
    /// Buyer email (trimmed, lower-cased).
    pub email: Option<String>,
    /// Payment method.
    pub payment_method: Option<String>,
}

impl Order {
    /// The amount in major units of its currency (49.99); 0 when unknown. The model reads
    /// [`Order::amount_usd`] instead.
    pub fn amount_major(&self) -> f64 {
        self.amount_minor
            .map_or(0.0, |m| m as f64 / 10f64.powi(self.exponent as i32))
    }

    /// Returns the amount in US dollars through `rates`, or `None` when the order has no
    /// amount or its currency has no rate (the `currency_unknown` case).
    pub fn amount_usd(&self, rates: &crate::config::currency::CurrencyRates) -> Option<f64> {
        self.amount_minor?;
        Some(self.amount_major() * rates.usd_per_unit(&self.currency)?)
    }
}

/// Why an order body was refused (the proxy answers 400 naming `field`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    /// The body is not valid JSON / form data.
    #[error("order body is not valid {format}: {reason}")]
    Body {
        /// `json` or `form`.
        format: &'static str,
        /// Parser message.
        reason: String,
    },
    /// A required field is absent.
    #[error("order field `{field}` is missing")]
    Missing {
        /// The field.
        field: &'static str,
    },
    /// A mapped field appears more than once (the shop may read another copy than the one
    /// riskgate would score).
    #[error("order field `{field}` appears more than once")]
    Ambiguous {
        /// The field.
        field: &'static str,
    },
    /// The query string carries a mapped field with another value than the body's (or the
    /// body has none): the shop may read that copy instead ([`check_query`]).
    #[error("order field `{field}` is also in the query string with another value; send it in the body only")]
    InQuery {
        /// The field.
        field: &'static str,
    },
    /// A field is present but unusable.
    #[error("order field `{field}` is invalid: {reason}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// Why.
        reason: String,
    },
    /// The body is labelled as something the route does not read: the shop, choosing its
    /// parser by that label, would read other values than riskgate scored (415).
    #[error("order body {header} `{value}` is not read by this route: {reason}")]
    Unsupported {
        /// The header: `content-type` or `content-encoding`.
        header: &'static str,
        /// The value sent (at most 64 bytes of it, lossily decoded).
        value: String,
        /// What the route reads.
        reason: &'static str,
    },
}

impl OrderError {
    /// The field named by the error (`body` for unparsable bodies).
    pub fn field(&self) -> &'static str {
        match self {
            OrderError::Body { .. } => "body",
            OrderError::Unsupported { header, .. } => header,
            OrderError::Missing { field }
            | OrderError::Ambiguous { field }
            | OrderError::InQuery { field }
            | OrderError::Invalid { field, .. } => field,
        }
    }
}

/// How an order's `Content-Type` relates to its route's format ([`check_content_type`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Label {
    /// The route's format, a type no shop parses into fields (`text/plain`), or none.
    Own,
    /// The route's other format (JSON on a form route, a form on a JSON route): old shops
    /// post JSON under jQuery's default form label and read the raw body, so it is
    /// accepted when reading the body that other way finds none of the route's fields
    /// ([`check_other_reading`]). The header's value, for the error.
    Other(String),
}

/// Checks the order's `Content-Type` against the route's format: its own format,
/// `text/plain` or none is [`Label::Own`]; the other format is [`Label::Other`], for
/// [`check_other_reading`] once the body is read; anything else (multipart, XML, two
/// `Content-Type` headers) is refused.
///
/// Rails, Laravel, Express and PHP's `$_POST` choose their parser by this label, and one
/// body can be valid JSON and a valid form at once (`{"q":100,"x":"&q=1&"}`), or a form
/// in a multipart preamble: scored in the route's format, the shop would read the other.
pub fn check_content_type(
    format: OrderFormat,
    headers: &http::HeaderMap,
) -> Result<Label, OrderError> {
    let mut values = headers.get_all(http::header::CONTENT_TYPE).iter();
    let Some(value) = values.next() else {
        return Ok(Label::Own);
    };
    // `text/json` and `application/x-json`: older .NET and jQuery clients' JSON labels.
    let is_json = |t: &str| {
        matches!(t, "application/json" | "text/json" | "application/x-json") || t.ends_with("+json")
    };
    let is_form = |t: &str| t == "application/x-www-form-urlencoded";
    let reason = match format {
        OrderFormat::Json => "it reads JSON (application/json, text/json, */*+json or text/plain)",
        OrderFormat::Form => "it reads forms (application/x-www-form-urlencoded or text/plain)",
    };
    let shown = || String::from_utf8_lossy(&value.as_bytes()[..value.len().min(64)]).into_owned();
    let media = value.to_str().ok().map(|v| {
        v.split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    });
    let (own, other) = match format {
        OrderFormat::Json => (is_json as fn(&str) -> bool, is_form as fn(&str) -> bool),
        OrderFormat::Form => (is_form as fn(&str) -> bool, is_json as fn(&str) -> bool),
    };
    match media {
        Some(t) if values.next().is_none() && (t == "text/plain" || own(&t)) => Ok(Label::Own),
        Some(t) if values.next().is_none() && other(&t) => Ok(Label::Other(shown())),
        _ => Err(OrderError::Unsupported {
            header: "content-type",
            value: shown(),
            reason,
        }),
    }
}

/// For a body labelled as its route's other format ([`Label::Other`]): refuses it when
/// reading it that way, as a shop that trusts the label does, finds something the route
/// maps: on a JSON route, a form key named like a segment of a mapped JSON pointer
/// (`amount`, `customer` or `id` for `/customer/id`); on a form route, a body that is
/// JSON at all. A plain JSON body under a form label reads as one key that is the whole
/// document, and a form body is not JSON, so honest orders pass.
pub fn check_other_reading(body: &[u8], map: &FieldMap, label: &str) -> Result<(), OrderError> {
    let refused = |reason| OrderError::Unsupported {
        header: "content-type",
        value: label.to_string(),
        reason,
    };
    match map.format {
        OrderFormat::Json => {
            let text = String::from_utf8_lossy(body);
            let names: Vec<String> = map
                .locations
                .iter()
                .flatten()
                .flat_map(|p| p.split('/').skip(1))
                .map(|seg| fold_form_key(&super::order_json::pointer_segment(seg)))
                .collect();
            let hit = text.split('&').filter(|p| !p.is_empty()).any(|p| {
                let key = fold_form_key(&form_decode(p.split_once('=').map_or(p, |(k, _)| k)));
                names.iter().any(|n| same_form_value(&key, n))
            });
            if hit {
                return Err(refused(
                    "read as a form, the body names a mapped field: it must be labelled JSON",
                ));
            }
        }
        OrderFormat::Form => {
            if serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok() {
                return Err(refused(
                    "the body is JSON under a JSON label, but the route reads forms",
                ));
            }
        }
    }
    Ok(())
}

/// Refuses an order whose query string carries a mapped field with another value than the
/// body's (or any value when the body has none), as shops' parsers merge the query in:
/// Rails merges it into `params` over the body, Symfony's `$request->get()` and ASP.NET's
/// `Request[...]` read the query first, and Laravel's `input()`, PHP's `$_REQUEST` and
/// Express's `req.param()` take it when the body lacks the field. The shop could then act
/// on an amount or a user riskgate never scored. A copy that agrees with what was scored
/// (a multi-currency shop's `?currency=EUR` on an order in EUR) is harmless and passes; a
/// copy under a nested name (`order[amount]` against the whole `order`, `customer[id]`
/// against `/customer/id`) cannot be matched to one value and is refused.
///
/// Called once per order with a query string, after the body is parsed; a request without
/// a query costs nothing.
pub fn check_query(query: Option<&str>, map: &FieldMap, order: &Order) -> Result<(), OrderError> {
    let Some(query) = query.filter(|q| !q.is_empty()) else {
        return Ok(());
    };
    let pairs: Vec<(String, Cow<'_, str>)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (fold_form_key(&form_decode(k)), form_decode(v))
        })
        .collect();
    fn top(k: &str) -> &str {
        &k[..k.find('[').unwrap_or(k.len())]
    }
    for f in OrderField::ALL {
        let Some(loc) = map.location(f) else {
            continue;
        };
        // The name a parser merging the query in files the field under, and the one key
        // whose value is the field itself (`None`: the field sits deeper than any query
        // key can be compared with).
        let (name, exact) = match map.format {
            OrderFormat::Json => {
                let mut segs = loc.split('/').skip(1);
                let Some(first) = segs.next() else {
                    continue;
                };
                let folded = fold_form_key(&super::order_json::pointer_segment(first));
                let name = top(&folded).to_string();
                let exact = segs.next().is_none().then(|| name.clone());
                (name, exact)
            }
            OrderFormat::Form => {
                let folded = fold_form_key(loc);
                (top(&folded).to_string(), Some(folded))
            }
        };
        for (k, v) in &pairs {
            if top(k) != name {
                continue;
            }
            let same = exact.as_deref() == Some(k.as_str()) && agrees(f, v.trim(), order);
            if !same {
                return Err(OrderError::InQuery { field: f.as_str() });
            }
        }
    }
    Ok(())
}

/// Whether `value` (a query copy of field `f`) reads as what the body gave `order`.
fn agrees(f: OrderField, value: &str, order: &Order) -> bool {
    match f {
        OrderField::Amount => {
            order.amount_minor.is_some()
                && parse_amount(value, order.exponent).ok() == order.amount_minor
        }
        OrderField::Currency => value.eq_ignore_ascii_case(&order.currency),
        OrderField::Quantity => value.parse::<u32>().ok() == Some(order.quantity),
        OrderField::Product => order.product.as_deref() == Some(value),
        OrderField::User => order.user.as_deref() == Some(value),
        OrderField::Email => order
            .email
            .as_deref()
            .is_some_and(|e| e.eq_ignore_ascii_case(value)),
        OrderField::PaymentMethod => order.payment_method.as_deref() == Some(value),
    }
}

/// Checks that the order body is not encoded (`Content-Encoding` absent or `identity`).
///
/// riskgate would score the encoded bytes while the shop decodes them (Express's
/// body-parser inflates gzip and deflate by default), and a stored deflate block can be a
/// valid form whose stream header hides the first key from riskgate.
pub fn check_content_encoding(headers: &http::HeaderMap) -> Result<(), OrderError> {
    for value in headers.get_all(http::header::CONTENT_ENCODING) {
        let identity = value.to_str().is_ok_and(|v| {
            v.split(',')
                .map(str::trim)
                .all(|c| c.is_empty() || c.eq_ignore_ascii_case("identity"))
        });
        if !identity {
            return Err(OrderError::Unsupported {
                header: "content-encoding",
                value: String::from_utf8_lossy(&value.as_bytes()[..value.len().min(64)])
                    .into_owned(),
                reason: "it reads unencoded bodies (identity)",
            });
        }
    }
    Ok(())
}

/// Decimal exponent of an ISO 4217 currency: the zero- and three-decimal currencies are
/// listed, everything else has two.
pub fn currency_exponent(code: &str) -> u32 {
    const ZERO: [&str; 16] = [
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
        "VUV", "XAF", "XOF",
    ];
    const THREE: [&str; 7] = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
    if ZERO.contains(&code) {
        0
    } else if THREE.contains(&code) {
        3
    } else {
        2
    }
}

/// Parses a decimal amount (`"49.99"`, `"50"`, `49.5`) into minor units with `exponent`
/// decimals, refusing more precision than the currency has, negatives and absurd sizes.
pub fn parse_amount(s: &str, exponent: u32) -> Result<i64, String> {
    let s = s.trim();
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(format!("`{s}` is not a positive decimal amount"));
    }
    let frac = frac.trim_end_matches('0');
    if frac.len() > exponent as usize {
        return Err(format!("`{s}` has more than {exponent} decimals"));
    }
    if int.len() > 12 {
        return Err(format!("`{s}` is too large"));
    }
    let int: i64 = int.parse().map_err(|_| format!("`{s}` is not a number"))?;
    let mut frac_val: i64 = if frac.is_empty() {
        0
    } else {
        frac.parse().map_err(|_| format!("`{s}` is not a number"))?
    };
    for _ in frac.len()..exponent as usize {
        frac_val *= 10;
    }
    Ok(int * 10i64.pow(exponent) + frac_val)
}

/// A field value as found in the body, before interpretation.
enum Raw<'a> {
    Str(Cow<'a, str>),
    Num(String),
}

impl Raw<'_> {
    fn text(&self) -> &str {
        match self {
            Raw::Str(s) => s,
            Raw::Num(n) => n,
        }
    }
}

fn find_json<'a>(doc: &'a serde_json::Value, pointer: &str) -> Result<Option<Raw<'a>>, String> {
    match doc.pointer(pointer) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) => Ok(Some(Raw::Str(Cow::Borrowed(s)))),
        Some(serde_json::Value::Number(n)) => Ok(Some(Raw::Num(n.to_string()))),
        Some(serde_json::Value::Bool(b)) => Ok(Some(Raw::Num(b.to_string()))),
        Some(_) => Err("must be a string or a number, not an object or array".into()),
    }
}

/// A form key as shops' parsers may read it: PHP drops leading spaces and reads ` ` and
/// `.` in the name before its first `[…]` as `_` (and an unclosed `[` too); ASP.NET
/// ignores case. The bracketed rest stays (`order[amount]` and `order[user]` are two
/// fields of a Rails or PHP form), folded in case.
fn fold_form_key(key: &str) -> String {
    let key = key.trim_start_matches(' ');
    let (name, rest) = match key.find('[') {
        Some(i) if key[i..].contains(']') => key.split_at(i),
        _ => (key, ""),
    };
    let mut out: String = name
        .chars()
        .map(|c| if matches!(c, ' ' | '.' | '[') { '_' } else { c })
        .collect();
    out.push_str(rest);
    super::order_json::fold_case(&out)
}

/// Whether form keys folded to `a` and `b` ([`fold_form_key`]) name one value in a shop's
/// parser: the same key, or one an array under the other (`user` and `user[]`, `order`
/// and `order[amount]`).
fn same_form_value(a: &str, b: &str) -> bool {
    let under = |long: &str, short: &str| {
        long.len() > short.len() && long.starts_with(short) && long.as_bytes()[short.len()] == b'['
    };
    a == b || under(a, b) || under(b, a)
}

/// The value of form key `key`: `Err(())` when it appears more than once and the route
/// rejects repeats, or when another key reads as it in a shop's parser ([`fold_form_key`]:
/// `folded` holds each pair's), else the last copy (the one PHP and Rails read).
fn find_form<'a>(
    pairs: &'a [(Cow<'a, str>, Cow<'a, str>)],
    folded: &[String],
    key: &str,
    duplicates: DuplicateFields,
) -> Result<Option<Raw<'a>>, ()> {
    let mine = fold_form_key(key);
    if pairs
        .iter()
        .zip(folded)
        .any(|((k, _), f)| k != key && same_form_value(f, &mine))
    {
        return Err(());
    }
    let mut copies = pairs.iter().filter(|(k, _)| k == key);
    let Some(mut last) = copies.next() else {
        return Ok(None);
    };
    for next in copies {
        if duplicates == DuplicateFields::Reject {
            return Err(());
        }
        last = next;
    }
    Ok(Some(Raw::Str(Cow::Borrowed(last.1.as_ref()))))
}

/// Percent-decodes one form or query component (`+` is a space); borrows when nothing is
/// encoded. Used for order forms and admin query strings.
pub fn form_decode(s: &str) -> Cow<'_, str> {
    if !s.contains(['%', '+']) {
        return Cow::Borrowed(s);
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = (b[i] == b'%' && i + 2 < b.len())
            .then(|| std::str::from_utf8(&b[i + 1..i + 3]).ok())
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (hex, b[i]) {
            (Some(v), _) => {
                out.push(v);
                i += 3;
            }
            (None, b'+') => {
                out.push(b' ');
                i += 1;
            }
            (None, c) => {
                out.push(c);
                i += 1;
            }
        }
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// Parses an order body through the field map.
///
/// Called once per order request with the body already bounded by the route limit.
pub fn parse(body: &[u8], map: &FieldMap) -> Result<Order, OrderError> {
    let json;
    let pairs: Vec<(Cow<'_, str>, Cow<'_, str>)>;
    let mut raw: [Option<Raw<'_>>; 7] = Default::default();
    match map.format {
        OrderFormat::Json => {
            let repeats;
            (json, repeats) = super::order_json::parse(body).map_err(|e| OrderError::Body {
                format: "json",
                reason: e.to_string(),
            })?;
            for f in OrderField::ALL {
                if let Some(loc) = map.location(f) {
                    if (map.duplicates == DuplicateFields::Reject
                        && super::order_json::ambiguous(loc, &repeats))
                        || super::order_json::case_variant(&json, loc)
                    {
                        return Err(OrderError::Ambiguous { field: f.as_str() });
                    }
                    raw[f as usize] =
                        find_json(&json, loc).map_err(|reason| OrderError::Invalid {
                            field: f.as_str(),
                            reason,
                        })?;
                }
            }
        }
        OrderFormat::Form => {
            let text = std::str::from_utf8(body).map_err(|_| OrderError::Body {
                format: "form",
                reason: "not UTF-8".into(),
            })?;
            pairs = text
                .split('&')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (k, v) = p.split_once('=').unwrap_or((p, ""));
                    (form_decode(k), form_decode(v))
                })
                .collect();
            let folded: Vec<String> = pairs.iter().map(|(k, _)| fold_form_key(k)).collect();
            for f in OrderField::ALL {
                if let Some(loc) = map.location(f) {
                    raw[f as usize] = find_form(&pairs, &folded, loc, map.duplicates)
                        .map_err(|()| OrderError::Ambiguous { field: f.as_str() })?;
                }
            }
        }
    }
    for f in &map.required {
        let present = raw[*f as usize]
            .as_ref()
            .is_some_and(|r| !r.text().trim().is_empty());
        if !present {
            return Err(OrderError::Missing { field: f.as_str() });
        }
    }
    let text = |f: OrderField| -> Option<String> {
        raw[f as usize]
            .as_ref()
            .map(|r| r.text().trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let currency = text(OrderField::Currency)
        .unwrap_or_else(|| map.default_currency.clone())
        .to_ascii_uppercase();
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(OrderError::Invalid {
            field: "currency",
            reason: format!("`{currency}` is not an ISO 4217 code"),
        });
    }
    let exponent = currency_exponent(&currency);
    let amount_minor = match text(OrderField::Amount) {
        None => None,
        Some(a) => Some(
            parse_amount(&a, exponent).map_err(|reason| OrderError::Invalid {
                field: "amount",
                reason,
            })?,
        ),
    };
    let quantity = match text(OrderField::Quantity) {
        None => 1,
        Some(q) => match q.parse::<u32>() {
            Ok(n) if (1..=100_000).contains(&n) => n,
            _ => {
                return Err(OrderError::Invalid {
                    field: "quantity",
                    reason: format!("`{q}` is not a whole number between 1 and 100000"),
                })
            }
        },
    };
    let bounded = |f: OrderField| -> Result<Option<String>, OrderError> {
        match text(f) {
            Some(v) if v.len() > 256 => Err(OrderError::Invalid {
                field: f.as_str(),
                reason: "longer than 256 bytes".into(),
            }),
            v => Ok(v),
        }
    };
    Ok(Order {
        amount_minor,
        exponent,
        currency,
        quantity,
        product: bounded(OrderField::Product)?,
        user: bounded(OrderField::User)?,
        email: bounded(OrderField::Email)?.map(|e| e.to_ascii_lowercase()),
        payment_method: bounded(OrderField::PaymentMethod)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(format: OrderFormat, locs: [&str; 7], required: &[OrderField]) -> FieldMap {
        FieldMap {
            format,
            locations: locs.map(|l| (!l.is_empty()).then(|| l.to_string())),
            required: required.to_vec(),
            default_currency: "USD".into(),
            duplicates: DuplicateFields::Reject,
        }
    }

    fn json_map() -> FieldMap {
        map(
            OrderFormat::Json,
            [
                "/amount",
                "/currency",
                "/qty",
                "/item/sku",
                "/customer/id",
                "/customer/email",
                "/pay",
            ],
            &[OrderField::Amount, OrderField::User],
        )
    }

    #[test]
    fn parses_json_through_pointers() {
        let body = br#"{"amount":"49.90","currency":"usd","qty":2,"item":{"sku":"steam-50"},"customer":{"id":"u-1","email":" Alice@Example.COM "},"pay":"card"}"#;
        let o = parse(body, &json_map()).unwrap();
        assert_eq!(o.amount_minor, Some(4990));
        assert_eq!(o.currency, "USD");
        assert_eq!(o.quantity, 2);
        assert_eq!(o.product.as_deref(), Some("steam-50"));
        assert_eq!(o.user.as_deref(), Some("u-1"));
        assert_eq!(o.email.as_deref(), Some("alice@example.com"));
        assert_eq!(o.payment_method.as_deref(), Some("card"));
        assert!((o.amount_major() - 49.9).abs() < 1e-9);
    }

    #[test]
    fn numbers_and_minor_units_per_currency() {
        let m = json_map();
        let amt = |body: &str| parse(body.as_bytes(), &m).map(|o| o.amount_minor);
        assert_eq!(
            amt(r#"{"amount":50,"customer":{"id":"u"}}"#),
            Ok(Some(5000))
        );
        assert_eq!(
            amt(r#"{"amount":1500,"currency":"JPY","customer":{"id":"u"}}"#),
            Ok(Some(1500))
        );
        assert_eq!(
            amt(r#"{"amount":"1.234","currency":"KWD","customer":{"id":"u"}}"#),
            Ok(Some(1234))
        );
        assert_eq!(
            amt(r#"{"amount":"0.5","customer":{"id":"u"}}"#),
            Ok(Some(50))
        );
    }

    #[test]
    fn errors_name_the_field() {
        let m = json_map();
        let err = |body: &str| parse(body.as_bytes(), &m).unwrap_err();
        let cases = [
            (r#"{"customer":{"id":"u"}}"#, "amount", "order field `amount` is missing"),
            (r#"{"amount":"5"}"#, "user", "order field `user` is missing"),
            (r#"{"amount":"5","customer":{"id":""}}"#, "user", "order field `user` is missing"),
            (r#"{"amount":"-5","customer":{"id":"u"}}"#, "amount", "order field `amount` is invalid: `-5` is not a positive decimal amount"),
            (r#"{"amount":"1.005","customer":{"id":"u"}}"#, "amount", "order field `amount` is invalid: `1.005` has more than 2 decimals"),
            (r#"{"amount":"5","qty":0,"customer":{"id":"u"}}"#, "quantity", "order field `quantity` is invalid: `0` is not a whole number between 1 and 100000"),
            (r#"{"amount":"5","currency":"dollars","customer":{"id":"u"}}"#, "currency", "order field `currency` is invalid: `DOLLARS` is not an ISO 4217 code"),
            (r#"{"amount":{"v":5},"customer":{"id":"u"}}"#, "amount", "order field `amount` is invalid: must be a string or a number, not an object or array"),
            ("not json", "body", "order body is not valid json: expected ident at line 1 column 2"),
        ];
        for (body, field, msg) in cases {
            let e = err(body);
            assert_eq!(e.field(), field, "{body}");
            assert_eq!(e.to_string(), msg, "{body}");
        }
    }

    #[test]
    fn parses_forms_with_percent_encoding() {
        let m = map(
            OrderFormat::Form,
            ["total", "cur", "n", "sku", "uid", "mail", ""],
            &[OrderField::Amount],
        );
        let o = parse(
            b"total=12.50&cur=EUR&n=3&sku=gift+card&uid=bob%2B1&mail=b%40x.org",
            &m,
        )
        .unwrap();
        assert_eq!(o.amount_minor, Some(1250));
        assert_eq!(o.currency, "EUR");
        assert_eq!(o.quantity, 3);
        assert_eq!(o.product.as_deref(), Some("gift card"));
        assert_eq!(o.user.as_deref(), Some("bob+1"));
        assert_eq!(o.email.as_deref(), Some("b@x.org"));
        assert_eq!(
            parse(b"cur=EUR", &m).unwrap_err(),
            OrderError::Missing { field: "amount" }
        );
    }

    #[test]
    fn a_repeated_mapped_field_is_ambiguous_by_default() {
        let form = map(
            OrderFormat::Form,
            ["amount", "", "quantity", "", "user", "", ""],
            &[OrderField::Amount],
        );
        let cases: [(&[u8], &str); 3] = [
            (b"amount=5&quantity=1&user=bob&quantity=100", "quantity"),
            (b"user=alice&amount=5&user=mule-1", "user"),
            // Keys are compared decoded: `quantit%79` is `quantity`.
            (b"amount=5&quantity=1&quantit%79=100", "quantity"),
        ];
        for (body, field) in cases {
            assert_eq!(
                parse(body, &form),
                Err(OrderError::Ambiguous { field }),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        // Unmapped keys may repeat.
        assert!(parse(b"amount=5&tag=a&tag=b", &form).is_ok());
        // A key a shop's parser reads as a mapped one is a copy of it, even alone: PHP
        // drops leading spaces, reads `.`/` ` as `_` and `user[x]` as `user`; ASP.NET
        // ignores case.
        let mut underscored = form.clone();
        underscored.locations[OrderField::User as usize] = Some("user_id".into());
        for (m, body, field) in [
            (&form, &b"amount=5&+amount=5000"[..], "amount"),
            (&form, b"amount=5&%20%20quantity=100", "quantity"),
            (&form, b"amount=5&QUANTITY=100", "quantity"),
            (&form, b"amount=5&user=a&user[]=b", "user"),
            (&form, b"amount=5&user[x]=b", "user"),
            (&underscored, b"amount=5&user_id=a&user.id=b", "user"),
            (&underscored, b"amount=5&user id=b", "user"),
        ] {
            assert_eq!(
                parse(body, m),
                Err(OrderError::Ambiguous { field }),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        assert!(parse(b"amount=5&amounts=1&user_=x&xuser=y&user[=z", &form).is_ok());
        // A Rails or PHP form names its fields `order[amount]`, `order[user]`: those are
        // distinct fields, but the same name in another case, an array under a mapped
        // field, or the bare `order` are copies of one.
        let mut nested = form.clone();
        nested.locations[OrderField::Amount as usize] = Some("order[amount]".into());
        nested.locations[OrderField::User as usize] = Some("order[user]".into());
        let ok = b"order%5Bamount%5D=5&order[user]=a&order[email]=a@b.c&order[note]=x";
        assert!(parse(ok, &nested).is_ok(), "{:?}", parse(ok, &nested));
        for body in [
            &b"order[amount]=5&ORDER[Amount]=500&order[user]=a"[..],
            b"order[amount]=5&order[amount][]=500&order[user]=a",
            b"order=5&order[amount]=5&order[user]=a",
        ] {
            assert!(
                matches!(parse(body, &nested), Err(OrderError::Ambiguous { .. })),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        let json = json_map();
        let cases = [
            (
                r#"{"amount":"5","qty":1,"customer":{"id":"u"},"qty":100}"#,
                "quantity",
            ),
            (
                r#"{"amount":"5","customer":{"id":"u"},"customer":{"id":"m"}}"#,
                "user",
            ),
            (r#"{"amount":"5","customer":{"id":"u","id":"m"}}"#, "user"),
        ];
        for (body, field) in cases {
            let e = parse(body.as_bytes(), &json).unwrap_err();
            assert_eq!(e, OrderError::Ambiguous { field }, "{body}");
            assert_eq!(e.field(), field);
            assert_eq!(
                e.to_string(),
                format!("order field `{field}` appears more than once")
            );
        }
        assert!(parse(
            br#"{"amount":"5","customer":{"id":"u"},"x":1,"x":2}"#,
            &json
        )
        .is_ok());
        // A key in another case is the same field to Go and ASP.NET, even alone.
        for (body, field) in [
            (
                r#"{"amount":"5","customer":{"id":"u"},"Amount":"500"}"#,
                "amount",
            ),
            (
                r#"{"amount":"5","customer":{"id":"u"},"QTY":100}"#,
                "quantity",
            ),
            (r#"{"amount":"5","customer":{"id":"u","Id":"m"}}"#, "user"),
        ] {
            assert_eq!(
                parse(body.as_bytes(), &json),
                Err(OrderError::Ambiguous { field }),
                "{body}"
            );
        }
    }

    #[test]
    fn a_body_labelled_as_another_format_is_unsupported() {
        let check = |format, values: &[&str]| {
            let mut h = http::HeaderMap::new();
            for v in values {
                h.append(http::header::CONTENT_TYPE, v.parse().unwrap());
            }
            check_content_type(format, &h).map_err(|e| e.field())
        };
        let (json, form) = (OrderFormat::Json, OrderFormat::Form);
        let other = |v: &str| Ok(Label::Other(v.to_string()));
        for (format, values, want) in [
            (json, &[][..], Ok(Label::Own)),
            (json, &["application/json"][..], Ok(Label::Own)),
            (json, &["Application/JSON; charset=utf-8"], Ok(Label::Own)),
            (json, &["application/vnd.shop.order+json"], Ok(Label::Own)),
            (json, &["text/json; charset=utf-8"], Ok(Label::Own)),
            (json, &["application/x-json"], Ok(Label::Own)),
            (json, &["text/plain;charset=UTF-8"], Ok(Label::Own)),
            (
                json,
                &["application/x-www-form-urlencoded"],
                other("application/x-www-form-urlencoded"),
            ),
            (
                json,
                &["multipart/form-data; boundary=b"],
                Err("content-type"),
            ),
            (
                json,
                &["application/json", "application/x-www-form-urlencoded"],
                Err("content-type"),
            ),
            (form, &[][..], Ok(Label::Own)),
            (
                form,
                &["application/x-www-form-urlencoded; charset=UTF-8"],
                Ok(Label::Own),
            ),
            (form, &["text/plain"], Ok(Label::Own)),
            (form, &["application/json"], other("application/json")),
            (form, &["text/json"], other("text/json")),
            (
                form,
                &["application/problem+json"],
                other("application/problem+json"),
            ),
            (
                form,
                &["multipart/form-data; boundary=b"],
                Err("content-type"),
            ),
            (form, &["application/xml"], Err("content-type")),
        ] {
            assert_eq!(check(format, values), want, "{format:?} {values:?}");
        }
    }

    #[test]
    fn a_mapped_field_in_the_query_is_refused_unless_it_agrees_with_the_body() {
        let json = json_map();
        let body = br#"{"amount":"5.00","currency":"eur","qty":2,"customer":{"id":"u-1","email":"A@x.org"}}"#;
        let jo = parse(body, &json).unwrap();
        let form = map(
            OrderFormat::Form,
            ["order[amount]", "", "", "", "user", "", ""],
            &[],
        );
        let fo = parse(b"order%5Bamount%5D=5&user=eve", &form).unwrap();
        for (m, o, query, want) in [
            (&json, &jo, None, Ok(())),
            (&json, &jo, Some(""), Ok(())),
            (&json, &jo, Some("lang=en&utm_source=x"), Ok(())),
            (&json, &jo, Some("amount=5000"), Err("amount")),
            (&json, &jo, Some("lang=en&AMOUNT=5000"), Err("amount")),
            (&json, &jo, Some("%61mount=5000"), Err("amount")),
            (&json, &jo, Some("amount[]=5"), Err("amount")),
            // Copies that agree with what was scored: the shop reads the same order.
            (&json, &jo, Some("amount=5&currency=EUR&qty=2"), Ok(())),
            (&json, &jo, Some("Currency=eur"), Ok(())),
            (&json, &jo, Some("currency=USD"), Err("currency")),
            (&json, &jo, Some("qty=3"), Err("quantity")),
            // A field the body lacks: the shop would take the query's.
            (&json, &jo, Some("pay=card"), Err("payment_method")),
            // Deeper than a query key compares: any copy is refused.
            (&json, &jo, Some("customer[id]=u-1"), Err("user")),
            (&json, &jo, Some("customer=x"), Err("user")),
            (&form, &fo, Some("order[amount]=5000"), Err("amount")),
            (&form, &fo, Some("order[amount]=5.00"), Ok(())),
            (&form, &fo, Some("order=x"), Err("amount")),
            (&form, &fo, Some("order_id=7&lang=en"), Ok(())),
            (&form, &fo, Some(" user=mallory"), Err("user")),
            (&form, &fo, Some("user=eve"), Ok(())),
        ] {
            assert_eq!(
                check_query(query, m, o).map_err(|e| e.field()),
                want,
                "{query:?}"
            );
        }
    }

    #[test]
    fn a_body_read_the_other_way_is_refused_only_when_it_names_a_mapped_field() {
        let json = json_map();
        let form = map(
            OrderFormat::Form,
            ["amount", "", "quantity", "", "user", "", ""],
            &[OrderField::Amount],
        );
        let check = |body: &str, m: &FieldMap| {
            check_other_reading(body.as_bytes(), m, "x").map_err(|e| e.field())
        };
        // JSON under a form label (jQuery's default): one key, the document.
        for body in [
            r#"{"amount":"5","customer":{"id":"u"}}"#,
            r#"{"amount":"5","customer":{"id":"u"},"sig":"YQ==","note":"a&b"}"#,
        ] {
            assert_eq!(check(body, &json), Ok(()), "{body}");
        }
        // ... unless reading it as a form names a field the route maps (any pointer
        // segment: `amount`, `customer`, `id`).
        for body in [
            r#"{"amount":"5","customer":{"id":"u"},"x":"&amount=5000&"}"#,
            r#"{"amount":"5","customer":{"id":"u"},"x":"&customer[id]=m&"}"#,
            r#"{"amount":"5","customer":{"id":"u"},"x":"&%20ID=m"}"#,
        ] {
            assert_eq!(check(body, &json), Err("content-type"), "{body}");
        }
        // A form under a JSON label: refused only when the body is JSON.
        assert_eq!(check("amount=5&user=u", &form), Ok(()));
        assert_eq!(
            check(r#"{"quantity":100,"x":"&user=alice&amount=5.00&"}"#, &form),
            Err("content-type")
        );
    }

    #[test]
    fn an_encoded_body_is_unsupported() {
        let check = |values: &[&str]| {
            let mut h = http::HeaderMap::new();
            for v in values {
                h.append(http::header::CONTENT_ENCODING, v.parse().unwrap());
            }
            check_content_encoding(&h).map_err(|e| e.field())
        };
        for values in [&[][..], &["identity"], &["Identity"], &["identity", ""]] {
            assert_eq!(check(values), Ok(()), "{values:?}");
        }
        for values in [
            &["gzip"][..],
            &["deflate"],
            &["br"],
            &["identity, gzip"],
            &["identity", "deflate"],
        ] {
            assert_eq!(check(values), Err("content-encoding"), "{values:?}");
        }
    }

    #[test]
    fn last_reads_the_last_copy_as_php_and_rails_do() {
        let mut form = map(
            OrderFormat::Form,
            ["amount", "", "quantity", "", "user", "", ""],
            &[OrderField::Amount],
        );
        form.duplicates = DuplicateFields::Last;
        let o = parse(
            b"user=alice&amount=5&quantity=1&quantity=100&user=mule-1",
            &form,
        )
        .unwrap();
        assert_eq!((o.quantity, o.user.as_deref()), (100, Some("mule-1")));
        let mut json = json_map();
        json.duplicates = DuplicateFields::Last;
        let o = parse(
            br#"{"amount":"5","qty":1,"customer":{"id":"u"},"qty":100}"#,
            &json,
        )
        .unwrap();
        assert_eq!(o.quantity, 100);
    }
}
