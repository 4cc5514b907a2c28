//! `riskgate replay`: runs a decision log through a candidate model, thresholds, rules and
//! block policy, and reports how decisions would change and, with labels, how each
//! decision (allow, review, block) falls on legitimate and fraudulent orders.
//!
//! Each line is decided again from its logged features exactly as the running proxy would:
//! score → `[risk.rules]` recomputed from the logged facts (country, hosting and automation
//! flags, amount, quantity) with the CURRENT config → block policy (with its
//! counterfactual). Orders the guards stopped (`stage` = `guard_list`, `rate_limit`,
//! `purchase_limit`) depend on lists and counters a log cannot reproduce: they keep their
//! logged decision and are counted apart. The scorer is a closure, so the report logic is
//! tested without a model. No I/O besides reading the given log.

use super::decision::{Decision, Stage, Thresholds};
use super::log::DecisionRecord;
use super::policy::{self, Policy, PolicyNote};
use super::rules::{self, RuleFacts};
use crate::config::RuleSettings;
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, Write};

/// What unlabelled lines count as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unlabelled {
    /// Legitimate (labels list only the fraud found, e.g. chargebacks).
    Legit,
    /// Left out of the label tables.
    Ignore,
}

/// Replay options.
#[derive(Debug, Clone)]
pub struct ReplayOptions {
    /// Thresholds for the candidate (`None`: the logged ones per line).
    pub thresholds: Option<Thresholds>,
    /// With `thresholds`: each line's review threshold from its logged `amount_usd`
    /// (`[risk.expected_loss]` of the config), as the proxy decides.
    pub expected_loss: Option<crate::config::ExpectedLoss>,
    /// Rules to recompute (`None`: no rules, e.g. replay without a config).
    pub rules: Option<RuleSettings>,
    /// The rates table for the `currency_unknown` rule (`None`: not applied).
    pub rates: Option<crate::config::currency::CurrencyRates>,
    /// Account and fingerprint signals to recompute from the logged `signals` facts
    /// (`None`: not applied).
    pub signals: Option<super::signals::SignalSettings>,
    /// The block policy, resolved against the schema.
    pub policy: Policy,
    /// `request_id → label` (true = fraud).
    pub labels: Option<HashMap<String, bool>>,
    /// What unlabelled lines count as.
    pub unlabelled: Unlabelled,
    /// Examples printed per changed transition.
    pub examples: usize,
    /// Keep every changed line in [`ReplayReport::changes`] (for `--changes`).
    pub keep_changes: bool,
}

/// Decisions per label: `counts[fraud as usize][decision]` (allow, review, block).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Confusion {
    /// Counts; row 0 legit, row 1 fraud; columns allow, review, block.
    pub counts: [[u64; 3]; 2],
}

fn col(d: Decision) -> usize {
    match d {
        Decision::Allow => 0,
        Decision::Review => 1,
        Decision::Block => 2,
    }
}

impl Confusion {
    fn add(&mut self, d: Decision, fraud: bool) {
        self.counts[fraud as usize][col(d)] += 1;
    }
    fn total(&self, fraud: bool) -> u64 {
        self.counts[fraud as usize].iter().sum()
    }
    fn flagged(&self, fraud: bool) -> u64 {
        let r = self.counts[fraud as usize];
        r[1] + r[2]
    }
    /// Flagged (review or block) fraud among everything flagged; `None` when nothing was.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.flagged(true), self.flagged(true) + self.flagged(false))
    }
    /// Fraud flagged (review or block) among all fraud; `None` without fraud labels.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.flagged(true), self.total(true))
    }
    /// Legit orders flagged (review or block); `None` without legit labels.
    pub fn fpr(&self) -> Option<f64> {
        ratio(self.flagged(false), self.total(false))
    }
    /// Share of `fraud`-labelled (or legit) orders that got decision `d`.
    pub fn rate(&self, fraud: bool, d: Decision) -> Option<f64> {
        ratio(self.counts[fraud as usize][col(d)], self.total(fraud))
    }
}

