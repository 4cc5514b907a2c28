//! The `alipay-rsa2` dialect: Alipay's asynchronous notification (异步通知) signed with
//! RSA2 (SHA256withRSA, PKCS#1 v1.5).
//!
//! Owns public-key parsing (PEM SPKI, PEM PKCS#1, or the bare base64 SPKI Alipay's console
//! shows), the signature over the sorted, decoded `k=v&…` string (`sign`, `sign_type` and
//! empty values excluded), and the field mapping. Parameters come from the POST form body
//! only; the query string is ignored. It does not check `app_id` against config (the key
//! already binds the app; `app_id` is kept in `fields`), does not support the legacy RSA
//! (SHA-1) scheme, and requires the notification charset to be UTF-8.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::signature::{DigestSigner, DigestVerifier, SignatureEncoding};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256};

use super::form::{self, Params};
use super::{
    check_amount, check_id, Dialect, DialectError, Notification, PaymentStatus, Rejection,
    VerifyOptions,
};

/// Smallest modulus accepted; Alipay's RSA2 keys are 2048-bit.
const MIN_KEY_BITS: usize = 2048;

/// The provider's public key, parsed once.
pub(crate) struct AlipayVerifier {
    key: VerifyingKey<Sha256>,
    /// Oldest `notify_time` accepted, seconds.
    max_age: u64,
    /// Most a `notify_time` may lie in the future (clock skew), seconds.
    skew: u64,
}

impl AlipayVerifier {
    pub(crate) fn new(secret: &str, opts: &VerifyOptions) -> Result<Self, DialectError> {
        let key = parse_public_key(secret).map_err(|reason| DialectError::BadSecret {
            dialect: Dialect::AlipayRsa2,
            reason,
        })?;
        Ok(AlipayVerifier {
            key: VerifyingKey::new(key),
            max_age: opts.max_age.as_secs(),
            skew: opts.tolerance.as_secs(),
        })
    }

    pub(crate) fn verify(
        &self,
        headers: &http::HeaderMap,
        body: &[u8],
        now_unix: u64,
    ) -> Result<Notification, Rejection> {
        let params = Params::parse(None, form::form_body(headers, body))?;
        let sent = match params.get("sign") {
            Some(s) if !s.is_empty() => s,
            _ => return Err(Rejection::MissingSignature),
        };
        let signature = decode_signature(sent).ok_or(Rejection::BadSignature)?;
        let mut sha = Sha256::new();
        params.feed_canonical(|piece| sha.update(piece));
        self.key
            .verify_digest(sha, &signature)
            .map_err(|_| Rejection::BadSignature)?;
        // A captured notification stays validly signed forever: its signed time bounds replay.
        let sent_at = parse_notify_time(params.require("notify_time")?)
            .ok_or_else(|| Rejection::Malformed("notify_time is not yyyy-MM-dd HH:mm:ss".into()))?;
        let skew = i128::from(now_unix) - i128::from(sent_at);
        if skew > i128::from(self.max_age) || -skew > i128::from(self.skew) {
            let skew_secs = i64::try_from(skew).unwrap_or(i64::MAX);
            return Err(Rejection::Stale { skew_secs });
        }

        let txn_id = params.require("trade_no")?.to_owned();
        check_id("trade_no", &txn_id)?;
        let order_id = params.require("out_trade_no")?.to_owned();
        check_id("out_trade_no", &order_id)?;
        let amount = params.require("total_amount")?.to_owned();
        check_amount("total_amount", &amount)?;
        let mut status = status(params.require("trade_status")?);
        // A refund is notified with the trade's status plus `gmt_refund` (TRADE_SUCCESS for a
        // partial refund, TRADE_CLOSED for a full one).
        if params.get("gmt_refund").is_some_and(|s| !s.is_empty()) {
            status = PaymentStatus::Refunded;
        }
        let event_id = params
            .get("notify_id")
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        Ok(Notification {
            txn_id,
            order_id,
            amount,
            currency: None,
            status,
            event_id,
            fields: params.into_vec(),
        })
    }
}

