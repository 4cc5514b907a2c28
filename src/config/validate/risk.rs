//! Validation of `[risk]` (model, thresholds, rules, decision log) and of each order
//! route's `[routes.order]` field map.

use super::{positive, Errs};
use crate::config::currency::CurrencyRates;
use crate::config::raw::*;
use crate::config::types::*;
use std::num::NonZeroUsize;
use std::path::PathBuf;

fn path(v: Option<String>, field: &str, e: &mut Errs) -> Option<PathBuf> {
    match v {
        Some(p) if p.trim().is_empty() => {
            e.add(field, "must not be empty");
            None
        }
        p => p.map(PathBuf::from),
    }
}

fn action(v: Option<String>, field: &str, e: &mut Errs) -> Option<RuleAction> {
    match v.as_deref() {
        None => None,
        Some("none") => Some(RuleAction::Ignore),
        Some("review") => Some(RuleAction::Review),
        Some("block") => Some(RuleAction::Block),
        Some(o) => {
            e.add(
                field,
                format!("`{o}` is not an action (none, review or block)"),
            );
            None
        }
    }
}

fn countries(v: Option<Vec<String>>, field: &str, e: &mut Errs) -> Vec<String> {
    let mut out = Vec::new();
    for (i, c) in v.unwrap_or_default().into_iter().enumerate() {
        let up = c.trim().to_ascii_uppercase();
        if up.len() == 2 && up.bytes().all(|b| b.is_ascii_uppercase()) {
            out.push(up);
        } else {
            e.add(
                format!("{field}[{i}]"),
                format!("`{c}` is not an ISO 3166 country code"),
            );
        }
    }
    out
}

fn score(v: Option<f64>, default: f32, field: &str, e: &mut Errs) -> f32 {
    match v {
        None => default,
        Some(x) if (0.0..=1.0).contains(&x) => x as f32,
        Some(x) => {
            e.add(field, format!("must be between 0 and 1 (got {x})"));
            default
        }
    }
}

