//! The `hmac-sha256` dialect: Standard Webhooks (<https://www.standardwebhooks.com>).
//!
//! Owns the three-header check (`webhook-id`, `webhook-timestamp`, `webhook-signature`),
//! the `v1` HMAC-SHA256 over `{id}.{timestamp}.{body}`, the replay window, and reading the
//! payment fields from the JSON body through configured pointers. It does not support the
//! asymmetric `v1a` scheme nor the `svix-*` header aliases; other signature versions in the
//! header are ignored.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

use super::{
    check_amount, check_id, digest_eq, webhook_status, Dialect, DialectError, FieldPointers,
    Notification, Rejection, VerifyOptions,
};

type HmacSha256 = Hmac<Sha256>;

/// A keyed HMAC plus the options, built once per channel.
pub(crate) struct WebhookVerifier {
    /// Already keyed; cloned per request so the key schedule is not recomputed.
    mac: HmacSha256,
    tolerance_secs: u64,
    fields: FieldPointers,
}

impl WebhookVerifier {
    pub(crate) fn new(secret: &str, opts: VerifyOptions) -> Result<Self, DialectError> {
        let f = &opts.webhook_fields;
        for (field, pointer) in [
            ("txn_id", &f.txn_id),
            ("order_id", &f.order_id),
            ("amount", &f.amount),
            ("currency", &f.currency),
            ("status", &f.status),
        ] {
            if !pointer.starts_with('/') {
                return Err(DialectError::BadPointer {
                    field,
                    pointer: pointer.clone(),
                });
            }
        }
        Ok(WebhookVerifier {
            mac: keyed_mac(secret)?,
            tolerance_secs: opts.tolerance.as_secs(),
            fields: opts.webhook_fields,
        })
    }

    pub(crate) fn verify(
        &self,
        headers: &http::HeaderMap,
        body: &[u8],
        now_unix: u64,
    ) -> Result<Notification, Rejection> {
        let id = header(headers, "webhook-id")?;
        let ts_raw = header(headers, "webhook-timestamp")?;
        let mut signatures = headers.get_all("webhook-signature").iter().peekable();
        if signatures.peek().is_none() {
            return Err(Rejection::MissingSignature);
        }
        let ts: u64 = ts_raw
            .parse()
            .map_err(|_| Rejection::Malformed("webhook-timestamp is not unix seconds".into()))?;

        let mut mac = self.mac.clone();
        feed(&mut mac, id, ts_raw, body);
        let expected = mac.finalize().into_bytes();
        let matched = signatures
            .flat_map(|v| v.as_bytes().split(|&b| b == b' '))
            .filter_map(|entry| entry.strip_prefix(b"v1,"))
            .any(|b64| {
                let mut buf = [0u8; 48];
                match STANDARD.decode_slice(b64, &mut buf) {
                    Ok(n) => digest_eq::<Sha256>(expected, &buf[..n]),
                    Err(_) => false,
                }
            });
        if !matched {
            return Err(Rejection::BadSignature);
        }

        let skew = i128::from(now_unix) - i128::from(ts);
        if skew.unsigned_abs() > u128::from(self.tolerance_secs) {
            let skew_secs =
                i64::try_from(skew).unwrap_or(if skew < 0 { i64::MIN } else { i64::MAX });
            return Err(Rejection::Stale { skew_secs });
        }

        let json: Value = serde_json::from_slice(body)
            .map_err(|e| Rejection::Malformed(format!("body is not JSON: {e}")))?;
        self.extract(&json, id)
    }

    fn extract(&self, json: &Value, id: &str) -> Result<Notification, Rejection> {
        let f = &self.fields;
        let txn_id = id_at(json, &f.txn_id, "txn_id")?;
        let order_id = id_at(json, &f.order_id, "order_id")?;
        let amount = match json.pointer(&f.amount) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) if n.is_u64() || n.as_f64().is_some_and(|x| x >= 0.0) => {
                n.to_string()
            }
            None | Some(Value::Null) => return Err(Rejection::MissingField("amount")),
            Some(_) => return Err(Rejection::Malformed("amount is not a decimal".into())),
        };
        check_amount("amount", &amount)?;
        let currency = match json.pointer(&f.currency) {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            None | Some(Value::Null) | Some(Value::String(_)) => None,
            Some(_) => return Err(Rejection::Malformed("currency is not a string".into())),
        };
        let status = match json.pointer(&f.status) {
            Some(Value::String(s)) if !s.is_empty() => webhook_status(s),
            Some(Value::String(_)) | None | Some(Value::Null) => {
                return Err(Rejection::MissingField("status"))
            }
            Some(_) => return Err(Rejection::Malformed("status is not a string".into())),
        };
        Ok(Notification {
            txn_id,
            order_id,
            amount,
            currency,
            status,
            event_id: Some(id.to_owned()),
            fields: Vec::new(),
        })
    }
}

