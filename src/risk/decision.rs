//! Combines the model score and the rule hits into one decision with reason codes.
//!
//! A rule can force review or block regardless of the score; the score alone decides
//! between allow, review (`model_review`) and block (`model_high`). Every non-allow
//! decision carries at least one reason.

use super::rules::RuleHit;
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

/// Decides from `score` and `hits`; returns the decision and its reasons (rule reasons
/// first, then the model's).
pub fn decide(score: f32, t: Thresholds, hits: &[RuleHit]) -> (Decision, Vec<&'static str>) {
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
        reasons.push("model_high");
    } else if score >= t.review_at {
        decision = decision.max(Decision::Review);
        reasons.push("model_review");
    }
    (decision, reasons)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn rules_force_decisions_regardless_of_score() {
        let block = RuleHit {
            reason: "geo_blocked",
            action: RuleAction::Block,
        };
        let review = RuleHit {
            reason: "hosting_asn",
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
