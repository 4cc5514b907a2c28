//! Cross-dialect tests: names, status mapping, rejection classification, acks, and the
//! shared field checks. Each dialect's signature tests live beside its code.

use super::*;

#[test]
fn dialect_names_round_trip_and_unknown_names_are_refused() {
    for d in Dialect::ALL {
        assert_eq!(d.as_str().parse::<Dialect>(), Ok(d));
        assert_eq!(d.to_string(), d.as_str());
    }
    for bad in ["", "HMAC-SHA256", "alipay", "epay "] {
        let err = bad.parse::<Dialect>().unwrap_err();
        assert_eq!(err, DialectError::UnknownDialect { name: bad.into() });
    }
}

#[test]
fn webhook_status_mapping_table() {
    let cases: [(&str, PaymentStatus); 15] = [
        ("paid", PaymentStatus::Paid),
        ("succeeded", PaymentStatus::Paid),
        ("SUCCESS", PaymentStatus::Paid),
        ("Completed", PaymentStatus::Paid),
        ("failed", PaymentStatus::Failed),
        ("declined", PaymentStatus::Failed),
        ("canceled", PaymentStatus::Failed),
        ("cancelled", PaymentStatus::Failed),
        ("EXPIRED", PaymentStatus::Failed),
        ("pending", PaymentStatus::Pending),
        ("processing", PaymentStatus::Pending),
        ("refunded", PaymentStatus::Refunded),
        ("Partially_Refunded", PaymentStatus::Refunded),
        ("paid ", PaymentStatus::Pending),
        ("", PaymentStatus::Pending),
    ];
    for (s, want) in cases {
        assert_eq!(webhook_status(s), want, "{s:?}");
    }
    let labels = [
        PaymentStatus::Paid,
        PaymentStatus::Failed,
        PaymentStatus::Pending,
    ]
    .map(PaymentStatus::as_str);
    assert_eq!(labels, ["paid", "failed", "pending"]);
}

#[test]
fn rejections_classify_into_labels_and_statuses() {
    let cases: [(Rejection, &str, u16); 5] = [
        (Rejection::BadSignature, "bad_signature", 401),
        (Rejection::MissingSignature, "missing_signature", 401),
        (Rejection::Stale { skew_secs: -400 }, "stale", 401),
        (Rejection::MissingField("trade_no"), "missing_field", 400),
        (Rejection::Malformed("x".into()), "malformed", 400),
    ];
    for (r, reason, status) in cases {
        assert_eq!((r.reason(), r.status()), (reason, status), "{r}");
    }
    assert_eq!(
        Rejection::Stale { skew_secs: -400 }.to_string(),
        "timestamp outside replay window (skew -400s)"
    );
}

#[test]
fn acks_are_exactly_what_providers_expect() {
    let text = "text/plain; charset=utf-8";
    let json = "application/json";
    let cases: [(Dialect, bool, u16, &str, &str); 6] = [
        (Dialect::HmacSha256, true, 200, json, r#"{"ok":true}"#),
        (Dialect::HmacSha256, false, 400, json, r#"{"ok":false}"#),
        (Dialect::Epay, true, 200, text, "success"),
        (Dialect::Epay, false, 200, text, "fail"),
        (Dialect::AlipayRsa2, true, 200, text, "success"),
        (Dialect::AlipayRsa2, false, 200, text, "fail"),
    ];
    for (d, accepted, status, content_type, body) in cases {
        assert_eq!(
            ack(d, accepted),
            Ack {
                status,
                content_type,
                body
            },
            "{d} {accepted}"
        );
    }
}

#[test]
fn amounts_must_be_plain_non_negative_decimals() {
    let ok = ["0", "1", "19.90", "0.01", "1000000"];
    let malformed = [
        "-1",
        "1.",
        ".5",
        "1,00",
        "1e3",
        " 1",
        "1.2.3",
        "０",
        "NaN",
        &"9".repeat(33),
    ];
    for a in ok {
        assert_eq!(check_amount("money", a), Ok(()), "{a}");
    }
    for a in malformed {
        assert_eq!(
            check_amount("money", a).unwrap_err().reason(),
            "malformed",
            "{a}"
        );
    }
    assert_eq!(
        check_amount("money", ""),
        Err(Rejection::MissingField("money"))
    );
}

#[test]
fn ids_must_be_non_empty_and_bounded() {
    assert_eq!(check_id("trade_no", "T1"), Ok(()));
    assert_eq!(check_id("trade_no", &"x".repeat(MAX_ID_LEN)), Ok(()));
    assert_eq!(
        check_id("trade_no", ""),
        Err(Rejection::MissingField("trade_no"))
    );
    let long = "x".repeat(MAX_ID_LEN + 1);
    assert_eq!(
        check_id("trade_no", &long).unwrap_err().reason(),
        "malformed"
    );
}

#[test]
fn digest_comparison_needs_equal_bytes_and_length() {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(b"abc");
    assert!(digest_eq::<Sha256>(d, &d));
    let mut flipped = d.to_vec();
    flipped[31] ^= 1;
    assert!(!digest_eq::<Sha256>(d, &flipped));
    assert!(!digest_eq::<Sha256>(d, &d[..31]));
    assert!(!digest_eq::<Sha256>(d, &[]));
}

#[test]
fn verifier_is_shareable_and_debug_hides_secrets() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Verifier>();
    let v = Verifier::new(Dialect::Epay, "super-secret-key", VerifyOptions::default()).unwrap();
    let shown = format!("{v:?}");
    assert!(
        shown.contains("Epay") && !shown.contains("super-secret"),
        "{shown}"
    );
    assert_eq!(v.dialect(), Dialect::Epay);
}

#[test]
fn verifier_reports_its_dialect() {
    let alipay_key = include_str!("testdata/alipay_test_public.b64");
    for (d, secret) in [
        (Dialect::HmacSha256, "whsec_c2VjcmV0"),
        (Dialect::Epay, "k"),
        (Dialect::AlipayRsa2, alipay_key),
    ] {
        assert_eq!(
            Verifier::new(d, secret, VerifyOptions::default())
                .unwrap()
                .dialect(),
            d
        );
    }
}

#[test]
fn default_options_match_the_documented_defaults() {
    let o = VerifyOptions::default();
    assert_eq!(o.tolerance, std::time::Duration::from_secs(300));
    let f = o.webhook_fields;
    assert_eq!(
        [f.txn_id, f.order_id, f.amount, f.currency, f.status],
        [
            "/data/id",
            "/data/order_id",
            "/data/amount",
            "/data/currency",
            "/data/status"
        ]
        .map(String::from)
    );
}
