//! Combines the model score and the rule hits into one decision with reason codes.
//!
//! A rule can force review or block regardless of the score; the score alone decides
//! between allow, review (`model_review`) and block (`model_high`). Every non-allow
//! decision carries at least one reason.
//!
//! Also the vocabulary the deciding modules share: a rule or signal hit ([`RuleHit`]), a
//! decision with its reasons ([`Decided`]) and the policy's note on it ([`PolicyNote`]).
//! `risk::policy` and its waivers (`evidence`, `household`, `gift`, `gateway`) and the
//! signals all speak it, so none of them imports another to name a result.

use super::reason::Reason;
use crate::config::RuleAction;

/// What happens to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Decision {
    /// Forward it.
    Allow,
    /// A human looks at it (forwarded with `X-Risk-Decision: review`, or held with 202).
    Review,
    /// Refuse it (403).
    Block,
}

impl Decision {
    /// The wire and log name.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allow => "allow",
            Decision::Review => "review",
            Decision::Block => "block",
        }
    }

    /// Parses `allow`, `review`, `block`.
    pub fn parse(s: &str) -> Option<Decision> {
        match s {
            "allow" => Some(Decision::Allow),
            "review" => Some(Decision::Review),
            "block" => Some(Decision::Block),
            _ => None,
        }
    }
}

/// Score thresholds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// At or above: review.
    pub review_at: f32,
    /// At or above: block.
    pub block_at: f32,
}

impl Thresholds {
    /// Checks and builds thresholds: both in [0, 1] and `review_at ≤ block_at` (equal
    /// means no review band). Used where thresholds come from a command line (`riskgate
    /// replay`); the config validates its own.
    pub fn new(review_at: f32, block_at: f32) -> Result<Thresholds, ThresholdError> {
        for (name, value) in [("review_at", review_at), ("block_at", block_at)] {
            if !(0.0..=1.0).contains(&value) {
                return Err(ThresholdError::OutOfRange { name, value });
            }
        }
        if review_at > block_at {
            return Err(ThresholdError::Inverted {
                review_at,
                block_at,
            });
        }
        Ok(Thresholds {
            review_at,
            block_at,
        })
    }
}

/// Why a pair of thresholds is refused.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum ThresholdError {
    /// A threshold is not a probability.
    #[error("{name} = {value} is outside [0, 1] (scores are probabilities)")]
    OutOfRange {
        /// `review_at` or `block_at`.
        name: &'static str,
        /// The value given.
        value: f32,
    },
    /// Review above block: no order could be reviewed.
    #[error("review_at = {review_at} is above block_at = {block_at}; review_at must be at most block_at")]
    Inverted {
        /// The review threshold given.
        review_at: f32,
        /// The block threshold given.
        block_at: f32,
    },
}

/// The step of the order pipeline that decided an order (logged as `stage`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// A block-list entry (`blacklist_*`).
    GuardList,
    /// A rate limit (429).
    RateLimit,
    /// A purchase limit (`daily_limit_*`).
    PurchaseLimit,
    /// A `[risk.rules]` rule forced the decision.
    Rule,
    /// The model score decided (including every allow).
    Model,
    /// The block policy turned a model block into a review.
    Policy,
    /// The model failed; the order was let through (fail open).
    ModelError,
}

impl Stage {
    /// The decision-log name.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::GuardList => "guard_list",
            Stage::RateLimit => "rate_limit",
            Stage::PurchaseLimit => "purchase_limit",
            Stage::Rule => "rule",
            Stage::Model => "model",
            Stage::Policy => "policy",
            Stage::ModelError => "model_error",
        }
    }

    /// Parses a logged name.
    pub fn parse(s: &str) -> Option<Stage> {
        [
            Stage::GuardList,
            Stage::RateLimit,
            Stage::PurchaseLimit,
            Stage::Rule,
            Stage::Model,
            Stage::Policy,
            Stage::ModelError,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }

    /// True for the guards that refuse an order before the rules and the model (their
    /// outcome cannot be recomputed from the logged features).
    pub fn is_guard(self) -> bool {
        matches!(
            self,
            Stage::GuardList | Stage::RateLimit | Stage::PurchaseLimit
        )
    }

    /// The stage of a decision the rules and the model reached: `Policy` when a block was
    /// capped, `Rule` when the strongest rule action equals the decision, else `Model`.
    pub fn of(decision: Decision, hits: &[RuleHit], capped: bool) -> Stage {
        let rule = hits
            .iter()
            .filter_map(|h| match h.action {
                RuleAction::Block => Some(Decision::Block),
                RuleAction::Review => Some(Decision::Review),
                RuleAction::Ignore => None,
            })
            .max();
        if capped {
            Stage::Policy
        } else if decision != Decision::Allow && rule == Some(decision) {
            Stage::Rule
        } else {
            Stage::Model
        }
    }
}