pub(super) fn risk(raw: Option<RawRisk>, e: &mut Errs) -> Option<RiskSettings> {
    let raw = raw?;
    let model = path(raw.model, "risk.model", e);
    if model.is_none() {
        e.add("risk.model", "is required (e.g. \"../models/risk.onnx\")");
    }
    let review_at = score(raw.review_at, 0.5, "risk.review_at", e);
    let block_at = score(raw.block_at, 0.9, "risk.block_at", e);
    if review_at > block_at {
        e.add(
            "risk.review_at",
            format!("must not exceed block_at ({review_at} > {block_at})"),
        );
    }
    let sessions = match raw.sessions {
        None => NonZeroUsize::new(2),
        Some(n) if (1..=64).contains(&n) => NonZeroUsize::new(n as usize),
        Some(n) => {
            e.add(
                "risk.sessions",
                format!("must be between 1 and 64 (got {n})"),
            );
            None
        }
    }
    .unwrap_or(NonZeroUsize::MIN);
    let log = raw.decision_log.unwrap_or_default();
    let keep = positive(log.keep, 5, "risk.decision_log.keep", e).min(1000) as u32;
    let rules = raw.rules.unwrap_or_default();
    let count = |v: Option<i64>, field: &str, e: &mut Errs| match v {
        None => None,
        Some(n) if n > 0 && n <= i64::from(u32::MAX) => Some(n as u32),
        Some(n) => {
            e.add(field, format!("must be positive (got {n})"));
            None
        }
    };
    let max_quantity = count(rules.max_quantity, "risk.rules.max_quantity", e);
    let max_quantity_trusted = count(
        rules.max_quantity_trusted,
        "risk.rules.max_quantity_trusted",
        e,
    );
    let trusted_days = count(
        rules.trusted_device_days,
        "risk.rules.trusted_device_days",
        e,
    );
    if max_quantity_trusted.is_some() != trusted_days.is_some() {
        e.add(
            if max_quantity_trusted.is_some() {
                "risk.rules.max_quantity_trusted"
            } else {
                "risk.rules.trusted_device_days"
            },
            "max_quantity_trusted and trusted_device_days go together",
        );
    }
    if let (Some(base), Some(trusted)) = (max_quantity, max_quantity_trusted) {
        if trusted < base {
            e.add(
                "risk.rules.max_quantity_trusted",
                format!("must not be below max_quantity ({trusted} < {base})"),
            );
        }
    }
    let max_quantity_action = match action(
        rules.max_quantity_action,
        "risk.rules.max_quantity_action",
        e,
    ) {
        Some(RuleAction::Ignore) => {
            e.add(
                "risk.rules.max_quantity_action",
                "must be review or block (remove max_quantity to turn the cap off)",
            );
            None
        }
        a => a,
    };
    if max_quantity_action.is_some() && max_quantity.is_none() && max_quantity_trusted.is_none() {
        e.add(
            "risk.rules.max_quantity_action",
            "needs max_quantity (the cap it acts on)",
        );
    }
    let max_quantity_block = count(rules.max_quantity_block, "risk.rules.max_quantity_block", e);
    if let (Some(hard), Some(soft)) = (max_quantity_block, max_quantity_trusted.or(max_quantity)) {
        if hard < soft {
            e.add(
                "risk.rules.max_quantity_block",
                format!(
                    "must not be below {} ({hard} < {soft})",
                    if max_quantity_trusted.is_some() {
                        "max_quantity_trusted"
                    } else {
                        "max_quantity"
                    }
                ),
            );
        }
    }
    let max_users_per_device = count(
        rules.max_users_per_device,
        "risk.rules.max_users_per_device",
        e,
    );
    let small_order_surge = count(rules.small_order_surge, "risk.rules.small_order_surge", e);
    let household = household(
        [
            rules.household_device_days,
            rules.household_max_users,
            rules.household_max_usd,
        ],
        max_users_per_device,
        e,
    );
    let max_amount_minor = match rules.max_amount_minor {
        None => None,
        Some(n) if n > 0 => Some(n),
        Some(n) => {
            e.add(
                "risk.rules.max_amount_minor",
                format!("must be positive (got {n})"),
            );
            None
        }
    };
    Some(RiskSettings {
        model: model?,
        schema: path(raw.schema, "risk.schema", e).unwrap_or_else(|| "models/schema.json".into()),
        onnxruntime: path(raw.onnxruntime, "risk.onnxruntime", e),
        sessions,
        review_at,
        block_at,
        shadow_model: path(raw.shadow_model, "risk.shadow_model", e),
        disposable_domains: path(raw.disposable_domains, "risk.disposable_domains", e),
        explain: raw.explain.unwrap_or(true),
        reasons_on_allow: raw.reasons_on_allow.unwrap_or(false),
        watch: raw.watch.and_then(|w| match super::parse_duration(&w) {
            Ok(d) if d >= std::time::Duration::from_millis(100) => Some(d),
            Ok(_) => {
                e.add("risk.watch", "must be at least 100ms");
                None
            }
            Err(r) => {
                e.add("risk.watch", r);
                None
            }
        }),
        decision_log: DecisionLogSettings {
            path: path(log.path, "risk.decision_log.path", e),
            max_bytes: positive(
                log.max_bytes,
                64 * 1024 * 1024,
                "risk.decision_log.max_bytes",
                e,
            ),
            keep,
            index_entries: positive(
                log.index_entries,
                50_000,
                "risk.decision_log.index_entries",
                e,
            ),
        },
        rules: RuleSettings {
            geo_block: countries(rules.geo_block, "risk.rules.geo_block", e),
            geo_review: countries(rules.geo_review, "risk.rules.geo_review", e),
            max_amount_minor,
            max_quantity,
            max_quantity_trusted,
            max_quantity_action,
            max_quantity_block,
            trusted_device_secs: trusted_days.map(|d| u64::from(d) * 86_400),
            hosting_asn: action(rules.hosting_asn, "risk.rules.hosting_asn", e),
            automation: action(rules.automation, "risk.rules.automation", e),
            disposable_email: action(rules.disposable_email, "risk.rules.disposable_email", e),
            max_users_per_device,
            small_order_surge,
            device_inconsistent: action(
                rules.device_inconsistent,
                "risk.rules.device_inconsistent",
                e,
            ),
            device_replayed: action(rules.device_replayed, "risk.rules.device_replayed", e),
            household,
        },
        review_evidence: review_evidence(raw.policy.as_ref(), e),
        policy: policy(raw.policy.unwrap_or_default(), e),
        currency: currency(raw.currency, e),
        expected_loss: expected_loss(raw.expected_loss, block_at, e),
        signals: crate::config::SignalSettings {
            linkage: super::linkage::linkage(raw.linkage.unwrap_or_default(), e),
            ..super::signals::signals(raw.signals.unwrap_or_default(), e)
        },
    })
}

