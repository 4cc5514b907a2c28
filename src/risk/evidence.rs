//! A review needs evidence, not one weak signal.
//!
//! Honest buyers show one weak signal every day: a first big purchase, a new phone, a
//! privacy network, a shared school computer. A manual review costs the shop money and
//! the buyer a delay, so a **model review** (the score reached `review_at`, no rule asked
//! for it) stands only when at least `[risk.policy] review_min_evidence` distinct pieces of
//! evidence carry it. The pieces are:
//! - each **weak piece** of `review_weak_features` (a piece is one feature or several
//!   joined by `+`, e.g. `new_device+device_age_hours`; a `log_X` feature joins `X`), and
//!   device sharing (`sharing_features`) as one piece. A piece counts when setting it to
//!   its [baseline](super::baseline) value lowers the score by at least
//!   `review_min_drop` (it is part of why the order scored high);
//! - **the rest** (every other feature): it counts when the order's weak pieces alone, with
//!   the rest at its baseline, score below `review_at` (the rest is needed), and it carries
//!   the review alone when the order with every weak piece neutralised still scores
//!   `review_at` (then the review stands whatever the count).
//!
//! A review with fewer pieces is allowed with the reason `review_waived_weak_evidence`
//! (decision log `policy` field too), so replay and retraining see it. Reviews a rule asked
//! for, and blocks the block policy capped to review, are never waived. Off when
//! `review_min_evidence` is 1 (the default). Costs one inference per weak piece plus two,
//! only for model reviews.

use super::baseline::{groups, Baseline};
use super::decision::{Decided, PolicyNote};
use super::decision::{Decision, Thresholds};
use super::reason::Reason;
use super::rules::RuleHit;
use crate::config::RuleAction;

/// Reason code (and decision-log policy note) of a model review that was allowed.
pub const WAIVED: &str = "review_waived_weak_evidence";

/// Weak pieces by default (those the running schema has): what honest buyers show.
pub const DEFAULT_REVIEW_WEAK_FEATURES: [&str; 4] = [
    "amount_usd",
    "new_device+device_age_hours",
    "country_lang_mismatch",
    "hour_of_day",
];

pub use crate::config::EvidenceSettings;

/// Why the review settings do not fit the running schema.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("risk.policy.review_weak_features[{index}]: `{name}` is not a feature of the schema")]
pub struct EvidenceError {
    /// Position in the configured list.
    pub index: usize,
    /// The unknown feature name.
    pub name: String,
}

/// The review rule of one engine generation, resolved against the schema.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Evidence {
    /// Pieces a model review needs (≤ 1: off).
    pub min_evidence: u32,
    /// `(index, baseline)` of each weak piece's features; the sharing piece last.
    pub pieces: Vec<Vec<(usize, f32)>>,
    /// `(index, baseline)` of every other feature with a baseline (the rest).
    pub rest: Vec<(usize, f32)>,
    /// See [`EvidenceSettings::min_drop`].
    pub min_drop: f32,
}

impl Evidence {
    /// Resolves `s` against the schema `names`, `baseline` and the block policy's sharing
    /// features `sharing` (`(index, baseline)`). A configured name missing from the
    /// schema is an error; the default list keeps the names the schema has.
    pub fn resolve(
        s: &EvidenceSettings,
        names: &[String],
        baseline: &Baseline,
        sharing: &[(usize, f32)],
    ) -> Result<Evidence, EvidenceError> {
        let list: Vec<String> = match &s.weak_pieces {
            Some(l) => l.clone(),
            None => DEFAULT_REVIEW_WEAK_FEATURES
                .iter()
                .map(|p| {
                    p.split('+')
                        .filter(|n| names.iter().any(|m| m == n))
                        .collect::<Vec<_>>()
                        .join("+")
                })
                .filter(|p| !p.is_empty())
                .collect(),
        };
        let groups = groups(names);
        let mut taken = vec![false; names.len()];
        for &(i, _) in sharing {
            taken[i] = true;
        }
        let mut pieces = Vec::with_capacity(list.len() + 1);
        for (index, piece) in list.iter().enumerate() {
            let mut members = Vec::new();
            for name in piece.split('+') {
                let Some(i) = names.iter().position(|n| n == name) else {
                    return Err(EvidenceError {
                        index,
                        name: name.to_string(),
                    });
                };
                // A feature's companions (`log_X` with `X`) move with it.
                let g = groups.iter().find(|g| g.contains(&i)).cloned();
                for j in g.unwrap_or_else(|| vec![i]) {
                    if !taken[j] {
                        taken[j] = true;
                        members.extend(baseline.get(j).map(|v| (j, v)));
                    }
                }
            }
            if !members.is_empty() {
                pieces.push(members);
            }
        }
        if !sharing.is_empty() {
            pieces.push(sharing.to_vec());
        }
        let rest = (0..names.len())
            .filter(|&i| !taken[i])
            .filter_map(|i| baseline.get(i).map(|v| (i, v)))
            .collect();
        Ok(Evidence {
            min_evidence: s.min_evidence,
            pieces,
            rest,
            min_drop: s.min_drop,
        })
    }

    /// True when the check is on.
    pub fn enabled(&self) -> bool {
        self.min_evidence > 1
    }

    /// Counts the pieces of evidence behind `score` (see the module docs); `None` when
    /// the review stands anyway (the rest alone reaches `review_at`) or scoring failed.
    pub fn count(
        &self,
        features: &[f32],
        score: f32,
        review_at: f32,
        score_row: impl Fn(&[f32]) -> Option<f32>,
    ) -> Option<u32> {
        let with = |sets: &mut dyn Iterator<Item = &(usize, f32)>| {
            let mut row = features.to_vec();
            for &(i, v) in sets {
                if let Some(x) = row.get_mut(i) {
                    *x = v;
                }
            }
            row
        };
        let all_weak = with(&mut self.pieces.iter().flatten());
        if score_row(&all_weak)? >= review_at {
            return None;
        }
        let mut n = 0;
        for piece in &self.pieces {
            let row = with(&mut piece.iter());
            if score - score_row(&row)? >= self.min_drop {
                n += 1;
            }
        }
        let weak_only = with(&mut self.rest.iter());
        if score_row(&weak_only)? < review_at {
            n += 1;
        }
        Some(n)
    }
}

/// Applies the review rule to a decision: a model review carried by fewer than
/// `min_evidence` pieces becomes an allow with the reason `review_waived_weak_evidence`.
/// `score_row` scores a feature row with the same model (`None`: failure, nothing
/// changes).
pub fn waive(
    decided: Decided,
    score: f32,
    t: Thresholds,
    hits: &[RuleHit],
    evidence: &Evidence,
    features: &[f32],
    score_row: impl Fn(&[f32]) -> Option<f32>,
) -> Decided {
    let model_review = decided.decision == Decision::Review
        && decided.policy.is_none()
        && score < t.block_at
        && !hits.iter().any(|h| h.action != RuleAction::Ignore);
    if !evidence.enabled() || !model_review {
        return decided;
    }
    match evidence.count(features, score, t.review_at, score_row) {
        Some(n) if n < evidence.min_evidence => Decided {
            decision: Decision::Allow,
            reasons: decided
                .reasons
                .into_iter()
                .map(|r| {
                    if r == Reason::ModelReview {
                        Reason::ReviewWaivedWeakEvidence
                    } else {
                        r
                    }
                })
                .collect(),
            policy: Some(PolicyNote::ReviewWaived { pieces: n }),
        },
        _ => decided,
    }
}

#[cfg(test)]
#[path = "evidence_tests.rs"]
mod tests;