fn ratio(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// What a replay found.
#[derive(Debug, Clone, Default)]
pub struct ReplayReport {
    /// Lines decided again.
    pub lines: u64,
    /// Lines skipped (unparsable, another schema, or the model failed on them).
    pub skipped: u64,
    /// Lines decided by a guard, kept as logged.
    pub guarded: u64,
    /// Largest |new score − logged score|.
    pub max_score_delta: f32,
    /// Lines whose score changed by more than 1e-6.
    pub scores_changed: u64,
    /// Model blocks the policy capped to review.
    pub capped: u64,
    /// Counts per (logged, new) decision.
    pub transitions: BTreeMap<(Decision, Decision), u64>,
    /// A few request ids per changed transition.
    pub examples: BTreeMap<(Decision, Decision), Vec<String>>,
    /// Every changed line, in log order (`request_id`, logged, new), when
    /// [`ReplayOptions::keep_changes`] is set.
    pub changes: Vec<(String, Decision, Decision)>,
    /// Logged decisions against labels.
    pub old: Option<Confusion>,
    /// New decisions against labels.
    pub new: Option<Confusion>,
    /// Lines with a label.
    pub labelled: u64,
    /// Lines without one (counted as legit or ignored, see [`Unlabelled`]).
    pub unlabelled: u64,
}

/// The rule facts of a logged line: country, hosting and automation flags and quantity
/// from the named features, the amount from `amount_minor` (or, in lines written before
/// it was logged, the `amount` feature in hundredths).
pub fn rule_facts(rec: &DecisionRecord) -> RuleFacts<'_> {
    let feature = |name: &str| {
        rec.feature_names
            .iter()
            .position(|n| n == name)
            .and_then(|i| rec.features.get(i).copied())
    };
    RuleFacts {
        country: rec.country.as_deref(),
        hosting: feature("hosting_asn").is_some_and(|v| v >= 0.5),
        automation_ua: feature("automation_ua").is_some_and(|v| v >= 0.5),
        amount_minor: rec
            .amount_minor
            .or_else(|| feature("amount").map(|a| (f64::from(a) * 100.0).round() as i64)),
        quantity: feature("quantity").map_or(1, |q| q.max(0.0) as u32),
        // A line without `new_device` (an older schema) counts as a new device: no trusted
        // quantity cap is granted on evidence the line does not carry.
        device_age_secs: match feature("new_device") {
            Some(n) if n < 0.5 => feature("device_age_hours").map(|h| (h.max(0.0) * 3600.0) as u64),
            _ => None,
        },
        email_disposable: feature("email_disposable").is_some_and(|v| v >= 0.5),
        users_per_device: feature("users_per_device_24h").map_or(0, |v| v.max(0.0) as u32),
        small_surge: rec.small_surge.unwrap_or(0),
        device_inconsistent: rec.signals.is_some_and(|s| s.device_inconsistent.is_some()),
        device_replayed: rec.signals.is_some_and(|s| s.device_replayed.is_some()),
        // As logged: the line's features already read the gateway's country as egress.
        gateway: rec.signals.is_some_and(|s| s.gateway),
    }
}

