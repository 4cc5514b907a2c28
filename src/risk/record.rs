//! Every order outcome as one decision-log record, and what the proxy does with it.
//!
//! The proxy hands over what it saw ([`Seen`]) and an [`Assessment`]: the model's
//! (from [`RiskEngine::assess`]), a guard refusal's ([`RiskEngine::refused`]: lists, rate
//! limits and purchase limits stop an order before the rules, yet their orders are what
//! replay and retraining most need to see) or a model failure's
//! ([`RiskEngine::failed_open`]). [`RiskEngine::record`] turns it into the logged line with
//! the stage that decided; [`action`] says whether to forward, hold (202) or refuse (403).
//! No pingora here.

use super::decision::{Decision, Stage};
use super::features::{self, FeatureInput, NAMES};
use super::log::DecisionRecord;
use super::order::Order;
use super::reason::Reason;
use super::{Assessment, RiskEngine};
use crate::config::ReviewAction;
use crate::geo::GeoFacts;
use std::borrow::Cow;
use std::net::IpAddr;

/// What the proxy knows about an order besides its features.
#[derive(Debug, Clone, Copy)]
pub struct Seen<'a> {
    /// Unix seconds of the decision.
    pub now_s: u64,
    /// Unix milliseconds of the decision.
    pub ts_ms: u64,
    /// Request id.
    pub request_id: &'a str,
    /// Route name.
    pub route: &'a str,
    /// Client IP.
    pub client_ip: IpAddr,
    /// Geo facts of the client IP.
    pub geo: GeoFacts,
    /// Device id (32 hex).
    pub device_id: Option<&'a str>,
    /// Shop user key.
    pub user: Option<&'a str>,
    /// The parsed order.
    pub order: &'a Order,
    /// The route is in shadow mode.
    pub shadow_mode: bool,
    /// The order's small-order surge count (`VelocitySnapshot::small_surge`), logged so
    /// replay recomputes the `small_order_surge` rule.
    pub small_surge: u32,
    /// The order's account and fingerprint signal facts (`[risk.signals]`).
    pub signals: Option<super::signals::SignalFacts>,
}

/// What the proxy does with a decided order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Forward it upstream with the `X-Risk-*` headers.
    Forward,
    /// Answer here with this status (403 block, 202 held for review) and the decision.
    Respond(u16),
}

/// The action for `decision` on a route with `review` handling; shadow mode always
/// forwards (the decision is only logged).
pub fn action(decision: Decision, review: ReviewAction, shadow: bool) -> Action {
    match (shadow, decision, review) {
        (true, _, _) => Action::Forward,
        (false, Decision::Block, _) => Action::Respond(403),
        (false, Decision::Review, ReviewAction::Hold) => Action::Respond(202),
        _ => Action::Forward,
    }
}

impl RiskEngine {
    /// The assessment of an order a guard refused (`stage` is a guard stage, `reason` its
    /// reason code): the features are built and scored as usual, so the line shows what
    /// the model thought, but the decision is the guard's block.
    pub fn refused(&self, input: &FeatureInput<'_>, stage: Stage, reason: Reason) -> Assessment {
        let features = features::extract(input);
        let started = std::time::Instant::now();
        let score = self.model.score(&features).unwrap_or(0.0);
        Assessment {
            features,
            score,
            shadow_score: self.shadow.as_ref().and_then(|m| m.score(&features).ok()),
            decision: Decision::Block,
            reasons: vec![reason],
            top_features: Vec::new(),
            inference_seconds: started.elapsed().as_secs_f64(),
            policy: None,
            stage,
            order_review_at: self.order_review_at(&features),
        }
    }

    /// The assessment of an order the model failed on: let through with `model_error`
    /// (fail open), score 0.
    pub fn failed_open(&self, input: &FeatureInput<'_>) -> Assessment {
        let features = features::extract(input);
        Assessment {
            order_review_at: self.order_review_at(&features),
            features,
            score: 0.0,
            shadow_score: None,
            decision: Decision::Allow,
            reasons: vec![Reason::ModelError],
            top_features: Vec::new(),
            inference_seconds: 0.0,
            policy: None,
            stage: Stage::ModelError,
        }
    }

    /// The decision-log line of one order outcome; `channel` is the payment channel
    /// recommended to the shop, if any.
    pub fn record(
        &self,
        seen: &Seen<'_>,
        a: &Assessment,
        channel: Option<String>,
    ) -> DecisionRecord {
        DecisionRecord {
            time: crate::lists::time::format_rfc3339(seen.now_s),
            ts_ms: seen.ts_ms,
            request_id: seen.request_id.to_string(),
            route: seen.route.to_string(),
            client_ip: seen.client_ip.to_string(),
            country: seen.geo.country.map(|c| c.as_str().to_string()),
            asn: seen.geo.asn,
            device_id: seen.device_id.map(str::to_string),
            user: seen.user.map(str::to_string),
            feature_names: NAMES.iter().map(|n| Cow::Borrowed(*n)).collect(),
            features: a.features.to_vec(),
            schema_hash: self.schema.hash().to_string(),
            model_version: self.model.version().to_string(),
            score: a.score,
            shadow_model_version: self.shadow.as_ref().map(|s| s.version().to_string()),
            shadow_score: a.shadow_score,
            review_at: self.settings.review_at,
            order_review_at: a.order_review_at,
            block_at: self.settings.block_at,
            decision: a.decision.as_str().to_string(),
            reasons: a.reasons.iter().map(|r| r.to_string()).collect(),
            top_features: a.top_features.iter().map(|r| r.to_string()).collect(),
            shadow_mode: seen.shadow_mode,
            channel,
            stage: a.stage.as_str().to_string(),
            policy: a.policy.map(|p| p.as_str().to_string()),
            counterfactual_score: a.policy.and_then(|p| p.counterfactual()),
            amount_minor: seen.order.amount_minor,
            currency: Some(seen.order.currency.clone()),
            small_surge: (seen.small_surge > 0).then_some(seen.small_surge),
            signals: seen.signals,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_per_decision_review_handling_and_shadow_mode() {
        use Decision::*;
        use ReviewAction::*;
        let cases = [
            (Allow, Forward, false, Action::Forward),
            (Review, Forward, false, Action::Forward),
            (Review, Hold, false, Action::Respond(202)),
            (Block, Forward, false, Action::Respond(403)),
            (Block, Hold, false, Action::Respond(403)),
            (Block, Hold, true, Action::Forward),
            (Review, Hold, true, Action::Forward),
        ];
        for (d, r, shadow, want) in cases {
            assert_eq!(action(d, r, shadow), want, "{d:?} {r:?} {shadow}");
        }
    }
}
