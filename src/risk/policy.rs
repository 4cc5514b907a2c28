//! The block policy: what evidence a block needs.
//!
//! A single weak signal (a new device, a large amount, the hour, a country/language
//! mismatch…) is common among honest buyers: it may raise a review, never block by itself.
//! A model block therefore stands only when
//! - the order is still scored at or above `block_at` with every weak feature set to its
//!   [baseline](super::baseline) value (a counterfactual re-score: the rest of the
//!   evidence is enough), or
//! - a strong rule (`[risk.policy] strong_rules`, e.g. `hosting_asn`) also hit the order
//!   (independent evidence);
//!
//! otherwise it becomes a review with the reason `block_capped_weak_evidence`.
//!
//! **Device sharing is one piece of evidence.** Many accounts on one device or browser
//! fingerprint (`users_per_device_24h`, `users_per_fingerprint_24h`, the `shared_device`
//! and `shared_fingerprint` rules) is what promo farms and triangulation rings show, and
//! also what a gaming cafe's disk image or a family computer shows; many orders on one
//! address or client key (`orders_ip_10m`, `orders_client_10m`, …) is what a cookie-less
//! card tester shows, and also a PC bang's seats or a carrier NAT. So the counterfactual
//! also sets the sharing features (`[risk.policy] sharing_features`) to their baseline, a
//! sharing rule never upholds a block by itself, and an order that shows sharing keeps its
//! block only when the rest of its evidence alone still scores at least `review_at` (two
//! independent pieces: sharing and something else). Rule blocks
//! (`geo_blocked`, `max_amount`, …) are the security team's explicit decisions and are never
//! capped. The counterfactual costs one more inference (≈ 1–4 µs) and is computed only for
//! would-be model blocks.
//!
//! [`decide`] is pure: the counterfactual score comes in as a closure, so the rule is
//! table-tested without a model. [`Policy`] resolves the configured feature names against
//! the running schema once per engine load.

use super::baseline::{groups, Baseline};
use super::decision::{self, Decision, Thresholds};
pub use super::decision::{Decided, PolicyNote};
use super::reason::Reason;
use super::rules::RuleHit;
use crate::config::{PolicySettings, RuleAction};

/// Weak features by default (those of them the running schema has): what honest buyers
/// show every day and a model may over-weight — a large basket (amount and quantity: an
/// office buying 40 codes for its staff; over `max_quantity` the rule still reviews it), a
/// night-time order, a mobile carrier or traveller that geolocates abroad. A new device is deliberately not on
/// the list: a client that keeps no cookie is "new" on every order, honest or not, and the
/// velocity that exposes a cookie-less card tester only scores high together with it
/// (neutralising it capped such bursts, score 0.91, to 0.005). A new device alone does not
/// block with the shipped model; add `new_device` and `device_age_hours` to
/// `[risk.policy] weak_features` where it does.
pub const DEFAULT_WEAK_FEATURES: [&str; 8] = [
    "amount",
    "log_amount",
    "amount_usd",
    "log_amount_usd",
    "quantity",
    "log_quantity",
    "hour_of_day",
    "country_lang_mismatch",
];

/// Sharing features by default (those of them the running schema has): how many accounts
/// one device or one browser build carried, and how many orders and devices one network
/// address or one client (address + User-Agent) carried in the last minutes. Together
/// they are ONE piece of evidence. The network and client counts are shared by everyone
/// behind one address: the seats of a PC bang or gaming cafe (one disk image, one
/// User-Agent), a school library, an office or a carrier NAT put many honest buyers'
/// orders on one client key, which is also what a card tester without cookies shows; so
/// they may raise a review, and uphold a block only with independent evidence. A
/// device's own velocity (`orders_device_10m`, `small_orders_device_10m`) is one actor's
/// and stays independent evidence.
pub const DEFAULT_SHARING_FEATURES: [&str; 7] = [
    "users_per_device_24h",
    "users_per_fingerprint_24h",
    "networks_per_fingerprint_24h",
    "orders_ip_10m",
    "devices_per_ip_1h",
    "orders_client_10m",
    "small_orders_client_10m",
];

/// Rule and signal reasons that report device sharing: they count as the sharing piece of
/// evidence, never as independent corroboration of a block.
pub const SHARING_REASONS: [Reason; 2] = [Reason::SharedDevice, Reason::SharedFingerprint];