/// `[risk.expected_loss]`: `review_usd` is required and positive; `0 ≤ min_score ≤
/// max_score ≤ block_at` (a review threshold above `block_at` would have no review band).
fn expected_loss(
    raw: Option<RawExpectedLoss>,
    block_at: f32,
    e: &mut Errs,
) -> Option<ExpectedLoss> {
    let raw = raw?;
    let review_usd = match raw.review_usd {
        Some(x) if x.is_finite() && x > 0.0 => Some(x as f32),
        Some(x) => {
            e.add(
                "risk.expected_loss.review_usd",
                format!("must be a positive amount in US dollars (got {x})"),
            );
            None
        }
        None => {
            e.add(
                "risk.expected_loss.review_usd",
                "is required: what a manual review costs, in US dollars (e.g. 20)",
            );
            None
        }
    };
    let min_score = score(raw.min_score, 0.05, "risk.expected_loss.min_score", e);
    let max_score = score(raw.max_score, block_at, "risk.expected_loss.max_score", e);
    if min_score > max_score {
        e.add(
            "risk.expected_loss.min_score",
            format!("must not exceed max_score ({min_score} > {max_score})"),
        );
    }
    if max_score > block_at {
        e.add(
            "risk.expected_loss.max_score",
            format!("must not exceed block_at ({max_score} > {block_at})"),
        );
    }
    Some(ExpectedLoss {
        review_usd: review_usd?,
        min_score,
        max_score,
    })
}

/// `[risk.rules] household_*`: all three or none, on top of `max_users_per_device` (the
/// review they waive), with room for more accounts than it allows.
fn household(
    [days, users, usd]: [Option<i64>; 3],
    max_users_per_device: Option<u32>,
    e: &mut Errs,
) -> Option<HouseholdSettings> {
    let fields = [
        (days, "risk.rules.household_device_days"),
        (users, "risk.rules.household_max_users"),
        (usd, "risk.rules.household_max_usd"),
    ];
    if fields.iter().all(|(v, _)| v.is_none()) {
        return None;
    }
    let mut ok = true;
    let mut get = |(v, field): (Option<i64>, &str)| match v {
        Some(n) if n > 0 && n <= i64::from(u32::MAX) => Some(n as u32),
        Some(n) => {
            e.add(field, format!("must be positive (got {n})"));
            ok = false;
            None
        }
        None => {
            e.add(
                field,
                "household_device_days, household_max_users and household_max_usd go together",
            );
            ok = false;
            None
        }
    };
    let (days, users, usd) = (get(fields[0]), get(fields[1]), get(fields[2]));
    let (Some(days), Some(users), Some(usd)) = (days, users, usd) else {
        return None;
    };
    match max_users_per_device {
        None => e.add(
            "risk.rules.household_max_users",
            "needs max_users_per_device (the shared_device review it waives)",
        ),
        Some(m) if users <= m => e.add(
            "risk.rules.household_max_users",
            format!("must be above max_users_per_device ({users} <= {m})"),
        ),
        Some(_) if ok => {
            return Some(HouseholdSettings {
                min_device_secs: u64::from(days) * 86_400,
                max_users: users,
                max_usd: usd,
            })
        }
        Some(_) => {}
    }
    None
}