/// Decides from `score` and `hits`; returns the decision and its reasons (rule reasons
/// first, then the model's).
pub fn decide(score: f32, t: Thresholds, hits: &[RuleHit]) -> (Decision, Vec<Reason>) {
    let mut decision = Decision::Allow;
    let mut reasons = Vec::new();
    for h in hits {
        let d = match h.action {
            RuleAction::Block => Decision::Block,
            RuleAction::Review => Decision::Review,
            RuleAction::Ignore => continue,
        };
        decision = decision.max(d);
        reasons.push(h.reason);
    }
    if score >= t.block_at {
        decision = Decision::Block;
        reasons.push(Reason::ModelHigh);
    } else if score >= t.review_at {
        decision = decision.max(Decision::Review);
        reasons.push(Reason::ModelReview);
    }
    (decision, reasons)
}

/// One rule that matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleHit {
    /// Reason code (`geo_blocked`, `max_amount`, …).
    pub reason: Reason,
    /// What the rule forces.
    pub action: RuleAction,
}

/// Why the policy let a block stand or capped it (logged as `policy`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PolicyNote {
    /// The block stands: without its weak features the order still scores this much.
    UpheldByFeatures {
        /// The counterfactual score (≥ block_at).
        counterfactual: f32,
    },
    /// The block stands: this strong rule corroborates it.
    UpheldByRule(Reason),
    /// The block stands on two pieces: the order shows device sharing, and without its
    /// weak and sharing features it still scores this much (at least `review_at`).
    UpheldBySharing {
        /// The counterfactual score (≥ review_at, < block_at).
        counterfactual: f32,
    },
    /// The block stands: the counterfactual could not be scored (the model failed on the
    /// second run), so the model's decision is kept.
    Unchecked,
    /// The block became a review: without its weak features the order scores this much.
    Capped {
        /// The counterfactual score (< block_at).
        counterfactual: f32,
    },
    /// A model review carried by too few pieces of evidence became an allow
    /// ([`super::evidence`]).
    ReviewWaived {
        /// Pieces of evidence counted (< `review_min_evidence`).
        pieces: u32,
    },
    /// A `shared_device` review of a household's device became an allow
    /// ([`super::household`]).
    Household {
        /// The score with the device-sharing features at their baseline (< `review_at`).
        counterfactual: f32,
    },
    /// A model review of a gift sender's order became an allow ([`super::gift`]).
    Gift {
        /// The score with the repetition features at their baseline (< `review_at`).
        counterfactual: f32,
    },
    /// A model review of a company basket through an enterprise gateway became an allow
    /// ([`super::gateway`]).
    GatewayBulk {
        /// The score of one card of the basket (< `review_at`).
        counterfactual: f32,
    },
}

impl PolicyNote {
    /// The decision-log name.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyNote::UpheldByFeatures { .. } => "block_upheld_strong_features",
            PolicyNote::UpheldByRule(_) => "block_upheld_strong_rule",
            PolicyNote::UpheldBySharing { .. } => "block_upheld_sharing_and_features",
            PolicyNote::Unchecked => "block_unchecked",
            PolicyNote::Capped { .. } => Reason::BlockCappedWeakEvidence.as_str(),
            PolicyNote::ReviewWaived { .. } => Reason::ReviewWaivedWeakEvidence.as_str(),
            PolicyNote::Household { .. } => Reason::SharedDeviceHousehold.as_str(),
            PolicyNote::Gift { .. } => Reason::GiftRecipients.as_str(),
            PolicyNote::GatewayBulk { .. } => Reason::GatewayBulk.as_str(),
        }
    }

    /// The counterfactual score, when one was computed.
    pub fn counterfactual(self) -> Option<f32> {
        match self {
            PolicyNote::UpheldByFeatures { counterfactual }
            | PolicyNote::UpheldBySharing { counterfactual }
            | PolicyNote::Capped { counterfactual }
            | PolicyNote::Household { counterfactual }
            | PolicyNote::Gift { counterfactual }
            | PolicyNote::GatewayBulk { counterfactual } => Some(counterfactual),
            _ => None,
        }
    }
}