/// Reason code of a model block capped to review.
pub const CAPPED: &str = "block_capped_weak_evidence";

/// Why a policy cannot be used with the running schema.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// A configured weak feature is not in the schema.
    #[error(
        "risk.policy.weak_features[{index}]: `{name}` is not a feature of the schema ({known})"
    )]
    UnknownFeature {
        /// Position in the configured list.
        index: usize,
        /// The name.
        name: String,
        /// The schema's names.
        known: String,
    },
    /// A configured sharing feature is not in the schema.
    #[error(
        "risk.policy.sharing_features[{index}]: `{name}` is not a feature of the schema ({known})"
    )]
    UnknownSharingFeature {
        /// Position in the configured list.
        index: usize,
        /// The name.
        name: String,
        /// The schema's names.
        known: String,
    },
}

/// The policy of one engine generation, resolved against the schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Capping is on.
    pub enabled: bool,
    /// `(index, baseline value)` of each weak feature that has a baseline (with the
    /// features moving with it, e.g. `log_amount` with `amount`), schema order.
    pub neutral: Vec<(usize, f32)>,
    /// Schema names of the weak features (for the README, logs and tests).
    pub weak_names: Vec<String>,
    /// `(index, baseline value)` of each device-sharing feature, schema order: neutralised
    /// in the counterfactual too, and "shows sharing" when above its baseline.
    pub sharing: Vec<(usize, f32)>,
    /// `(index, baseline value)` of each repetition feature
    /// ([`super::gift::REPEAT_FEATURES`] the schema has), for the gift waiver's
    /// counterfactual.
    pub repeat: Vec<(usize, f32)>,
    /// Strong rule reasons.
    pub strong_rules: Vec<String>,
    /// What a model review needs ([`super::evidence`]); off until
    /// [`Policy::with_evidence`].
    pub evidence: super::evidence::Evidence,
}

impl Policy {
    /// Resolves `settings` against the schema `names` and `baseline`. A configured weak
    /// feature missing from the schema is an error; the default list keeps only the names
    /// the schema has (so a schema change never breaks a config that kept the defaults).
    pub fn resolve(
        settings: &PolicySettings,
        names: &[String],
        baseline: &Baseline,
    ) -> Result<Policy, PolicyError> {
        let mut weak = vec![false; names.len()];
        match &settings.weak_features {
            Some(list) => {
                for (index, name) in list.iter().enumerate() {
                    let Some(i) = names.iter().position(|n| n == name) else {
                        return Err(PolicyError::UnknownFeature {
                            index,
                            name: name.clone(),
                            known: names.join(", "),
                        });
                    };
                    weak[i] = true;
                }
            }
            None => {
                for (i, n) in names.iter().enumerate() {
                    weak[i] = DEFAULT_WEAK_FEATURES.contains(&n.as_str());
                }
            }
        }
        let sharing_list: Vec<String> = match &settings.sharing_features {
            Some(list) => list.clone(),
            None => DEFAULT_SHARING_FEATURES
                .iter()
                .filter(|n| names.iter().any(|m| m == *n))
                .map(|n| n.to_string())
                .collect(),
        };
        let mut sharing_idx = Vec::with_capacity(sharing_list.len());
        for (index, name) in sharing_list.iter().enumerate() {
            let Some(i) = names.iter().position(|n| n == name) else {
                return Err(PolicyError::UnknownSharingFeature {
                    index,
                    name: name.clone(),
                    known: names.join(", "),
                });
            };
            sharing_idx.push(i);
        }
        sharing_idx.sort_unstable();
        let sharing = sharing_idx
            .into_iter()
            .filter_map(|i| baseline.get(i).map(|v| (i, v)))
            .collect();
        // A weak feature drags the features that move with it along.
        for g in groups(names) {
            if g.iter().any(|&i| weak[i]) {
                for &i in &g {
                    weak[i] = true;
                }
            }
        }
        let neutral = (0..names.len())
            .filter(|&i| weak[i])
            .filter_map(|i| baseline.get(i).map(|v| (i, v)))
            .collect();
        Ok(Policy {
            enabled: settings.cap_weak_blocks,
            neutral,
            weak_names: (0..names.len())
                .filter(|&i| weak[i])
                .map(|i| names[i].clone())
                .collect(),
            sharing,
            repeat: (0..names.len())
                .filter(|&i| super::gift::REPEAT_FEATURES.contains(&names[i].as_str()))
                .filter_map(|i| baseline.get(i).map(|v| (i, v)))
                .collect(),
            strong_rules: settings.strong_rules.clone(),
            evidence: Default::default(),
        })
    }