/// `[risk.policy]`. Feature names are only checked for shape here: the schema they must
/// belong to is read when the risk engine loads.
fn policy(raw: RawPolicy, e: &mut Errs) -> PolicySettings {
    let weak_features = raw
        .weak_features
        .map(|names| feature_names(names, "weak_features", e));
    let sharing_features = raw
        .sharing_features
        .map(|names| feature_names(names, "sharing_features", e));
    let mut strong_rules = Vec::new();
    for (i, r) in raw
        .strong_rules
        .unwrap_or_else(|| DEFAULT_STRONG_RULES.iter().map(|s| s.to_string()).collect())
        .into_iter()
        .enumerate()
    {
        if RULE_REASONS.contains(&r.as_str()) || SIGNAL_REASON_NAMES.contains(&r.as_str()) {
            strong_rules.push(r);
        } else {
            e.add(
                format!("risk.policy.strong_rules[{i}]"),
                format!("`{r}` is not a rule reason ({})", RULE_REASONS.join(", ")),
            );
        }
    }
    PolicySettings {
        cap_weak_blocks: raw.cap_weak_blocks.unwrap_or(true),
        weak_features,
        strong_rules,
        sharing_features,
    }
}

/// `[risk.policy] review_min_evidence`, `review_weak_features` (each entry one piece of
/// evidence: feature names joined by `+`) and `review_min_drop`.
fn review_evidence(raw: Option<&RawPolicy>, e: &mut Errs) -> crate::config::EvidenceSettings {
    let mut s = crate::config::EvidenceSettings::default();
    let Some(raw) = raw else { return s };
    match raw.review_min_evidence {
        None => {}
        Some(n @ 1..=8) => s.min_evidence = n as u32,
        Some(n) => e.add(
            "risk.policy.review_min_evidence",
            format!("must be 1 to 8 (got {n}; 1 turns the check off)"),
        ),
    }
    match raw.review_min_drop {
        None => {}
        Some(d) if d.is_finite() && (0.0..1.0).contains(&d) => s.min_drop = d as f32,
        Some(d) => e.add(
            "risk.policy.review_min_drop",
            format!("must be in [0, 1) (got {d})"),
        ),
    }
    if let Some(list) = &raw.review_weak_features {
        let mut out: Vec<String> = Vec::with_capacity(list.len());
        for (i, piece) in list.iter().enumerate() {
            let ok = piece.split('+').all(|n| {
                !n.is_empty()
                    && n.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            });
            let field = format!("risk.policy.review_weak_features[{i}]");
            if !ok {
                e.add(
                    field,
                    format!("`{piece}` is not feature names joined by `+` (snake_case, as in the schema)"),
                );
            } else if out.contains(piece) {
                e.add(field, format!("`{piece}` is listed twice"));
            } else {
                out.push(piece.clone());
            }
        }
        s.weak_pieces = Some(out);
    }
    s
}

/// A `[risk.policy]` list of feature names, checked for shape (snake_case, no repeats).
fn feature_names(names: Vec<String>, key: &str, e: &mut Errs) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for (i, n) in names.into_iter().enumerate() {
        let field = format!("risk.policy.{key}[{i}]");
        if n.is_empty()
            || !n
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            e.add(
                field,
                format!("`{n}` is not a feature name (snake_case, as in the schema)"),
            );
        } else if out.contains(&n) {
            e.add(field, format!("`{n}` is listed twice"));
        } else {
            out.push(n);
        }
    }
    out
}

