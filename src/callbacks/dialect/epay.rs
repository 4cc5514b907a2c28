//! The `epay` dialect: the MD5-signed form protocol of 易支付 (epay / 彩虹易支付) used by
//! small card shops.
//!
//! Owns the signature (lowercase hex MD5 of the sorted, decoded `k=v&…` string with the
//! merchant key appended directly, `sign`/`sign_type`/empty values excluded) and the field
//! mapping. Parameters arrive as a GET query string or a POST form body; both are merged and
//! the body wins. It does not check `pid` against a configured merchant id (the key already
//! binds the merchant), and it does not support epay v2's RSA `sign_type`: such a
//! notification fails the MD5 check.
//!
//! Because every parameter the provider appends is signed, the channel's `notify_url` must
//! not carry query parameters of its own.

use md5::{Digest, Md5};

use super::form::{self, Params};
use super::{check_amount, check_id, digest_eq, Dialect, DialectError, Notification};
use super::{PaymentStatus, Rejection};

/// The merchant key, held as bytes; appended to the canonical string.
pub(crate) struct EpayVerifier {
    key: Box<[u8]>,
}

impl EpayVerifier {
    pub(crate) fn new(secret: &str) -> Result<Self, DialectError> {
        let key = secret.trim();
        if key.is_empty() {
            return Err(DialectError::BadSecret {
                dialect: Dialect::Epay,
                reason: "empty merchant key".into(),
            });
        }
        Ok(EpayVerifier {
            key: key.as_bytes().into(),
        })
    }

    pub(crate) fn verify(
        &self,
        headers: &http::HeaderMap,
        query: Option<&str>,
        body: &[u8],
    ) -> Result<Notification, Rejection> {
        let params = Params::parse(query.map(str::as_bytes), form::form_body(headers, body))?;
        let sent = match params.get("sign") {
            Some(s) if !s.is_empty() => s,
            _ => return Err(Rejection::MissingSignature),
        };
        // Hex of either case: some epay forks send uppercase.
        let sent = form::decode_hex::<16>(sent).ok_or(Rejection::BadSignature)?;
        if !digest_eq::<Md5>(digest(&params, &self.key), &sent) {
            return Err(Rejection::BadSignature);
        }

        let txn_id = params.require("trade_no")?.to_owned();
        check_id("trade_no", &txn_id)?;
        let order_id = params.require("out_trade_no")?.to_owned();
        check_id("out_trade_no", &order_id)?;
        let amount = params.require("money")?.to_owned();
        check_amount("money", &amount)?;
        let status = status(params.require("trade_status")?);
        Ok(Notification {
            txn_id,
            order_id,
            amount,
            currency: None,
            status,
            event_id: None,
            fields: params.into_vec(),
        })
    }
}

/// Maps `trade_status`: `TRADE_SUCCESS` → Paid (the only state epay notifies in practice),
/// `TRADE_CLOSED` → Failed, anything else → Pending (never fulfilled on its own).
pub(crate) fn status(s: &str) -> PaymentStatus {
    match s {
        "TRADE_SUCCESS" => PaymentStatus::Paid,
        "TRADE_CLOSED" => PaymentStatus::Failed,
        _ => PaymentStatus::Pending,
    }
}

fn digest(params: &Params, key: &[u8]) -> md5::digest::Output<Md5> {
    let mut md5 = Md5::new();
    params.feed_canonical(|piece| md5.update(piece));
    md5.update(key);
    md5.finalize()
}

/// Signs like an epay gateway: lowercase hex MD5 over the sorted pairs plus the key.
pub(crate) fn sign(key: &str, params: &[(&str, &str)]) -> String {
    let mut sorted = params.to_vec();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let mut md5 = Md5::new();
    form::feed_canonical(sorted.into_iter(), |piece| md5.update(piece));
    md5.update(key.trim().as_bytes());
    form::hex_lower(&md5.finalize())
}

/// Builds the full form body an epay gateway sends: `params` in order, then `sign` and
/// `sign_type=MD5` (any `sign`/`sign_type` in `params` are dropped).
pub(crate) fn sign_form(key: &str, params: &[(&str, &str)]) -> String {
    let signature = sign(key, params);
    let pairs = params
        .iter()
        .copied()
        .filter(|(k, _)| *k != "sign" && *k != "sign_type")
        .chain([("sign", signature.as_str()), ("sign_type", "MD5")]);
    form::encode_pairs(pairs)
}