    /// This policy with the review rule of `settings` resolved against the schema `names`
    /// and `baseline` (device sharing is one of its pieces).
    pub fn with_evidence(
        mut self,
        settings: &super::evidence::EvidenceSettings,
        names: &[String],
        baseline: &Baseline,
    ) -> Result<Policy, super::evidence::EvidenceError> {
        self.evidence =
            super::evidence::Evidence::resolve(settings, names, baseline, &self.sharing)?;
        Ok(self)
    }

    /// True when a device-sharing feature of `features` is above its baseline.
    pub fn shows_sharing(&self, features: &[f32]) -> bool {
        self.sharing
            .iter()
            .any(|&(i, v)| features.get(i).is_some_and(|x| *x > v))
    }

    /// `features` with every device-sharing feature set to its baseline value: the order
    /// as if one account used its device.
    pub fn unshared(&self, features: &[f32]) -> Vec<f32> {
        let mut row = features.to_vec();
        for &(i, v) in &self.sharing {
            if let Some(x) = row.get_mut(i) {
                *x = v;
            }
        }
        row
    }

    /// `features` with every repetition feature set to its baseline value: the order as
    /// if it were the account's first ([`super::gift`]).
    pub fn unrepeated(&self, features: &[f32]) -> Vec<f32> {
        let mut row = features.to_vec();
        for &(i, v) in &self.repeat {
            if let Some(x) = row.get_mut(i) {
                *x = v;
            }
        }
        row
    }

    /// `features` with every weak and every device-sharing feature set to its baseline
    /// value: the rest of the evidence.
    pub fn neutralise(&self, features: &[f32]) -> Vec<f32> {
        let mut row = features.to_vec();
        for &(i, v) in self.neutral.iter().chain(&self.sharing) {
            if let Some(x) = row.get_mut(i) {
                *x = v;
            }
        }
        row
    }
}