/// `[risk.currency.rates]`: each key an ISO 4217 code, each rate finite and positive.
fn currency(raw: Option<RawCurrency>, e: &mut Errs) -> CurrencyRates {
    let rates = raw.and_then(|c| c.rates).unwrap_or_default();
    let mut ok = Vec::with_capacity(rates.len());
    for (k, v) in rates {
        let field = format!("risk.currency.rates.{k}");
        match crate::config::currency::code(&k) {
            None => e.add(
                field,
                format!("`{k}` is not an ISO 4217 code (three capitals)"),
            ),
            Some(_) if !(v.is_finite() && v > 0.0) => e.add(
                field,
                format!("must be a positive number of US dollars (got {v})"),
            ),
            Some(c) => ok.push((c, v)),
        }
    }
    CurrencyRates::with_overrides(ok)
}

/// Validates `[routes.order]` of route `i`; `None` when absent or invalid.
pub(super) fn order(raw: Option<RawOrder>, i: usize, e: &mut Errs) -> Option<OrderRouteSettings> {
    let f = |k: &str| format!("routes[{i}].order.{k}");
    let Some(raw) = raw else {
        e.add(
            format!("routes[{i}].order"),
            "is required for kind = \"order\" (the field map)",
        );
        return None;
    };
    let format = match raw.format.as_deref() {
        None | Some("json") => OrderFormat::Json,
        Some("form") => OrderFormat::Form,
        Some(o) => {
            e.add(f("format"), format!("`{o}` is not a format (json or form)"));
            OrderFormat::Json
        }
    };
    let locs = [
        raw.amount,
        raw.currency,
        raw.quantity,
        raw.product,
        raw.user,
        raw.email,
        raw.payment_method,
    ];
    for (field, loc) in OrderField::ALL.iter().zip(&locs) {
        if let Some(l) = loc {
            if format == OrderFormat::Json && !l.starts_with('/') {
                e.add(
                    f(field.as_str()),
                    format!(
                        "`{l}` is not a JSON pointer (they start with `/`, e.g. \"/order/{l}\")"
                    ),
                );
            }
            if l.is_empty() {
                e.add(f(field.as_str()), "must not be empty");
            }
        }
    }
    let mut required = Vec::new();
    for (j, name) in raw.required.unwrap_or_default().iter().enumerate() {
        match OrderField::ALL.iter().find(|x| x.as_str() == name) {
            Some(field) if locs[*field as usize].is_some() => required.push(*field),
            Some(_) => e.add(
                format!("routes[{i}].order.required[{j}]"),
                format!("`{name}` is required but has no location in the field map"),
            ),
            None => e.add(
                format!("routes[{i}].order.required[{j}]"),
                format!("`{name}` is not an order field (amount, currency, quantity, product, user, email, payment_method)"),
            ),
        }
    }
    let default_currency = raw
        .default_currency
        .unwrap_or_else(|| "USD".into())
        .to_ascii_uppercase();
    if default_currency.len() != 3 || !default_currency.bytes().all(|b| b.is_ascii_uppercase()) {
        e.add(
            f("default_currency"),
            format!("`{default_currency}` is not an ISO 4217 code"),
        );
    }
    let review = match raw.review.as_deref() {
        None | Some("forward") => ReviewAction::Forward,
        Some("hold") => ReviewAction::Hold,
        Some(o) => {
            e.add(
                f("review"),
                format!("`{o}` is not a review action (forward or hold)"),
            );
            ReviewAction::Forward
        }
    };
    let duplicates = match raw.duplicate_fields.as_deref() {
        None | Some("reject") => DuplicateFields::Reject,
        Some("last") => DuplicateFields::Last,
        Some(o) => {
            e.add(
                f("duplicate_fields"),
                format!("`{o}` is not a duplicate-field rule (reject or last)"),
            );
            DuplicateFields::Reject
        }
    };
    Some(OrderRouteSettings {
        fields: FieldMap {
            format,
            locations: locs,
            required,
            default_currency,
            duplicates,
        },
        review,
        shadow: raw.shadow.unwrap_or(false),
        channel_group: raw.channel_group,
    })
}

#[cfg(test)]
mod tests {
    use crate::config::parse;

    const ROUTES: &str =
        "[upstreams.a]\nservers=[\"127.0.0.1:1\"]\n[[routes]]\nkind=\"pass\"\nupstream=\"a\"\n";