/// A decision with its reasons and, for model blocks, what the policy said.
#[derive(Debug, Clone, PartialEq)]
pub struct Decided {
    /// The decision.
    pub decision: Decision,
    /// Reason codes: rule reasons first, then the model's (`model_high`, `model_review`,
    /// or `block_capped_weak_evidence`).
    pub reasons: Vec<Reason>,
    /// The policy's verdict on a model block; `None` when the model did not block.
    pub policy: Option<PolicyNote>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`super::decide`] with the reasons as their wire names.
    fn decide(score: f32, t: Thresholds, hits: &[RuleHit]) -> (Decision, Vec<&'static str>) {
        let (d, reasons) = super::decide(score, t, hits);
        (d, reasons.into_iter().map(Reason::as_str).collect())
    }

    const T: Thresholds = Thresholds {
        review_at: 0.5,
        block_at: 0.9,
    };

    #[test]
    fn blocks_when_score_above_threshold() {
        assert_eq!(decide(0.95, T, &[]), (Decision::Block, vec!["model_high"]));
        assert_eq!(decide(0.9, T, &[]), (Decision::Block, vec!["model_high"]));
    }

    #[test]
    fn reviews_between_thresholds_and_allows_below() {
        assert_eq!(
            decide(0.6, T, &[]),
            (Decision::Review, vec!["model_review"])
        );
        assert_eq!(decide(0.1, T, &[]), (Decision::Allow, vec![]));
    }

    #[test]
    fn thresholds_out_of_range_or_inverted_are_refused() {
        assert_eq!(
            Thresholds::new(0.2, 0.4),
            Ok(Thresholds {
                review_at: 0.2,
                block_at: 0.4
            })
        );
        assert!(Thresholds::new(0.4, 0.4).is_ok());
        assert!(Thresholds::new(0.0, 1.0).is_ok());
        let err = |r, b| Thresholds::new(r, b).unwrap_err().to_string();
        assert_eq!(
            err(0.6, 0.4),
            "review_at = 0.6 is above block_at = 0.4; review_at must be at most block_at"
        );
        assert_eq!(
            err(-0.1, 0.4),
            "review_at = -0.1 is outside [0, 1] (scores are probabilities)"
        );
        assert_eq!(
            err(0.1, 1.5),
            "block_at = 1.5 is outside [0, 1] (scores are probabilities)"
        );
        assert!(Thresholds::new(f32::NAN, 0.5).is_err());
    }

    #[test]
    fn stage_names_the_step_that_decided() {
        let review = RuleHit {
            reason: Reason::HostingAsn,
            action: RuleAction::Review,
        };
        let ignore = RuleHit {
            reason: Reason::AutomationUa,
            action: RuleAction::Ignore,
        };
        assert_eq!(Stage::of(Decision::Allow, &[], false), Stage::Model);
        assert_eq!(Stage::of(Decision::Block, &[review], false), Stage::Model);
        assert_eq!(Stage::of(Decision::Review, &[review], false), Stage::Rule);
        assert_eq!(Stage::of(Decision::Review, &[ignore], false), Stage::Model);
        assert_eq!(Stage::of(Decision::Review, &[review], true), Stage::Policy);
        for s in [
            "guard_list",
            "rate_limit",
            "purchase_limit",
            "rule",
            "model",
            "policy",
            "model_error",
        ] {
            assert_eq!(Stage::parse(s).map(Stage::as_str), Some(s));
        }
        assert!(Stage::RateLimit.is_guard() && !Stage::Rule.is_guard());
    }

    #[test]
    fn rules_force_decisions_regardless_of_score() {
        let block = RuleHit {
            reason: Reason::GeoBlocked,
            action: RuleAction::Block,
        };
        let review = RuleHit {
            reason: Reason::HostingAsn,
            action: RuleAction::Review,
        };
        assert_eq!(
            decide(0.01, T, &[block]),
            (Decision::Block, vec!["geo_blocked"])
        );
        assert_eq!(
            decide(0.01, T, &[review]),
            (Decision::Review, vec!["hosting_asn"])
        );
        assert_eq!(
            decide(0.6, T, &[review]),
            (Decision::Review, vec!["hosting_asn", "model_review"])
        );
        assert_eq!(
            decide(0.95, T, &[review]),
            (Decision::Block, vec!["hosting_asn", "model_high"])
        );
    }
}
