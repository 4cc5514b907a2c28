//! Order risk scoring: parse the order, build the feature vector, score it with the ONNX
//! model (and a shadow model), apply rules, decide, explain, log.
//!
//! A pipeline of small steps, each testable alone: [`order::parse`] →
//! [`features::extract`] → [`model::RiskModel::score`] → [`rules::apply`] →
//! [`decision::decide`] → [`policy::decide`] (a block resting only on weak features
//! becomes a review) → [`explain`] (against the [`baseline`] typical legitimate order) →
//! [`record`] (the decision-log line and what the proxy does). [`RiskEngine`] holds one
//! configuration generation's model, schema, thresholds, lists, baseline and policy;
//! [`log::DecisionLog`] is process-wide. No pingora here.

pub mod baseline;
pub mod client_beacon;
pub mod cookie_share;
pub mod decision;
pub mod evidence;
pub mod explain;
pub mod features;
pub mod gateway;
pub mod gift;
pub mod household;
pub mod linkage;
pub mod log;
pub mod model;
pub mod order;
pub mod order_json;
pub mod policy;
pub mod reason;
pub mod record;
pub mod replay;
pub mod rules;
pub mod schema;
pub mod signals;
pub mod trees;

use crate::config::RiskSettings;
use baseline::Baseline;
use decision::{Decision, Stage, Thresholds};
use explain::Explainer;
use features::{DisposableDomains, FeatureInput, Features, NAMES};
use model::{ModelError, RiskModel};
use policy::{Policy, PolicyError, PolicyNote};
pub use reason::{Reason, ReasonKind};
use schema::{FeatureSchema, SchemaError};
use std::path::PathBuf;
use std::sync::Arc;