    #[test]
    fn policy_defaults_and_errors_name_field_and_line() {
        let c = parse(&format!("[risk]\nmodel=\"m.onnx\"\n{ROUTES}"), "t.toml").unwrap();
        let r = c.risk.unwrap();
        assert!(r.policy.cap_weak_blocks && !r.reasons_on_allow);
        assert_eq!(r.policy.weak_features, None);
        assert_eq!(
            r.policy.strong_rules,
            ["hosting_asn", "automation_ua", "geo_review"]
        );
        let src = format!(
            "[risk]\nmodel=\"m.onnx\"\nreasons_on_allow=true\n[risk.policy]\ncap_weak_blocks=false\n\
             weak_features=[\"amount\", \"Amount!\", \"amount\"]\nstrong_rules=[\"max_amount\", \"vibes\"]\n{ROUTES}"
        );
        let err = parse(&src, "t.toml").unwrap_err();
        let got: Vec<String> = err.errors.iter().map(|e| e.render("t.toml")).collect();
        assert_eq!(
            got,
            [
                "t.toml:6: risk.policy.weak_features[1]: `Amount!` is not a feature name (snake_case, as in the schema)",
                "t.toml:6: risk.policy.weak_features[2]: `amount` is listed twice",
                "t.toml:7: risk.policy.strong_rules[1]: `vibes` is not a rule reason (currency_unknown, geo_blocked, geo_review, max_amount, max_quantity, hosting_asn, automation_ua, disposable_email, shared_device, small_order_surge)",
            ]
        );
        let ok = src
            .replace(", \"Amount!\", \"amount\"", "")
            .replace(", \"vibes\"", "");
        let r = parse(&ok, "t.toml").unwrap().risk.unwrap();
        assert!(!r.policy.cap_weak_blocks && r.reasons_on_allow);
        assert_eq!(r.policy.weak_features, Some(vec!["amount".to_string()]));
        assert_eq!(r.policy.strong_rules, ["max_amount"]);
    }

    #[test]
    fn review_evidence_and_device_inconsistent_errors_name_field_and_line() {
        let c = parse(&format!("[risk]\nmodel=\"m.onnx\"\n{ROUTES}"), "t.toml").unwrap();
        let r = c.risk.unwrap();
        assert_eq!(
            r.review_evidence,
            crate::config::EvidenceSettings::default()
        );
        assert_eq!(r.rules.device_inconsistent, None);
        let src = format!(
            "[risk]\nmodel=\"m.onnx\"\n[risk.policy]\nreview_min_evidence=0\nreview_min_drop=1.5\n\
             review_weak_features=[\"amount_usd\", \"new_device+Bad\", \"amount_usd\", \"new_device+\"]\n\
             strong_rules=[\"device_inconsistent\"]\n[risk.rules]\ndevice_inconsistent=\"maybe\"\n{ROUTES}"
        );
        let err = parse(&src, "t.toml").unwrap_err();
        let got: Vec<String> = err.errors.iter().map(|e| e.render("t.toml")).collect();
        assert_eq!(
            got,
            [
                "t.toml:4: risk.policy.review_min_evidence: must be 1 to 8 (got 0; 1 turns the check off)",
                "t.toml:5: risk.policy.review_min_drop: must be in [0, 1) (got 1.5)",
                "t.toml:6: risk.policy.review_weak_features[1]: `new_device+Bad` is not feature names joined by `+` (snake_case, as in the schema)",
                "t.toml:6: risk.policy.review_weak_features[2]: `amount_usd` is listed twice",
                "t.toml:6: risk.policy.review_weak_features[3]: `new_device+` is not feature names joined by `+` (snake_case, as in the schema)",
                "t.toml:9: risk.rules.device_inconsistent: `maybe` is not an action (none, review or block)",
            ]
        );
        let ok = src
            .replace("review_min_evidence=0", "review_min_evidence=2")
            .replace("review_min_drop=1.5", "review_min_drop=0.05")
            .replace(
                ", \"new_device+Bad\", \"amount_usd\", \"new_device+\"",
                ", \"new_device+device_age_hours\"",
            )
            .replace("\"maybe\"", "\"review\"");
        let r = parse(&ok, "t.toml").unwrap().risk.unwrap();
        assert_eq!(
            r.review_evidence,
            crate::config::EvidenceSettings {
                min_evidence: 2,
                weak_pieces: Some(vec![
                    "amount_usd".to_string(),
                    "new_device+device_age_hours".to_string()
                ]),
                min_drop: 0.05,
            }
        );
        assert_eq!(r.policy.strong_rules, ["device_inconsistent"]);
        assert_eq!(
            r.rules.device_inconsistent,
            Some(crate::config::RuleAction::Review)
        );
    }
}