/// Decides one logged line again; `None` when the scorer fails. Returns the new score,
/// decision and policy note.
pub fn decide_line(
    rec: &DecisionRecord,
    score_row: &impl Fn(&[f32]) -> Option<f32>,
    opts: &ReplayOptions,
) -> Option<(f32, Decision, Option<PolicyNote>)> {
    let score = score_row(&rec.features)?;
    // The flat thresholds (the candidate's, else the logged ones), then this line's own
    // review threshold: the config's [risk.expected_loss] from the logged amount, else the
    // logged one.
    let flat = opts.thresholds.unwrap_or(Thresholds {
        review_at: rec.review_at,
        block_at: rec.block_at,
    });
    let order_review_at = match (opts.thresholds, opts.expected_loss) {
        (Some(_), Some(el)) => rec
            .feature_names
            .iter()
            .position(|n| n == "amount_usd")
            .and_then(|i| rec.features.get(i).copied())
            .and_then(super::features::known_usd)
            .map(|a| el.review_at(Some(a), flat.review_at)),
        (Some(_), None) => None,
        (None, _) => Some(rec.review_threshold()),
    };
    let t = Thresholds {
        review_at: order_review_at.unwrap_or(flat.review_at),
        ..flat
    };
    let facts = rule_facts(rec);
    let mut hits = opts
        .rules
        .as_ref()
        .map(|r| rules::evaluate(&facts, r))
        .unwrap_or_default();
    if let (Some(rates), Some(cur), Some(_)) = (&opts.rates, &rec.currency, facts.amount_minor) {
        if rates.usd_per_unit(cur).is_none() {
            hits.push(rules::RuleHit {
                reason: super::reason::Reason::CurrencyUnknown,
                action: crate::config::RuleAction::Review,
            });
        }
    }
    // A purchase limit with `action = "review"` held the order (reason `daily_limit_*`,
    // stage `rule`): its counter is not in the line, so the logged hit is kept.
    for r in &rec.reasons {
        use super::reason::Reason;
        let limit = |r: &Reason| {
            matches!(
                r,
                Reason::DailyLimitUser | Reason::DailyLimitDevice | Reason::DailyLimitIp
            )
        };
        if let Some(reason) = Reason::parse(r).filter(limit) {
            hits.push(rules::RuleHit {
                reason,
                action: crate::config::RuleAction::Review,
            });
        }
    }
    if let (Some(s), Some(f)) = (&opts.signals, &rec.signals) {
        // The quantity is not in the logged facts: the line's feature carries it.
        let f = super::signals::SignalFacts {
            quantity: facts.quantity,
            ..*f
        };
        hits.extend(super::signals::evaluate_after_rules(&f, s, &hits));
    }
    let sharing = opts.policy.shows_sharing(&rec.features);
    let d = policy::decide(
        score,
        t,
        flat.review_at,
        &hits,
        &opts.policy,
        sharing,
        || score_row(&opts.policy.neutralise(&rec.features)),
    );
    let d = super::evidence::waive(
        d,
        score,
        t,
        &hits,
        &opts.policy.evidence,
        &rec.features,
        score_row,
    );
    let d = super::household::allow(
        d,
        score,
        t,
        &hits,
        opts.rules.as_ref().and_then(|r| r.household.as_ref()),
        &rec.features,
        || score_row(&opts.policy.unshared(&rec.features)),
    );
    let linkage = rec.signals.map(|s| s.linkage).unwrap_or_default();
    let d = super::gift::allow(
        d,
        t,
        &hits,
        opts.signals.as_ref().and_then(|s| s.linkage.gift.as_ref()),
        &linkage,
        &rec.features,
        || score_row(&opts.policy.unrepeated(&rec.features)),
    );
    let d = super::gateway::allow(
        d,
        t,
        &hits,
        opts.signals.as_ref().is_some_and(|s| s.gateway_bulk),
        rec.signals.is_some_and(|s| s.gateway),
        &rec.features,
        score_row,
    );
    Some((score, d.decision, d.policy))
}