/// Why a risk engine could not be built (start: exit; reload: keep the old one).
#[derive(Debug, thiserror::Error)]
pub enum RiskError {
    /// The schema file is unreadable or inconsistent.
    #[error(transparent)]
    Schema(#[from] SchemaError),
    /// The schema lists other features than this build computes.
    #[error("{path}: schema features differ from the ones riskgate computes ({expected}); update riskgate or the schema together")]
    SchemaOrder {
        /// The schema file.
        path: PathBuf,
        /// What riskgate computes.
        expected: String,
    },
    /// The model (or the runtime) could not be loaded.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// `[risk.policy]` names a feature the schema does not have.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// `[risk.policy] review_weak_features` names a feature the schema does not have.
    #[error(transparent)]
    Evidence(#[from] evidence::EvidenceError),
    /// The disposable-domains list is unreadable.
    #[error("risk.disposable_domains {path}: {source}")]
    Disposable {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// What the engine concluded about one order.
#[derive(Debug, Clone)]
pub struct Assessment {
    /// The vector that was scored.
    pub features: Features,
    /// Fraud probability from the primary model.
    pub score: f32,
    /// Shadow model score, when configured.
    pub shadow_score: Option<f32>,
    /// The decision.
    pub decision: Decision,
    /// Reason codes (rules first, then the model's).
    pub reasons: Vec<Reason>,
    /// Features that made the score differ most from a typical legitimate order's
    /// (non-allow model decisions; allows too with `reasons_on_allow`).
    pub top_features: Vec<&'static str>,
    /// Seconds spent in inference (primary model).
    pub inference_seconds: f64,
    /// What the block policy said about a model block (`None`: the model did not block).
    pub policy: Option<PolicyNote>,
    /// The step that decided.
    pub stage: Stage,
    /// This order's own review threshold under `[risk.expected_loss]` (`None`: the table
    /// is off or the amount unknown, and `review_at` applied); logged, so replay
    /// recomputes the same decision.
    pub order_review_at: Option<f32>,
}

/// One generation's scoring setup.
pub struct RiskEngine {
    /// The settings it was built from.
    pub settings: RiskSettings,
    /// The feature schema.
    pub schema: FeatureSchema,
    /// The primary model.
    pub model: Arc<RiskModel>,
    /// The shadow model.
    pub shadow: Option<Arc<RiskModel>>,
    /// Disposable-mail domains.
    pub disposable: DisposableDomains,
    /// A typical legitimate order (the model's statistics, else built-in values).
    pub baseline: Baseline,
    /// The block policy, resolved against the schema.
    pub policy: Policy,
    /// Explanation groups, resolved against the schema.
    pub explainer: Explainer,
}

impl RiskEngine {
    /// Loads schema, models and lists. Called at start and on every reload (models are
    /// re-read: replacing `risk.onnx` and reloading is a model hot swap).
    pub fn load(settings: &RiskSettings) -> Result<RiskEngine, RiskError> {
        let schema = FeatureSchema::load(&settings.schema)?;
        if schema
            .names()
            .iter()
            .map(String::as_str)
            .ne(NAMES.iter().copied())
        {
            return Err(RiskError::SchemaOrder {
                path: settings.schema.clone(),
                expected: NAMES.join(","),
            });
        }
        model::init_runtime(settings.onnxruntime.as_deref())?;
        let model = Arc::new(RiskModel::load(
            &settings.model,
            &schema,
            settings.sessions,
        )?);
        let shadow = match &settings.shadow_model {
            Some(p) => Some(Arc::new(RiskModel::load(p, &schema, settings.sessions)?)),
            None => None,
        };
        // At 20 orders/s a cold ONNX Runtime call costs 30× a warm one (model_warm.rs). By
        // default the proxy worker keeps the whole order path warm instead
        // (`proxy::order_warm`); the thread remains for comparison (`RISKGATE_KEEP_WARM`).
        let threads = if model::KeepWarm::get().thread() {
            std::iter::once(&model).chain(shadow.as_ref()).collect()
        } else {
            Vec::new()
        };
        for m in threads {
            if let Err(e) = model::keep_warm(m, model::KEEP_WARM_EVERY) {
                tracing::warn!(model = %m.path().display(), error = %e, "no keep-warm thread");
            }
        }
        let disposable = match &settings.disposable_domains {
            Some(p) => DisposableDomains::load(p).map_err(|source| RiskError::Disposable {
                path: p.clone(),
                source,
            })?,
            None => DisposableDomains::default(),
        };
        let baseline = Baseline::resolve(schema.names(), model.baseline_stats());
        if !baseline.from_model() {
            tracing::info!(
                model = %settings.model.display(),
                "the model carries no riskgate.baseline statistics; explanations and the block \
                 policy compare with riskgate's built-in typical order"
            );
        }
        let policy = Policy::resolve(&settings.policy, schema.names(), &baseline)?.with_evidence(
            &settings.review_evidence,
            schema.names(),
            &baseline,
        )?;
        let explainer = Explainer::new(schema.names(), &baseline);
        Ok(RiskEngine {
            settings: settings.clone(),
            schema,
            model,
            shadow,
            disposable,
            baseline,
            policy,
            explainer,
        })
    }

    /// The thresholds in force (for an order of unknown amount).
    pub fn thresholds(&self) -> Thresholds {
        Thresholds {
            review_at: self.settings.review_at,
            block_at: self.settings.block_at,
        }
    }

    /// The review threshold `[risk.expected_loss]` gives an order of these features
    /// (`None`: the table is off, or the amount is unknown, and `review_at` applies). The
    /// review decision, the review evidence and the household and gift waivers compare
    /// with it; the block policy keeps the flat `review_at`.
    pub fn order_review_at(&self, features: &[f32]) -> Option<f32> {
        let el = self.settings.expected_loss?;
        let amount = features::known_usd(*features.get(features::AMOUNT_USD)?)?;
        Some(el.review_at(Some(amount), self.settings.review_at))
    }

    /// Scores and decides one order.
    ///
    /// Inference is ~4–10 µs of CPU and runs on the caller's thread. A model failure is a
    /// fault, not a fraud signal: the error goes back to the caller, which fails open
    /// (forwards with `model_error`) so a broken runtime never stops sales silently.
    pub fn assess(
        &self,
        input: &FeatureInput<'_>,
        hits: &[rules::RuleHit],
    ) -> Result<Assessment, ModelError> {
        let features = features::extract(input);
        let started = std::time::Instant::now();
        let score = self.model.score(&features)?;
        let inference_seconds = started.elapsed().as_secs_f64();
        let shadow_score = self.shadow.as_ref().and_then(|m| m.score(&features).ok());
        Ok(self.conclude(
            features,
            score,
            shadow_score,
            hits,
            &input.facts,
            inference_seconds,
        ))
    }

    /// Runs [`RiskEngine::assess`]'s whole pipeline (features, model, shadow, policy,
    /// explanation) for `input` without leaving a trace: the model runs through
    /// [`RiskModel::rehearse`], so nothing is counted as a score and a session another
    /// thread holds is never waited for (`None`). The proxy worker calls this between slow
    /// orders so the next real one finds its code and data in the CPU caches
    /// (BENCHMARKS.md, "Latency at 20 orders/s"); the result is thrown away.
    pub fn rehearse(
        &self,
        input: &FeatureInput<'_>,
        hits: &[rules::RuleHit],
    ) -> Option<Assessment> {
        let features = features::extract(input);
        let score = self.model.rehearse(&features)?;
        let shadow_score = self.shadow.as_ref().and_then(|m| m.rehearse(&features));
        Some(self.conclude(features, score, shadow_score, hits, &input.facts, 0.0))
    }

    /// Policy, stage and explanation for a scored vector (shared by `assess` and
    /// `rehearse`).
    fn conclude(
        &self,
        features: Features,
        score: f32,
        shadow_score: Option<f32>,
        hits: &[rules::RuleHit],
        facts: &signals::SignalFacts,
        inference_seconds: f64,
    ) -> Assessment {
        let order_review_at = self.order_review_at(&features);
        let t = Thresholds {
            review_at: order_review_at.unwrap_or(self.settings.review_at),
            ..self.thresholds()
        };
        let sharing = self.policy.shows_sharing(&features);
        // The block policy keeps the flat review_at: the amount is weak evidence and never
        // lowers what upholds a block.
        let decided = policy::decide(
            score,
            t,
            self.settings.review_at,
            hits,
            &self.policy,
            sharing,
            || self.counterfactual(&features),
        );
        let decided = evidence::waive(
            decided,
            score,
            t,
            hits,
            &self.policy.evidence,
            &features,
            |row| self.score_row(row),
        );
        let decided = household::allow(
            decided,
            score,
            t,
            hits,
            self.settings.rules.household.as_ref(),
            &features,
            || self.score_row(&self.policy.unshared(&features)),
        );
        let decided = gift::allow(
            decided,
            t,
            hits,
            self.settings.signals.linkage.gift.as_ref(),
            &facts.linkage,
            &features,
            || self.score_row(&self.policy.unrepeated(&features)),
        );
        let mut decided = gateway::allow(
            decided,
            t,
            hits,
            self.settings.signals.gateway_bulk,
            facts.gateway,
            &features,
            |row| self.score_row(row),
        );
        let capped = matches!(
            decided.policy,
            Some(
                PolicyNote::Capped { .. }
                    | PolicyNote::ReviewWaived { .. }
                    | PolicyNote::Household { .. }
                    | PolicyNote::Gift { .. }
                    | PolicyNote::GatewayBulk { .. }
            )
        );
        // A model review the flat review_at would not have made: its amount did.
        if score < self.settings.review_at {
            if let Some(i) = decided
                .reasons
                .iter()
                .position(|r| *r == Reason::ModelReview)
            {
                decided.reasons.insert(i + 1, Reason::AmountAtRisk);
            }
        }
        let stage = Stage::of(decided.decision, hits, capped);
        let explain = if decided.decision == Decision::Allow {
            self.settings.reasons_on_allow
        } else {
            self.settings.explain && score >= t.review_at
        };
        let top_features = if explain {
            self.explainer
                .explain(&self.model, &features, score)
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        Assessment {
            features,
            score,
            shadow_score,
            decision: decided.decision,
            reasons: decided.reasons,
            top_features,
            inference_seconds,
            policy: decided.policy,
            stage,
            order_review_at,
        }
    }

    /// Recomputes the baseline, the policy and the explanation groups from population
    /// statistics `stats` (`None`: the built-in typical order). [`RiskEngine::load`] uses the
    /// model's own `riskgate.baseline`; this is for evaluating other statistics.
    pub fn use_baseline(&mut self, stats: Option<&[(String, f32)]>) -> Result<(), RiskError> {
        let baseline = Baseline::resolve(self.schema.names(), stats);
        self.policy = Policy::resolve(&self.settings.policy, self.schema.names(), &baseline)?
            .with_evidence(
                &self.settings.review_evidence,
                self.schema.names(),
                &baseline,
            )?;
        self.explainer = Explainer::new(self.schema.names(), &baseline);
        self.baseline = baseline;
        Ok(())
    }

    /// The score of `features` with every weak feature at its baseline value (the block
    /// policy's counterfactual); `None` when the model fails.
    pub fn counterfactual(&self, features: &[f32]) -> Option<f32> {
        self.score_row(&self.policy.neutralise(features))
    }

    /// The score of a feature row that is not an order's own (the policies'
    /// counterfactuals); `None` when the model fails.
    pub fn score_row(&self, row: &[f32]) -> Option<f32> {
        match self.model.trees() {
            Some(t) => Some(t.score(row)),
            None => self.model.score_unstamped(row).ok(),
        }
    }

    /// Names up to three features that made `features`' score differ most from a typical
    /// legitimate order's (see [`explain`]).
    pub fn explain(
        &self,
        features: &Features,
        score: f32,
    ) -> Result<Vec<&'static str>, ModelError> {
        self.explainer.explain(&self.model, features, score)
    }
}

#[cfg(test)]
#[path = "engine_tests.rs"]
mod engine_tests;