#[cfg(test)]
mod rule_tests {
    use crate::config::{parse, RuleAction};

    const ROUTES: &str =
        "[upstreams.a]\nservers=[\"127.0.0.1:1\"]\n[[routes]]\nkind=\"pass\"\nupstream=\"a\"\n";

    #[test]
    fn trusted_quantity_disposable_shared_device_and_surge_rules() {
        let src = format!(
            "[risk]\nmodel=\"m.onnx\"\n[risk.rules]\nmax_quantity=20\nmax_quantity_trusted=100\n\
             trusted_device_days=7\ndisposable_email=\"review\"\nmax_users_per_device=1\n\
             small_order_surge=5\n{ROUTES}"
        );
        let r = parse(&src, "t.toml").unwrap().risk.unwrap().rules;
        assert_eq!(
            (
                r.max_quantity,
                r.max_quantity_trusted,
                r.trusted_device_secs
            ),
            (Some(20), Some(100), Some(7 * 86_400))
        );
        assert_eq!(r.disposable_email, Some(RuleAction::Review));
        assert_eq!(
            (r.max_users_per_device, r.small_order_surge),
            (Some(1), Some(5))
        );

        let bad = format!(
            "[risk]\nmodel=\"m.onnx\"\n[risk.rules]\nmax_quantity=20\nmax_quantity_trusted=10\n\
             small_order_surge=0\n{ROUTES}"
        );
        let err = parse(&bad, "t.toml").unwrap_err();
        let got: Vec<String> = err.errors.iter().map(|e| e.render("t.toml")).collect();
        assert_eq!(
            got,
            [
                "t.toml:5: risk.rules.max_quantity_trusted: max_quantity_trusted and trusted_device_days go together",
                "t.toml:5: risk.rules.max_quantity_trusted: must not be below max_quantity (10 < 20)",
                "t.toml:6: risk.rules.small_order_surge: must be positive (got 0)",
            ]
        );
    }

    #[test]
    fn expected_loss_needs_a_review_cost_and_an_ordered_band_below_block_at() {
        let cfg = |lines: &str| {
            format!(
                "[risk]\nmodel=\"m.onnx\"\nreview_at=0.14\nblock_at=0.6\n\
                 [risk.expected_loss]\n{lines}\n{ROUTES}"
            )
        };
        let ok = cfg("review_usd=20\nmin_score=0.05\nmax_score=0.25");
        let el = parse(&ok, "t.toml").unwrap().risk.unwrap().expected_loss;
        assert_eq!(
            el,
            Some(crate::config::ExpectedLoss {
                review_usd: 20.0,
                min_score: 0.05,
                max_score: 0.25
            })
        );
        // Defaults: min_score 0.05, max_score block_at.
        let d = parse(&cfg("review_usd=10"), "t.toml")
            .unwrap()
            .risk
            .unwrap();
        assert_eq!(d.expected_loss.unwrap().max_score, 0.6);
        assert_eq!(d.expected_loss.unwrap().min_score, 0.05);
        // Without the table every order keeps review_at.
        let none = format!("[risk]\nmodel=\"m.onnx\"\n{ROUTES}");
        assert_eq!(
            parse(&none, "t.toml").unwrap().risk.unwrap().expected_loss,
            None
        );
        let errors = |src: String| -> Vec<String> {
            let err = parse(&src, "t.toml").unwrap_err();
            err.errors.iter().map(|e| e.render("t.toml")).collect()
        };
        assert_eq!(
            errors(cfg("min_score=0.1")),
            ["t.toml:5: risk.expected_loss.review_usd: is required: what a manual review costs, in US dollars (e.g. 20)"]
        );
        assert_eq!(
            errors(cfg("review_usd=0")),
            ["t.toml:6: risk.expected_loss.review_usd: must be a positive amount in US dollars (got 0)"]
        );
        assert_eq!(
            errors(cfg("review_usd=20\nmin_score=0.3\nmax_score=0.2")),
            ["t.toml:7: risk.expected_loss.min_score: must not exceed max_score (0.3 > 0.2)"]
        );
        assert_eq!(
            errors(cfg("review_usd=20\nmax_score=0.7")),
            ["t.toml:7: risk.expected_loss.max_score: must not exceed block_at (0.7 > 0.6)"]
        );
    }