/// Maps `trade_status`: `TRADE_SUCCESS`/`TRADE_FINISHED` → Paid, `TRADE_CLOSED` → Failed,
/// `WAIT_BUYER_PAY` and anything unknown → Pending.
pub(crate) fn status(s: &str) -> PaymentStatus {
    match s {
        "TRADE_SUCCESS" | "TRADE_FINISHED" => PaymentStatus::Paid,
        "TRADE_CLOSED" => PaymentStatus::Failed,
        _ => PaymentStatus::Pending,
    }
}

/// Parses `notify_time`, `yyyy-MM-dd HH:mm:ss` in Asia/Shanghai local time (UTC+8 all year:
/// China keeps no daylight saving time), to unix seconds.
pub(crate) fn parse_notify_time(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    if b.len() != 19 || b[10] != b' ' {
        return None;
    }
    let rfc3339 = format!("{}T{}+08:00", &s[..10], &s[11..]);
    crate::lists::time::parse_timestamp(&rfc3339).ok()
}

/// Decodes the base64 signature. A literal `+` sent unescaped arrives decoded as a space;
/// restoring it is safe because the signature is verified anyway.
fn decode_signature(sent: &str) -> Option<Signature> {
    let bytes = if sent.contains(' ') {
        STANDARD.decode(sent.replace(' ', "+"))
    } else {
        STANDARD.decode(sent)
    }
    .ok()?;
    Signature::try_from(bytes.as_slice()).ok()
}

/// Parses the public key from PEM (`PUBLIC KEY` or `RSA PUBLIC KEY`) or bare base64 DER
/// (SPKI, else PKCS#1). Literal `\n` sequences (common in `.env` files) count as newlines.
fn parse_public_key(text: &str) -> Result<RsaPublicKey, String> {
    let text = text.trim();
    let key = if text.starts_with("-----BEGIN") {
        let pem = text.replace("\\n", "\n");
        if pem.starts_with("-----BEGIN RSA PUBLIC KEY-----") {
            RsaPublicKey::from_pkcs1_pem(&pem).map_err(|e| format!("PKCS#1 PEM: {e}"))?
        } else {
            RsaPublicKey::from_public_key_pem(&pem).map_err(|e| format!("PEM: {e}"))?
        }
    } else {
        let b64: String = text.split_ascii_whitespace().collect();
        if b64.is_empty() {
            return Err("empty public key".into());
        }
        let der = STANDARD
            .decode(b64)
            .map_err(|_| "neither PEM nor base64".to_owned())?;
        RsaPublicKey::from_public_key_der(&der)
            .or_else(|_| RsaPublicKey::from_pkcs1_der(&der))
            .map_err(|e| format!("base64 key is not an RSA public key: {e}"))?
    };
    let bits = key.n().bits();
    if bits < MIN_KEY_BITS {
        return Err(format!("{bits}-bit key; at least {MIN_KEY_BITS} required"));
    }
    Ok(key)
}

fn parse_private_key(pem: &str) -> Result<RsaPrivateKey, DialectError> {
    let pem = pem.trim().replace("\\n", "\n");
    let parsed = if pem.starts_with("-----BEGIN RSA PRIVATE KEY-----") {
        RsaPrivateKey::from_pkcs1_pem(&pem).map_err(|e| e.to_string())
    } else {
        RsaPrivateKey::from_pkcs8_pem(&pem).map_err(|e| e.to_string())
    };
    parsed.map_err(|e| DialectError::Signing {
        reason: format!("private key: {e}"),
    })
}

/// Signs like Alipay: RSA2 over the sorted pairs; returns the full form body (`params` in
/// order, then `sign_type=RSA2` and `sign`; any `sign`/`sign_type` in `params` are dropped).
pub(crate) fn sign_form(
    private_key_pem: &str,
    params: &[(&str, &str)],
) -> Result<String, DialectError> {
    let key = SigningKey::<Sha256>::new(parse_private_key(private_key_pem)?);
    let mut sorted = params.to_vec();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let mut sha = Sha256::new();
    form::feed_canonical(sorted.into_iter(), |piece| sha.update(piece));
    let signature: Signature = key
        .try_sign_digest(sha)
        .map_err(|e| DialectError::Signing {
            reason: e.to_string(),
        })?;
    let signature = STANDARD.encode(signature.to_bytes());
    let pairs = params
        .iter()
        .copied()
        .filter(|(k, _)| *k != "sign" && *k != "sign_type")
        .chain([("sign_type", "RSA2"), ("sign", signature.as_str())]);
    Ok(form::encode_pairs(pairs))
}