/// Builds the keyed HMAC from `whsec_<base64>` or, without the prefix, the raw bytes.
fn keyed_mac(secret: &str) -> Result<HmacSha256, DialectError> {
    let bad = |reason: &str| DialectError::BadSecret {
        dialect: Dialect::HmacSha256,
        reason: reason.to_owned(),
    };
    let secret = secret.trim();
    let key = match secret.strip_prefix("whsec_") {
        Some(b64) => STANDARD
            .decode(b64)
            .map_err(|_| bad("text after whsec_ is not valid base64"))?,
        None => secret.as_bytes().to_vec(),
    };
    if key.is_empty() {
        return Err(bad("empty"));
    }
    HmacSha256::new_from_slice(&key).map_err(|_| bad("unusable as an HMAC key"))
}

/// Feeds the signed content `{id}.{timestamp}.{body}` without building it.
fn feed(mac: &mut HmacSha256, id: &str, ts: &str, body: &[u8]) {
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(ts.as_bytes());
    mac.update(b".");
    mac.update(body);
}

fn header<'a>(headers: &'a http::HeaderMap, name: &'static str) -> Result<&'a str, Rejection> {
    let value = headers.get(name).ok_or(Rejection::MissingField(name))?;
    let value = value
        .to_str()
        .map_err(|_| Rejection::Malformed(format!("{name} is not visible ASCII")))?;
    if value.is_empty() {
        return Err(Rejection::MissingField(name));
    }
    Ok(value)
}

/// Reads an id (string or integer) at `pointer` and checks it.
fn id_at(json: &Value, pointer: &str, name: &'static str) -> Result<String, Rejection> {
    let id = match json.pointer(pointer) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) if n.is_u64() || n.is_i64() => n.to_string(),
        None | Some(Value::Null) => return Err(Rejection::MissingField(name)),
        Some(_) => {
            return Err(Rejection::Malformed(format!(
                "{name} is not a string or integer"
            )))
        }
    };
    check_id(name, &id)?;
    Ok(id)
}

/// Signs like a Standard Webhooks sender; returns the `webhook-signature` header value.
pub(crate) fn sign(secret: &str, id: &str, ts: u64, body: &[u8]) -> Result<String, DialectError> {
    let mut mac = keyed_mac(secret)?;
    feed(&mut mac, id, &ts.to_string(), body);
    Ok(format!(
        "v1,{}",
        STANDARD.encode(mac.finalize().into_bytes())
    ))
}

#[cfg(test)]
mod tests {
    use super::super::{PaymentStatus, Verifier};
    use super::*;
    use std::time::Duration;

    // The Standard Webhooks reference vector (also Svix's documentation example).
    const SPEC_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const SPEC_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const SPEC_TS: u64 = 1614265330;
    const SPEC_BODY: &str = r#"{"test": 2432232314}"#;
    const SPEC_SIG: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    const SECRET: &str = "whsec_c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seQ==";
    const NOW: u64 = 1_714_564_800;
    const BODY: &str = r#"{"type":"payment.updated","data":{"id":"txn_42","order_id":"ORD-7","amount":"19.90","currency":"USD","status":"succeeded"}}"#;

    fn verifier(secret: &str) -> Verifier {
        Verifier::new(Dialect::HmacSha256, secret, VerifyOptions::default()).unwrap()
    }

    fn headers(id: &str, ts: &str, sigs: &[&str]) -> http::HeaderMap {
        let mut h = http::HeaderMap::new();
        h.insert("webhook-id", id.parse().unwrap());
        h.insert("webhook-timestamp", ts.parse().unwrap());
        for s in sigs {
            h.append("webhook-signature", s.parse().unwrap());
        }
        h
    }

    fn signed(body: &str, ts: u64) -> http::HeaderMap {
        let sig = sign(SECRET, "msg_1", ts, body.as_bytes()).unwrap();
        headers("msg_1", &ts.to_string(), &[&sig])
    }

    #[test]
    fn signs_the_standard_webhooks_reference_vector() {
        let got = sign(SPEC_SECRET, SPEC_ID, SPEC_TS, SPEC_BODY.as_bytes()).unwrap();
        assert_eq!(got, SPEC_SIG);
    }

    #[test]
    fn verifies_the_reference_vector_signature() {
        // The vector's body has no payment fields: reaching field extraction proves the
        // signature and the window passed.
        let h = headers(SPEC_ID, &SPEC_TS.to_string(), &[SPEC_SIG]);
        let got = verifier(SPEC_SECRET).verify(&h, None, SPEC_BODY.as_bytes(), SPEC_TS + 10);
        assert_eq!(got, Err(Rejection::MissingField("txn_id")));
    }