#[cfg(test)]
mod tests {
    use super::super::{Verifier, VerifyOptions};
    use super::*;

    const KEY: &str = "Ep9xKJ3mQvR7nT2w";
    /// Computed independently:
    /// `printf '%s' 'money=1.00&name=VIP会员&out_trade_no=20240501120000123&pid=1001&trade_no=2024050112000012345&trade_status=TRADE_SUCCESS&type=alipayEp9xKJ3mQvR7nT2w' | md5sum`
    const VECTOR_SIGN: &str = "d64a1a1c2a26c7ec9c85a0dfeac30f8a";
    const PARAMS: [(&str, &str); 7] = [
        ("pid", "1001"),
        ("trade_no", "2024050112000012345"),
        ("out_trade_no", "20240501120000123"),
        ("type", "alipay"),
        ("name", "VIP会员"),
        ("money", "1.00"),
        ("trade_status", "TRADE_SUCCESS"),
    ];

    fn verifier(key: &str) -> Verifier {
        Verifier::new(Dialect::Epay, key, VerifyOptions::default()).unwrap()
    }

    fn form_headers() -> http::HeaderMap {
        let mut h = http::HeaderMap::new();
        h.insert(
            http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded".parse().unwrap(),
        );
        h
    }

    fn get(q: &str) -> Result<Notification, Rejection> {
        verifier(KEY).verify(&http::HeaderMap::new(), Some(q), b"", 0)
    }

    #[test]
    fn signs_the_independent_md5_vector() {
        assert_eq!(sign(KEY, &PARAMS), VECTOR_SIGN);
    }