#[cfg(test)]
mod tests {
    use super::super::{Verifier, VerifyOptions};
    use super::*;

    // Test-only keys; see testdata/README.md. Never use them for a real channel.
    const PRIVATE_PEM: &str = include_str!("testdata/alipay_test_private.pem");
    const PUBLIC_PEM: &str = include_str!("testdata/alipay_test_public.pem");
    const PUBLIC_B64: &str = include_str!("testdata/alipay_test_public.b64");
    const OTHER_B64: &str = include_str!("testdata/other_test_public.b64");

    const PARAMS: [(&str, &str); 10] = [
        ("notify_time", "2024-05-01 12:00:02"),
        ("notify_id", "ac05099524730693a8b330c5ecf72da9786"),
        ("app_id", "2021000000000001"),
        ("trade_no", "2024050122001446880500000001"),
        ("out_trade_no", "ORD-1001"),
        ("buyer_id", "2088102177846880"),
        ("total_amount", "99.90"),
        ("trade_status", "TRADE_SUCCESS"),
        ("subject", "Gift card 100"),
        ("gmt_payment", "2024-05-01 12:00:01"),
    ];
    /// Computed independently with openssl over the canonical string of `PARAMS`:
    /// `printf '%s' 'app_id=…&trade_status=TRADE_SUCCESS' |
    ///  openssl dgst -sha256 -sign testdata/alipay_test_private.pem | base64 -w0`
    const VECTOR_SIGN: &str = "0B5uK1NwzbcXHJCp6cPPTlcJsT2HYTmmTfeyQtVZpsuwpiCno1gwX4VrwHFi4TxwZS5AXdgKS5V0//gp+ysECtYIRlLdzEMicsNgxYt2+D06uaZoxRIFg5eITGQUf8P9pGn+437SN57Qwz3+GTM6q6XQaNGKJPs7BJeTl7pWLaMy5pA6D+m5ypjRNlvxJX2lhucUCEtBHdd/cm2tobJ85viEiaedk5TojDMZEoCMV1t8Hqoz3Z0SyONFPlZ0T5BmXDBlvIAzu8VOpXhCmeD1KIkn390LfNkZ7hfLC+gcNKflubeYID+CUadB1JZ02jCZFE6WQ1b5R4YQfEG+BhY5qw==";

    /// Two seconds after the vector's `notify_time` (2024-05-01 12:00:02 in Shanghai).
    const VECTOR_NOW: u64 = 1_714_536_004;

    fn verifier(key: &str) -> Verifier {
        Verifier::new(Dialect::AlipayRsa2, key, VerifyOptions::default()).unwrap()
    }

    fn post(v: &Verifier, body: &str) -> Result<Notification, Rejection> {
        let mut h = http::HeaderMap::new();
        h.insert(
            http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded; charset=utf-8"
                .parse()
                .unwrap(),
        );
        v.verify(&h, None, body.as_bytes(), VECTOR_NOW)
    }

    fn vector_body(sign: &str) -> String {
        let mut body = form::encode_pairs(PARAMS.iter().copied());
        body.push_str("&sign_type=RSA2&charset=&sign=");
        form::encode_into(sign, &mut body);
        body
    }