/// Decides from `score` and `hits` ([`decision::decide`]), then applies the policy to a
/// block that only the model asked for. `counterfactual` scores the order with its weak
/// and sharing features neutralised; it is called at most once, only for such blocks.
/// `sharing` says whether the order shows device sharing ([`Policy::shows_sharing`] of
/// its features; a `shared_device` or `shared_fingerprint` hit counts too). `uphold_at` is
/// what the rest of a sharing order's evidence must still score to keep its block: the
/// config's flat `review_at`, also when `t` carries an order's own review threshold
/// (`[risk.expected_loss]`), since the amount never lowers what upholds a block.
pub fn decide(
    score: f32,
    t: Thresholds,
    uphold_at: f32,
    hits: &[RuleHit],
    policy: &Policy,
    sharing: bool,
    counterfactual: impl FnOnce() -> Option<f32>,
) -> Decided {
    let (decision, mut reasons) = decision::decide(score, t, hits);
    let model_block = score >= t.block_at;
    let rule_block = hits.iter().any(|h| h.action == RuleAction::Block);
    // A rule block is the security team's explicit decision: nothing to cap.
    if !model_block || !policy.enabled || rule_block {
        return Decided {
            decision,
            reasons,
            policy: None,
        };
    }
    let live = |h: &&RuleHit| h.action != RuleAction::Ignore;
    // Sharing is one piece of evidence: a sharing rule never corroborates on its own.
    let strong = hits.iter().filter(live).find(|h| {
        !SHARING_REASONS.contains(&h.reason)
            && policy.strong_rules.iter().any(|s| s == h.reason.as_str())
    });
    let sharing = sharing
        || hits
            .iter()
            .filter(live)
            .any(|h| SHARING_REASONS.contains(&h.reason));
    let note = match strong {
        Some(h) => PolicyNote::UpheldByRule(h.reason),
        None => match counterfactual() {
            None => PolicyNote::Unchecked,
            Some(c) if c >= t.block_at => PolicyNote::UpheldByFeatures { counterfactual: c },
            Some(c) if sharing && c >= uphold_at => {
                PolicyNote::UpheldBySharing { counterfactual: c }
            }
            Some(c) => PolicyNote::Capped { counterfactual: c },
        },
    };
    if let PolicyNote::Capped { .. } = note {
        if let Some(r) = reasons.iter_mut().find(|r| **r == Reason::ModelHigh) {
            *r = Reason::BlockCappedWeakEvidence;
        }
        return Decided {
            decision: Decision::Review,
            reasons,
            policy: Some(note),
        };
    }
    Decided {
        decision,
        reasons,
        policy: Some(note),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Thresholds = Thresholds {
        review_at: 0.3,
        block_at: 0.5,
    };

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn settings(weak: Option<&[&str]>) -> PolicySettings {
        PolicySettings {
            cap_weak_blocks: true,
            weak_features: weak.map(|w| w.iter().map(|s| s.to_string()).collect()),
            strong_rules: vec!["hosting_asn".into(), "shared_fingerprint".into()],
            sharing_features: None,
        }
    }

    fn policy() -> Policy {
        let n = names(&["amount_usd", "new_device", "orders_ip_10m"]);
        Policy::resolve(&settings(None), &n, &Baseline::resolve(&n, None)).unwrap()
    }

    #[test]
    fn a_large_basket_is_weak_by_default() {
        // An office buying 40 codes on a new desktop: quantity alone never upholds a
        // block (neutralised with the amount in the counterfactual).
        let n = names(&["amount_usd", "quantity", "new_device", "orders_ip_10m"]);
        let p = Policy::resolve(&settings(None), &n, &Baseline::resolve(&n, None)).unwrap();
        assert_eq!(p.weak_names, ["amount_usd", "quantity"]);
        assert!(p.neutral.iter().any(|(i, _)| *i == 1), "{:?}", p.neutral);
        // A configured list replaces the default (a team may keep quantity strong).
        let own = settings(Some(&["amount_usd"]));
        let p = Policy::resolve(&own, &n, &Baseline::resolve(&n, None)).unwrap();
        assert_eq!(p.weak_names, ["amount_usd"]);
    }

    #[test]
    fn network_and_client_counts_are_sharing_by_default() {
        // A PC bang: many accounts' orders on one address and one User-Agent. Those
        // counts are one piece of evidence with device sharing (neutralised in the
        // counterfactual); a device's own velocity stays independent evidence.
        let n = names(&[
            "amount_usd",
            "orders_device_10m",
            "orders_ip_10m",
            "orders_client_10m",
            "small_orders_client_10m",
            "devices_per_ip_1h",
            "users_per_device_24h",
        ]);
        let p = Policy::resolve(&settings(None), &n, &Baseline::resolve(&n, None)).unwrap();
        let typical = [10.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0];
        assert!(!p.shows_sharing(&typical));
        for i in 2..=5 {
            let mut row = typical;
            row[i] += 5.0;
            assert!(p.shows_sharing(&row), "{} is sharing", n[i]);
            assert_eq!(p.unshared(&row), typical.to_vec(), "{} neutralised", n[i]);
        }
        let mut own = typical;
        own[1] = 6.0;
        assert!(!p.shows_sharing(&own), "one device's velocity is its own");
        assert_eq!(p.unshared(&own), own.to_vec());
    }

    fn hit(reason: &'static str, action: RuleAction) -> RuleHit {
        let reason = Reason::parse(reason).unwrap();
        RuleHit { reason, action }
    }

    #[test]
    fn block_policy_table() {
        let p = policy();
        let hosting = hit("hosting_asn", RuleAction::Review);
        let geo = hit("geo_blocked", RuleAction::Block);
        let geo_review = hit("geo_review", RuleAction::Review);
        use Decision::*;
        // (score, hits, counterfactual, decision, reasons, policy note)
        type Case = (
            f32,
            Vec<RuleHit>,
            Option<f32>,
            Decision,
            Vec<&'static str>,
            Option<&'static str>,
        );
        let cases: Vec<Case> = vec![
            // Below block_at: the policy has nothing to say.
            (0.1, vec![], Some(0.0), Allow, vec![], None),
            (0.4, vec![], Some(0.0), Review, vec!["model_review"], None),
            // Weak evidence only: the block becomes a review.
            (0.9, vec![], Some(0.2), Review, vec![CAPPED], Some(CAPPED)),
            (
                0.9,
                vec![geo_review],
                Some(0.2),
                Review,
                vec!["geo_review", CAPPED],
                Some(CAPPED),
            ),
            // The rest of the evidence is enough: the block stands.
            (
                0.9,
                vec![],
                Some(0.6),
                Block,
                vec!["model_high"],
                Some("block_upheld_strong_features"),
            ),
            (
                0.9,
                vec![],
                Some(0.5),
                Block,
                vec!["model_high"],
                Some("block_upheld_strong_features"),
            ),
            // A strong rule corroborates it (no counterfactual needed).
            (
                0.9,
                vec![hosting],
                None,
                Block,
                vec!["hosting_asn", "model_high"],
                Some("block_upheld_strong_rule"),
            ),
            // A rule block is never capped, even when the model's part is weak.
            (
                0.9,
                vec![geo],
                Some(0.1),
                Block,
                vec!["geo_blocked", "model_high"],
                None,
            ),
            (0.1, vec![geo], Some(0.1), Block, vec!["geo_blocked"], None),
            // The counterfactual failed: the model's decision is kept.
            (
                0.9,
                vec![],
                None,
                Block,
                vec!["model_high"],
                Some("block_unchecked"),
            ),
        ];
        for (score, hits, cf, want, reasons, note) in cases {
            let mut calls = 0;
            let d = decide(score, T, T.review_at, &hits, &p, false, || {
                calls += 1;
                cf
            });
            assert_eq!(d.decision, want, "{score} {hits:?}");
            assert_eq!(d.reasons, reasons, "{score} {hits:?}");
            assert_eq!(d.policy.map(PolicyNote::as_str), note, "{score} {hits:?}");
            assert!(calls <= 1);
            if score < T.block_at || hits.contains(&hosting) || hits.contains(&geo) {
                assert_eq!(calls, 0, "no counterfactual unless the model blocks alone");
            }
        }
    }

    #[test]
    fn disabled_policy_acts_on_the_score_alone() {
        let mut p = policy();
        p.enabled = false;
        let d = decide(0.9, T, T.review_at, &[], &p, false, || Some(0.0));
        assert_eq!((d.decision, d.policy), (Decision::Block, None));
    }

    #[test]
    fn weak_features_resolve_by_name_with_their_companions() {
        let n = names(&[
            "quantity",
            "log_amount_usd",
            "amount_usd",
            "orders_device_10m",
            "mystery",
        ]);
        let b = Baseline::resolve(&n, None);
        // Default list: `mystery` and `orders_device_10m` are not weak (nor sharing); log_amount_usd joins
        // amount_usd; quantity (a large basket) is weak since round 4.
        let p = Policy::resolve(&settings(None), &n, &b).unwrap();
        assert_eq!(p.weak_names, ["quantity", "log_amount_usd", "amount_usd"]);
        let log25 = 25f32.ln_1p();
        assert_eq!(p.neutral, [(0, 1.0), (1, log25), (2, 25.0)]);
        let row = p.neutralise(&[9.0, 6.9, 999.0, 7.0, 1.0]);
        assert_eq!(row, [1.0, log25, 25.0, 7.0, 1.0]);
        // Listing the logarithm alone brings its feature along.
        let p = Policy::resolve(&settings(Some(&["log_amount_usd"])), &n, &b).unwrap();
        assert_eq!(p.weak_names, ["log_amount_usd", "amount_usd"]);
        // A configured list: only the named ones (and their companions).
        let p = Policy::resolve(&settings(Some(&["quantity"])), &n, &b).unwrap();
        assert_eq!(p.weak_names, ["quantity"]);
        // An unknown configured name is refused, naming the entry.
        let e =
            Policy::resolve(&settings(Some(&["amount_usd", "hour_of_day"])), &n, &b).unwrap_err();
        assert_eq!(
            e.to_string(),
            "risk.policy.weak_features[1]: `hour_of_day` is not a feature of the schema \
             (quantity, log_amount_usd, amount_usd, orders_device_10m, mystery)"
        );
    }
}

#[cfg(test)]
#[path = "policy_sharing_tests.rs"]
mod sharing_tests;