    #[test]
    fn the_expected_loss_threshold_falls_with_the_amount_within_its_band() {
        let el = crate::config::ExpectedLoss {
            review_usd: 20.0,
            min_score: 0.05,
            max_score: 0.25,
        };
        // 20 USD at risk: 10 USD needs 2.0 (capped to max_score), 100 USD 0.2, 400 USD
        // 0.05, 4,000 USD still min_score.
        assert_eq!(el.review_at(Some(10.0), 0.14), 0.25);
        assert!((el.review_at(Some(100.0), 0.14) - 0.2).abs() < 1e-6);
        assert!((el.review_at(Some(400.0), 0.14) - 0.05).abs() < 1e-6);
        assert_eq!(el.review_at(Some(4000.0), 0.14), 0.05);
        // Unknown amount: the flat review_at; a zero amount: max_score.
        assert_eq!(el.review_at(None, 0.14), 0.14);
        assert_eq!(el.review_at(Some(0.0), 0.14), 0.25);
    }

    #[test]
    fn household_settings_come_together_on_top_of_shared_device() {
        let rules =
            |lines: &str| format!("[risk]\nmodel=\"m.onnx\"\n[risk.rules]\n{lines}\n{ROUTES}");
        let ok = rules(
            "max_users_per_device=1\nhousehold_device_days=7\nhousehold_max_users=3\n\
             household_max_usd=50",
        );
        let r = parse(&ok, "t.toml").unwrap().risk.unwrap().rules;
        assert_eq!(
            r.household,
            Some(crate::config::HouseholdSettings {
                min_device_secs: 7 * 86_400,
                max_users: 3,
                max_usd: 50
            })
        );
        let off = rules("max_users_per_device=1");
        assert_eq!(
            parse(&off, "t.toml").unwrap().risk.unwrap().rules.household,
            None
        );
        let errors = |src: String| -> Vec<String> {
            let err = parse(&src, "t.toml").unwrap_err();
            err.errors.iter().map(|e| e.render("t.toml")).collect()
        };
        assert_eq!(
            errors(rules("max_users_per_device=1\nhousehold_device_days=7\nhousehold_max_users=0")),
            [
                "t.toml:3: risk.rules.household_max_usd: household_device_days, household_max_users and household_max_usd go together",
                "t.toml:6: risk.rules.household_max_users: must be positive (got 0)",
            ]
        );
        assert_eq!(
            errors(rules("household_device_days=7\nhousehold_max_users=3\nhousehold_max_usd=50")),
            ["t.toml:5: risk.rules.household_max_users: needs max_users_per_device (the shared_device review it waives)"]
        );
        assert_eq!(
            errors(rules("max_users_per_device=3\nhousehold_device_days=7\nhousehold_max_users=3\nhousehold_max_usd=50")),
            ["t.toml:6: risk.rules.household_max_users: must be above max_users_per_device (3 <= 3)"]
        );
    }
}