    #[test]
    fn verifies_the_openssl_vector_with_pem_and_bare_base64_keys() {
        for key in [PUBLIC_PEM, PUBLIC_B64, &PUBLIC_PEM.replace('\n', "\\n")] {
            let n = post(&verifier(key), &vector_body(VECTOR_SIGN)).unwrap();
            assert_eq!(n.txn_id, "2024050122001446880500000001");
            assert_eq!(n.order_id, "ORD-1001");
            assert_eq!(n.amount, "99.90");
            assert_eq!(n.status, PaymentStatus::Paid);
            assert_eq!(
                n.event_id.as_deref(),
                Some("ac05099524730693a8b330c5ecf72da9786")
            );
            assert_eq!(n.currency, None);
            assert!(n
                .fields
                .contains(&("app_id".into(), "2021000000000001".into())));
        }
    }

    #[test]
    fn signing_side_matches_openssl() {
        // PKCS#1 v1.5 is deterministic, so our signer must reproduce openssl's bytes.
        let body = sign_form(PRIVATE_PEM, &PARAMS).unwrap();
        let mut want = String::new();
        form::encode_into(VECTOR_SIGN, &mut want);
        assert!(
            body.ends_with(&format!("&sign_type=RSA2&sign={want}")),
            "{body}"
        );
        assert!(post(&verifier(PUBLIC_B64), &body).is_ok());
    }

    #[test]
    fn accepts_an_unescaped_plus_in_the_signature() {
        let raw = format!(
            "{}&sign={VECTOR_SIGN}",
            form::encode_pairs(PARAMS.iter().copied())
        );
        assert!(post(&verifier(PUBLIC_B64), &raw).is_ok());
    }

    #[test]
    fn refuses_tampering_wrong_key_and_bad_signatures() {
        let v = verifier(PUBLIC_B64);
        let good = vector_body(VECTOR_SIGN);
        let unsigned = form::encode_pairs(PARAMS.iter().copied());
        let cases: [(&str, String, Rejection); 5] = [
            (
                "tampered amount",
                good.replace("99.90", "0.01"),
                Rejection::BadSignature,
            ),
            (
                "added param",
                format!("{good}&passback_params=x"),
                Rejection::BadSignature,
            ),
            ("no sign", unsigned.clone(), Rejection::MissingSignature),
            (
                "not base64",
                format!("{unsigned}&sign=%21%21"),
                Rejection::BadSignature,
            ),
            (
                "short sign",
                format!("{unsigned}&sign=AAAA"),
                Rejection::BadSignature,
            ),
        ];
        for (name, body, want) in cases {
            assert_eq!(post(&v, &body), Err(want), "{name}");
        }
        assert_eq!(
            post(&verifier(OTHER_B64), &good),
            Err(Rejection::BadSignature)
        );
    }

    #[test]
    fn reads_only_the_body_not_the_query() {
        let v = verifier(PUBLIC_B64);
        let q = vector_body(VECTOR_SIGN);
        let got = v.verify(&http::HeaderMap::new(), Some(&q), b"", VECTOR_NOW);
        assert_eq!(got, Err(Rejection::MissingSignature));
    }

    #[test]
    fn maps_trade_status() {
        for (s, want) in [
            ("TRADE_SUCCESS", PaymentStatus::Paid),
            ("TRADE_FINISHED", PaymentStatus::Paid),
            ("TRADE_CLOSED", PaymentStatus::Failed),
            ("WAIT_BUYER_PAY", PaymentStatus::Pending),
            ("SOMETHING_NEW", PaymentStatus::Pending),
        ] {
            assert_eq!(status(s), want, "{s}");
            let mut params = PARAMS.to_vec();
            params[7] = ("trade_status", s);
            let n = post(
                &verifier(PUBLIC_B64),
                &sign_form(PRIVATE_PEM, &params).unwrap(),
            );
            assert_eq!(n.unwrap().status, want, "{s}");
        }
    }

    #[test]
    fn signed_but_incomplete_notifications_name_the_missing_field() {
        for field in ["trade_no", "out_trade_no", "total_amount", "trade_status"] {
            let params: Vec<_> = PARAMS
                .iter()
                .copied()
                .filter(|(k, _)| *k != field)
                .collect();
            let body = sign_form(PRIVATE_PEM, &params).unwrap();
            assert_eq!(
                post(&verifier(PUBLIC_B64), &body),
                Err(Rejection::MissingField(field))
            );
        }
    }