    #[test]
    fn accepts_a_genuine_notification_and_extracts_fields() {
        let n = verifier(SECRET)
            .verify(&signed(BODY, NOW), None, BODY.as_bytes(), NOW)
            .unwrap();
        assert_eq!(n.txn_id, "txn_42");
        assert_eq!(n.order_id, "ORD-7");
        assert_eq!(n.amount, "19.90");
        assert_eq!(n.currency.as_deref(), Some("USD"));
        assert_eq!(n.status, PaymentStatus::Paid);
        assert_eq!(n.event_id.as_deref(), Some("msg_1"));
        assert!(n.fields.is_empty());
    }

    #[test]
    fn refuses_tampering_wrong_keys_and_missing_headers() {
        let v = verifier(SECRET);
        let good = signed(BODY, NOW);
        let tampered = BODY.replace("19.90", "0.01");
        let other = Verifier::new(
            Dialect::HmacSha256,
            "whsec_b3RoZXIta2V5",
            VerifyOptions::default(),
        )
        .unwrap();
        let mut no_sig = good.clone();
        no_sig.remove("webhook-signature");
        let mut no_id = good.clone();
        no_id.remove("webhook-id");
        let mut no_ts = good.clone();
        no_ts.remove("webhook-timestamp");
        let cases: [(&str, &Verifier, http::HeaderMap, &[u8], Rejection); 7] = [
            (
                "tampered body",
                &v,
                good.clone(),
                tampered.as_bytes(),
                Rejection::BadSignature,
            ),
            (
                "wrong key",
                &other,
                good.clone(),
                BODY.as_bytes(),
                Rejection::BadSignature,
            ),
            (
                "no signature",
                &v,
                no_sig,
                BODY.as_bytes(),
                Rejection::MissingSignature,
            ),
            (
                "no id",
                &v,
                no_id,
                BODY.as_bytes(),
                Rejection::MissingField("webhook-id"),
            ),
            (
                "no timestamp",
                &v,
                no_ts,
                BODY.as_bytes(),
                Rejection::MissingField("webhook-timestamp"),
            ),
            (
                "id changed",
                &v,
                headers(
                    "msg_2",
                    &NOW.to_string(),
                    &[good["webhook-signature"].to_str().unwrap()],
                ),
                BODY.as_bytes(),
                Rejection::BadSignature,
            ),
            (
                "garbage signature",
                &v,
                headers("msg_1", &NOW.to_string(), &["v1,@@@ v1, v2,abc nonsense"]),
                BODY.as_bytes(),
                Rejection::BadSignature,
            ),
        ];
        for (name, v, h, body, want) in cases {
            assert_eq!(v.verify(&h, None, body, NOW), Err(want), "{name}");
        }
    }

    #[test]
    fn any_one_of_several_signatures_passes() {
        let good = sign(SECRET, "msg_1", NOW, BODY.as_bytes()).unwrap();
        let stale_key = sign("whsec_b3RoZXIta2V5", "msg_1", NOW, BODY.as_bytes()).unwrap();
        let v = verifier(SECRET);
        let ts = NOW.to_string();
        for h in [
            headers("msg_1", &ts, &[&format!("{stale_key} {good}")]),
            headers("msg_1", &ts, &[&format!("v1a,xyz {good} v2,abc")]),
            headers("msg_1", &ts, &[&stale_key, &good]),
        ] {
            assert!(v.verify(&h, None, BODY.as_bytes(), NOW).is_ok(), "{h:?}");
        }
    }

    #[test]
    fn enforces_the_replay_window_both_ways() {
        let v = verifier(SECRET);
        let cases: [(u64, Result<(), i64>); 5] = [
            (NOW, Ok(())),
            (NOW - 300, Ok(())),
            (NOW + 300, Ok(())),
            (NOW - 301, Err(301)),
            (NOW + 301, Err(-301)),
        ];
        for (ts, want) in cases {
            let got = v.verify(&signed(BODY, ts), None, BODY.as_bytes(), NOW);
            match want {
                Ok(()) => assert!(got.is_ok(), "ts {ts}: {got:?}"),
                Err(skew_secs) => assert_eq!(got, Err(Rejection::Stale { skew_secs }), "ts {ts}"),
            }
        }
        let tight = Verifier::new(
            Dialect::HmacSha256,
            SECRET,
            VerifyOptions {
                tolerance: Duration::from_secs(5),
                ..Default::default()
            },
        )
        .unwrap();
        let got = tight.verify(&signed(BODY, NOW - 6), None, BODY.as_bytes(), NOW);
        assert_eq!(got, Err(Rejection::Stale { skew_secs: 6 }));
    }

