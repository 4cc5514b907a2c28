//! The signing side of every dialect: produces genuine notifications.
//!
//! Used by the demo's payment-channel stand-ins and by tests, so that what riskgate verifies
//! is exactly what a provider would send. It never runs on the request path and holds no
//! state; keys are parsed per call.

use super::{alipay, epay, webhook, DialectError};

/// Signs a Standard Webhooks delivery and returns the `webhook-signature` header value
/// (`v1,<base64>`). `secret` is `whsec_<base64>` or raw bytes, `ts` unix seconds (send it as
/// `webhook-timestamp`), `id` the `webhook-id`.
pub fn webhook(secret: &str, id: &str, ts: u64, body: &[u8]) -> Result<String, DialectError> {
    webhook::sign(secret, id, ts, body)
}

/// Returns the epay `sign` for `params` (decoded values, any order): lowercase hex MD5 of
/// the sorted `k=v&…` string (`sign`, `sign_type` and empty values skipped) plus `key`.
pub fn epay(key: &str, params: &[(&str, &str)]) -> String {
    epay::sign(key, params)
}

/// Returns a complete epay notification as a form-urlencoded string: `params` in order,
/// then `sign` and `sign_type=MD5`. Usable as a query string or a POST body.
pub fn epay_form(key: &str, params: &[(&str, &str)]) -> String {
    epay::sign_form(key, params)
}

/// Returns a complete Alipay RSA2 notification body: `params` in order, then
/// `sign_type=RSA2` and `sign`. `private_key_pem` is PKCS#8 (`BEGIN PRIVATE KEY`) or
/// PKCS#1 (`BEGIN RSA PRIVATE KEY`); an unusable key is `DialectError::Signing`.
pub fn alipay_form(private_key_pem: &str, params: &[(&str, &str)]) -> Result<String, DialectError> {
    alipay::sign_form(private_key_pem, params)
}