    #[test]
    fn refuses_unusable_public_keys_at_build_time() {
        let short = &PUBLIC_B64[..100];
        for key in [
            "",
            "not a key!",
            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
            short,
            PRIVATE_PEM,
        ] {
            let err =
                Verifier::new(Dialect::AlipayRsa2, key, VerifyOptions::default()).unwrap_err();
            assert!(
                matches!(
                    err,
                    DialectError::BadSecret {
                        dialect: Dialect::AlipayRsa2,
                        ..
                    }
                ),
                "{key:?}"
            );
        }
    }

    #[test]
    fn refuses_keys_shorter_than_2048_bits() {
        // A throwaway 1024-bit public key (test-only).
        const WEAK: &str = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDBDJkjBU+hBcOxibPmmlg82KLjEsNc72jIPSiumI81d4VZ+97xthuNb70J4Q73cfwo0ky/CfXYk9/8X8VX+Gp6DxZcPmG0VUs09Ta2ok46AMtEvQdw543iu1YOhsZH8kVOVDSmjpGuqqVLkokuXKulQQYHUNm0fBkAh8Vl6WKBbQIDAQAB";
        let err = Verifier::new(Dialect::AlipayRsa2, WEAK, VerifyOptions::default()).unwrap_err();
        assert!(err.to_string().contains("1024-bit"), "{err}");
    }

    #[test]
    fn refuses_unusable_private_keys_when_signing() {
        let err = sign_form("nope", &PARAMS).unwrap_err();
        assert!(matches!(err, DialectError::Signing { .. }));
    }

    fn signed_at(notify_time: &str, extra: &[(&str, &str)]) -> String {
        let mut params: Vec<(&str, &str)> = PARAMS
            .iter()
            .copied()
            .filter(|(k, _)| *k != "notify_time")
            .collect();
        params.push(("notify_time", notify_time));
        params.extend_from_slice(extra);
        sign_form(PRIVATE_PEM, &params).unwrap()
    }

    #[test]
    fn notify_time_is_shanghai_local_time() {
        assert_eq!(
            parse_notify_time("2024-05-01 12:00:02"),
            Some(VECTOR_NOW - 2)
        );
        assert_eq!(parse_notify_time("1970-01-01 08:00:00"), Some(0));
        for bad in [
            "2024-05-01T12:00:02",
            "2024-05-01 12:00",
            "2024-13-01 12:00:02",
            "",
        ] {
            assert_eq!(parse_notify_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn refuses_a_genuine_notification_older_than_max_age_or_from_the_future() {
        let v = verifier(PUBLIC_PEM);
        let day = 86_400;
        // 30 days old, validly signed: a replay.
        let old = signed_at("2024-04-01 12:00:02", &[]);
        assert!(
            matches!(post(&v, &old), Err(Rejection::Stale { skew_secs }) if skew_secs > 29 * day)
        );
        // Just inside the day, and within the clock skew ahead, are fine.
        let fresh = signed_at("2024-04-30 12:00:05", &[]);
        assert!(post(&v, &fresh).is_ok());
        let ahead = signed_at("2024-05-01 12:04:00", &[]);
        assert!(post(&v, &ahead).is_ok());
        let future = signed_at("2024-05-01 13:00:00", &[]);
        assert!(matches!(post(&v, &future), Err(Rejection::Stale { skew_secs }) if skew_secs < 0));
        let untimed = sign_form(
            PRIVATE_PEM,
            &PARAMS
                .iter()
                .copied()
                .filter(|(k, _)| *k != "notify_time")
                .collect::<Vec<_>>(),
        )
        .unwrap();
        assert_eq!(
            post(&v, &untimed),
            Err(Rejection::MissingField("notify_time"))
        );
    }

    #[test]
    fn a_refund_notification_is_refunded() {
        let v = verifier(PUBLIC_PEM);
        let body = signed_at(
            "2024-05-01 12:00:02",
            &[("gmt_refund", "2024-05-01 12:00:01")],
        );
        assert_eq!(post(&v, &body).unwrap().status, PaymentStatus::Refunded);
    }
}