    #[test]
    fn accepts_a_get_query_and_extracts_fields() {
        let n = get(&sign_form(KEY, &PARAMS)).unwrap();
        assert_eq!(n.txn_id, "2024050112000012345");
        assert_eq!(n.order_id, "20240501120000123");
        assert_eq!(n.amount, "1.00");
        assert_eq!((n.currency, n.event_id), (None, None));
        assert_eq!(n.status, PaymentStatus::Paid);
        let keys: Vec<&str> = n.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "money",
                "name",
                "out_trade_no",
                "pid",
                "sign",
                "sign_type",
                "trade_no",
                "trade_status",
                "type"
            ]
        );
        assert!(n.fields.contains(&("name".into(), "VIP会员".into())));
    }

    #[test]
    fn accepts_a_post_form_body() {
        let body = sign_form(KEY, &PARAMS);
        let n = verifier(KEY)
            .verify(&form_headers(), None, body.as_bytes(), 0)
            .unwrap();
        assert_eq!(n.txn_id, "2024050112000012345");
    }

    #[test]
    fn merges_query_and_body_with_body_winning() {
        let (head, tail) = PARAMS.split_at(3);
        let body = sign_form(KEY, &PARAMS);
        // Query carries half the params plus a forged amount; the body's signed amount wins.
        let mut query = form::encode_pairs(head.iter().copied());
        query.push_str("&money=999.00");
        let n = verifier(KEY)
            .verify(&form_headers(), Some(&query), body.as_bytes(), 0)
            .unwrap();
        assert_eq!(n.amount, "1.00");
        // Split across both sources, still verifies.
        let sig = sign(KEY, &PARAMS);
        let body = form::encode_pairs(tail.iter().copied().chain([("sign", sig.as_str())]));
        let query = form::encode_pairs(head.iter().copied());
        assert!(verifier(KEY)
            .verify(&form_headers(), Some(&query), body.as_bytes(), 0)
            .is_ok());
    }

    #[test]
    fn decodes_values_before_signing_and_ignores_sign_type() {
        // Hand-written query with `+`, `%XX` and upper-case escapes, signed over decoded values.
        let sig = VECTOR_SIGN;
        let q = format!(
            "pid=1001&trade_no=2024050112000012345&out_trade_no=20240501120000123&type=alipay\
             &name=VIP%E4%BC%9A%E5%91%98&money=1.00&trade_status=TRADE_SUCCESS&sign={sig}"
        );
        for suffix in ["", "&sign_type=MD5", "&sign_type=RSA", "&sign_type="] {
            assert!(get(&format!("{q}{suffix}")).is_ok(), "{suffix}");
        }
        let spaced = [
            ("subject", "a b+c"),
            ("trade_no", "t1"),
            ("out_trade_no", "o1"),
        ];
        let mut all = spaced.to_vec();
        all.extend([("money", "2"), ("trade_status", "TRADE_SUCCESS")]);
        let form = sign_form(KEY, &all);
        assert!(form.contains("subject=a+b%2Bc"), "{form}");
        assert!(get(&form).is_ok());
    }

    #[test]
    fn empty_values_are_excluded_from_the_signature() {
        let sig = sign(KEY, &PARAMS);
        let base = form::encode_pairs(PARAMS.iter().copied());
        assert!(get(&format!("{base}&param=&sign={sig}")).is_ok());
        assert_eq!(
            sign(KEY, &[("a", "1"), ("b", "")]),
            sign(KEY, &[("a", "1")])
        );
    }

    #[test]
    fn accepts_uppercase_hex_signatures() {
        let base = form::encode_pairs(PARAMS.iter().copied());
        let upper = VECTOR_SIGN.to_ascii_uppercase();
        assert!(get(&format!("{base}&sign={upper}")).is_ok());
    }

    #[test]
    fn refuses_tampering_wrong_key_and_bad_signatures() {
        let good = sign_form(KEY, &PARAMS);
        let base = form::encode_pairs(PARAMS.iter().copied());
        let cases: [(&str, String, Rejection); 6] = [
            (
                "tampered amount",
                good.replace("money=1.00", "money=0.01"),
                Rejection::BadSignature,
            ),
            (
                "added param",
                format!("{good}&extra=1"),
                Rejection::BadSignature,
            ),
            ("no sign", base.clone(), Rejection::MissingSignature),
            (
                "empty sign",
                format!("{base}&sign="),
                Rejection::MissingSignature,
            ),
            (
                "short sign",
                format!("{base}&sign=abc"),
                Rejection::BadSignature,
            ),
            (
                "non-hex sign",
                format!("{base}&sign={}", "z".repeat(32)),
                Rejection::BadSignature,
            ),
        ];
        for (name, q, want) in cases {
            assert_eq!(get(&q), Err(want), "{name}");
        }
        let wrong = verifier("another-key").verify(&http::HeaderMap::new(), Some(&good), b"", 0);
        assert_eq!(wrong, Err(Rejection::BadSignature));
    }

    #[test]
    fn signed_but_incomplete_notifications_name_the_missing_field() {
        for (drop, field) in [
            ("trade_no", "trade_no"),
            ("out_trade_no", "out_trade_no"),
            ("money", "money"),
            ("trade_status", "trade_status"),
        ] {
            let params: Vec<_> = PARAMS.iter().copied().filter(|(k, _)| *k != drop).collect();
            assert_eq!(
                get(&sign_form(KEY, &params)),
                Err(Rejection::MissingField(field))
            );
        }
        let mut bad_money = PARAMS.to_vec();
        bad_money[5] = ("money", "1,00");
        assert_eq!(
            get(&sign_form(KEY, &bad_money)).unwrap_err().reason(),
            "malformed"
        );
    }

    #[test]
    fn ignores_non_form_bodies_and_refuses_bad_escapes() {
        let mut json = http::HeaderMap::new();
        json.insert(
            http::header::CONTENT_TYPE,
            "application/json".parse().unwrap(),
        );
        let body = sign_form(KEY, &PARAMS);
        let got = verifier(KEY).verify(&json, None, body.as_bytes(), 0);
        assert_eq!(got, Err(Rejection::MissingSignature));
        assert_eq!(get("pid=%zz&sign=x").unwrap_err().reason(), "malformed");
    }

    #[test]
    fn maps_trade_status() {
        for (s, want) in [
            ("TRADE_SUCCESS", PaymentStatus::Paid),
            ("TRADE_CLOSED", PaymentStatus::Failed),
            ("WAIT_BUYER_PAY", PaymentStatus::Pending),
            ("trade_success", PaymentStatus::Pending),
            ("TRADE_FINISHED", PaymentStatus::Pending),
        ] {
            assert_eq!(status(s), want, "{s}");
        }
    }

    #[test]
    fn refuses_an_empty_key_at_build_time() {
        let err = Verifier::new(Dialect::Epay, " \n", VerifyOptions::default()).unwrap_err();
        assert!(matches!(
            err,
            DialectError::BadSecret {
                dialect: Dialect::Epay,
                ..
            }
        ));
    }
}