/// Replays every line of `log`. `score_row` scores one feature row with the candidate
/// model (`None` on failure); `progress` is called every 10,000 lines.
pub fn replay(
    log: impl BufRead,
    score_row: impl Fn(&[f32]) -> Option<f32>,
    schema_hash: &str,
    opts: &ReplayOptions,
    mut progress: impl FnMut(u64),
) -> ReplayReport {
    let mut r = ReplayReport::default();
    let (mut old_c, mut new_c) = (Confusion::default(), Confusion::default());
    for line in log.lines() {
        let Ok(line) = line else {
            r.skipped += 1;
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        let Ok(rec) = serde_json::from_str::<DecisionRecord>(&line) else {
            r.skipped += 1;
            continue;
        };
        if rec.schema_hash != schema_hash {
            r.skipped += 1;
            continue;
        }
        let logged = Decision::parse(&rec.decision).unwrap_or(Decision::Allow);
        let guard = Stage::parse(&rec.stage).is_some_and(Stage::is_guard);
        let Some((score, decided, note)) = decide_line(&rec, &score_row, opts) else {
            r.skipped += 1;
            continue;
        };
        let new = if guard { logged } else { decided };
        r.lines += 1;
        r.guarded += u64::from(guard);
        r.capped += u64::from(!guard && matches!(note, Some(PolicyNote::Capped { .. })));
        let delta = (score - rec.score).abs();
        r.max_score_delta = r.max_score_delta.max(delta);
        if delta > 1e-6 {
            r.scores_changed += 1;
        }
        *r.transitions.entry((logged, new)).or_default() += 1;
        if logged != new {
            let ex = r.examples.entry((logged, new)).or_default();
            if ex.len() < opts.examples {
                ex.push(rec.request_id.clone());
            }
            if opts.keep_changes {
                r.changes.push((rec.request_id.clone(), logged, new));
            }
        }
        if let Some(labels) = &opts.labels {
            let fraud = match (labels.get(&rec.request_id), opts.unlabelled) {
                (Some(f), _) => {
                    r.labelled += 1;
                    Some(*f)
                }
                (None, u) => {
                    r.unlabelled += 1;
                    (u == Unlabelled::Legit).then_some(false)
                }
            };
            if let Some(fraud) = fraud {
                old_c.add(logged, fraud);
                new_c.add(new, fraud);
            }
        }
        if r.lines % 10_000 == 0 {
            progress(r.lines);
        }
    }
    if opts.labels.is_some() {
        r.old = Some(old_c);
        r.new = Some(new_c);
    }
    r
}

/// Reads `request_id,label` lines (header optional; label 1/0, true/false, fraud/legit).
pub fn read_labels(text: &str) -> HashMap<String, bool> {
    text.lines()
        .filter_map(|l| {
            let (id, label) = l.split_once(',')?;
            let fraud = match label.trim() {
                "1" | "true" | "fraud" => true,
                "0" | "false" | "legit" => false,
                _ => return None,
            };
            Some((id.trim().to_string(), fraud))
        })
        .collect()
}

/// A share as `0.1234`, or `n/a` when nothing it is a share of was seen.
fn share(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".to_string(), |v| format!("{v:.4}"))
}

fn print_table(out: &mut impl Write, title: &str, c: &Confusion) -> std::io::Result<()> {
    writeln!(out, "  {title:<10}     allow    review     block")?;
    for (fraud, name) in [(false, "legit"), (true, "fraud")] {
        let row = c.counts[fraud as usize];
        writeln!(
            out,
            "    {name:<8} {:>9} {:>9} {:>9}",
            row[0], row[1], row[2]
        )?;
    }
    Ok(())
}

/// Prints a report for humans.
pub fn print(r: &ReplayReport, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "replayed {} decisions ({} skipped)",
        r.lines, r.skipped
    )?;
    writeln!(
        out,
        "guards: {} stopped by guards, kept as logged",
        r.guarded
    )?;
    writeln!(
        out,
        "scores: {} changed by more than 1e-6; largest change {:.6}",
        r.scores_changed, r.max_score_delta
    )?;
    writeln!(
        out,
        "policy: {} model blocks capped to review (block_capped_weak_evidence)",
        r.capped
    )?;
    let mut totals = [[0u64; 3]; 2];
    for ((from, to), n) in &r.transitions {
        totals[0][col(*from)] += n;
        totals[1][col(*to)] += n;
    }
    writeln!(out, "\n            allow    review     block")?;
    for (i, name) in ["logged", "new"].iter().enumerate() {
        let t = totals[i];
        writeln!(out, "  {name:<6} {:>9} {:>9} {:>9}", t[0], t[1], t[2])?;
    }
    writeln!(out, "\ndecision changes (logged -> new):")?;
    for ((from, to), n) in &r.transitions {
        let mark = if from == to { " " } else { "*" };
        write!(
            out,
            " {mark} {:>6} -> {:<6} {n:>8}",
            from.as_str(),
            to.as_str()
        )?;
        if let Some(ex) = r.examples.get(&(*from, *to)) {
            write!(out, "   e.g. {}", ex.join(", "))?;
        }
        writeln!(out)?;
    }
    if let (Some(o), Some(n)) = (r.old, r.new) {
        writeln!(
            out,
            "\nagainst {} labels ({} unlabelled lines {}):",
            r.labelled,
            r.unlabelled,
            if o.total(false) + o.total(true) > r.labelled {
                "counted as legit"
            } else {
                "ignored"
            }
        )?;
        print_table(out, "logged", &o)?;
        print_table(out, "candidate", &n)?;
        writeln!(
            out,
            "\n            legit blocked  legit reviewed  fraud blocked  fraud reviewed  \
             precision  recall  false-positive rate   (flagged = review or block)"
        )?;
        for (name, c) in [("logged", o), ("candidate", n)] {
            writeln!(
                out,
                "  {name:<9} {:>14} {:>15} {:>14} {:>15} {:>10} {:>7} {:>20}",
                share(c.rate(false, Decision::Block)),
                share(c.rate(false, Decision::Review)),
                share(c.rate(true, Decision::Block)),
                share(c.rate(true, Decision::Review)),
                share(c.precision()),
                share(c.recall()),
                share(c.fpr()),
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "replay_tests.rs"]
mod tests;