    #[test]
    fn refuses_malformed_timestamps_and_bodies() {
        let v = verifier(SECRET);
        let h = headers("msg_1", "yesterday", &["v1,abc"]);
        assert_eq!(
            v.verify(&h, None, b"{}", NOW).unwrap_err().reason(),
            "malformed"
        );
        let not_json = "not json";
        let got = v.verify(&signed(not_json, NOW), None, not_json.as_bytes(), NOW);
        assert_eq!(got.unwrap_err().reason(), "malformed");
    }

    #[test]
    fn extracts_numbers_and_refuses_bad_field_types() {
        let v = verifier(SECRET);
        let ok = r#"{"data":{"id":981,"order_id":"A1","amount":1990,"status":"PAID"}}"#;
        let n = v
            .verify(&signed(ok, NOW), None, ok.as_bytes(), NOW)
            .unwrap();
        assert_eq!((n.txn_id.as_str(), n.amount.as_str()), ("981", "1990"));
        assert_eq!((n.currency, n.status), (None, PaymentStatus::Paid));
        let cases: [(&str, &str); 6] = [
            (
                r#"{"data":{"order_id":"A","amount":"1","status":"paid"}}"#,
                "missing_field",
            ),
            (
                r#"{"data":{"id":"t","order_id":"A","status":"paid"}}"#,
                "missing_field",
            ),
            (
                r#"{"data":{"id":"t","order_id":"A","amount":"1"}}"#,
                "missing_field",
            ),
            (
                r#"{"data":{"id":"t","order_id":"A","amount":-5,"status":"paid"}}"#,
                "malformed",
            ),
            (
                r#"{"data":{"id":"t","order_id":"A","amount":"1e3","status":"paid"}}"#,
                "malformed",
            ),
            (
                r#"{"data":{"id":[1],"order_id":"A","amount":"1","status":"paid"}}"#,
                "malformed",
            ),
        ];
        for (body, reason) in cases {
            let got = v.verify(&signed(body, NOW), None, body.as_bytes(), NOW);
            assert_eq!(got.unwrap_err().reason(), reason, "{body}");
        }
    }

    #[test]
    fn custom_pointers_locate_fields() {
        let opts = VerifyOptions {
            webhook_fields: FieldPointers {
                txn_id: "/payment/ref".into(),
                order_id: "/metadata/order".into(),
                amount: "/payment/total".into(),
                currency: "/payment/ccy".into(),
                status: "/state".into(),
            },
            ..Default::default()
        };
        let v = Verifier::new(Dialect::HmacSha256, SECRET, opts).unwrap();
        let body = r#"{"payment":{"ref":"p9","total":"5.00","ccy":"EUR"},"metadata":{"order":"o3"},"state":"declined"}"#;
        let n = v
            .verify(&signed(body, NOW), None, body.as_bytes(), NOW)
            .unwrap();
        assert_eq!((n.txn_id.as_str(), n.order_id.as_str()), ("p9", "o3"));
        assert_eq!(
            (n.currency.as_deref(), n.status),
            (Some("EUR"), PaymentStatus::Failed)
        );
    }

    #[test]
    fn refuses_bad_secrets_and_pointers_at_build_time() {
        let opts = VerifyOptions::default();
        for secret in ["whsec_!!notbase64", "", "   ", "whsec_"] {
            let err = Verifier::new(Dialect::HmacSha256, secret, opts.clone()).unwrap_err();
            assert!(matches!(err, DialectError::BadSecret { .. }), "{secret:?}");
            assert!(
                !err.to_string().contains("notbase64"),
                "secret leaked: {err}"
            );
        }
        let bad = VerifyOptions {
            webhook_fields: FieldPointers {
                status: "data.status".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        let err = Verifier::new(Dialect::HmacSha256, SECRET, bad).unwrap_err();
        assert_eq!(
            err,
            DialectError::BadPointer {
                field: "status",
                pointer: "data.status".into()
            }
        );
    }

    #[test]
    fn raw_secret_without_prefix_is_used_as_bytes() {
        let raw = "plain-shared-secret";
        let sig = sign(raw, "msg_1", NOW, BODY.as_bytes()).unwrap();
        let h = headers("msg_1", &NOW.to_string(), &[&sig]);
        assert!(verifier(raw).verify(&h, None, BODY.as_bytes(), NOW).is_ok());
        assert_ne!(
            sig,
            sign("whsec_cGxhaW4=", "msg_1", NOW, BODY.as_bytes()).unwrap()
        );
    }
}
