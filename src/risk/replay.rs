//! `riskgate replay`: re-scores a decision log with another model and/or thresholds and
//! reports how decisions would change, and (with labels) precision and recall of both.
//!
//! Rule-forced decisions are kept as logged (a rule does not depend on the model): a line
//! whose reasons include a non-model reason keeps its logged decision as a floor.

use super::decision::{decide, Decision, Thresholds};
use super::log::DecisionRecord;
use super::model::RiskModel;
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, Write};

/// Replay options.
#[derive(Debug, Clone)]
pub struct ReplayOptions {
    /// Thresholds for the candidate (default: the logged ones per line).
    pub thresholds: Option<Thresholds>,
    /// `request_id → label` (true = fraud).
    pub labels: Option<HashMap<String, bool>>,
    /// Examples printed per changed transition.
    pub examples: usize,
}

/// Confusion counts of "flagged" (review or block) against labels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Confusion {
    /// Flagged fraud.
    pub tp: u64,
    /// Flagged legit.
    pub fp: u64,
    /// Unflagged fraud.
    pub fn_: u64,
    /// Unflagged legit.
    pub tn: u64,
}

impl Confusion {
    fn add(&mut self, flagged: bool, fraud: bool) {
        match (flagged, fraud) {
            (true, true) => self.tp += 1,
            (true, false) => self.fp += 1,
            (false, true) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }
    /// Precision of flagging.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// Recall of flagging.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// False-positive rate.
    pub fn fpr(&self) -> f64 {
        ratio(self.fp, self.fp + self.tn)
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// What a replay found.
#[derive(Debug, Clone, Default)]
pub struct ReplayReport {
    /// Lines re-scored.
    pub lines: u64,
    /// Lines skipped (unparsable or another schema).
    pub skipped: u64,
    /// Largest |new score − logged score|.
    pub max_score_delta: f32,
    /// Lines whose score changed by more than 1e-6.
    pub scores_changed: u64,
    /// Counts per (logged, new) decision.
    pub transitions: BTreeMap<(String, String), u64>,
    /// A few request ids per changed transition.
    pub examples: BTreeMap<(String, String), Vec<String>>,
    /// Logged decisions against labels.
    pub old: Option<Confusion>,
    /// New decisions against labels.
    pub new: Option<Confusion>,
    /// Labelled lines.
    pub labelled: u64,
}

/// Re-scores every line of `log` with `model`. `progress` is called every 10,000 lines.
pub fn replay(
    log: impl BufRead,
    model: &RiskModel,
    schema_hash: &str,
    opts: &ReplayOptions,
    mut progress: impl FnMut(u64),
) -> ReplayReport {
    let mut r = ReplayReport::default();
    let mut old_c = Confusion::default();
    let mut new_c = Confusion::default();
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
        let Ok(score) = model.score(&rec.features) else {
            r.skipped += 1;
            continue;
        };
        r.lines += 1;
        let delta = (score - rec.score).abs();
        r.max_score_delta = r.max_score_delta.max(delta);
        if delta > 1e-6 {
            r.scores_changed += 1;
        }
        let t = opts.thresholds.unwrap_or(Thresholds {
            review_at: rec.review_at,
            block_at: rec.block_at,
        });
        let (model_decision, _) = decide(score, t, &[]);
        let logged = Decision::parse(&rec.decision).unwrap_or(Decision::Allow);
        let rule_forced = rec.reasons.iter().any(|x| !x.starts_with("model_"));
        let new = if rule_forced {
            model_decision.max(logged)
        } else {
            model_decision
        };
        let key = (rec.decision.clone(), new.as_str().to_string());
        *r.transitions.entry(key.clone()).or_default() += 1;
        if key.0 != key.1 {
            let ex = r.examples.entry(key).or_default();
            if ex.len() < opts.examples {
                ex.push(rec.request_id.clone());
            }
        }
        if let Some(fraud) = opts.labels.as_ref().and_then(|l| l.get(&rec.request_id)) {
            r.labelled += 1;
            old_c.add(logged != Decision::Allow, *fraud);
            new_c.add(new != Decision::Allow, *fraud);
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

/// Reads `request_id,label` lines (header optional; label 1/0 or true/false).
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

/// Prints a report for humans.
pub fn print(r: &ReplayReport, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "replayed {} decisions ({} skipped)",
        r.lines, r.skipped
    )?;
    writeln!(
        out,
        "scores: {} changed by more than 1e-6; largest change {:.6}",
        r.scores_changed, r.max_score_delta
    )?;
    writeln!(out, "\ndecision changes (logged -> new):")?;
    for ((from, to), n) in &r.transitions {
        let mark = if from == to { " " } else { "*" };
        write!(out, " {mark} {from:>6} -> {to:<6} {n:>8}")?;
        if let Some(ex) = r.examples.get(&(from.clone(), to.clone())) {
            write!(out, "   e.g. {}", ex.join(", "))?;
        }
        writeln!(out)?;
    }
    if let (Some(o), Some(n)) = (r.old, r.new) {
        writeln!(
            out,
            "\nagainst {} labels (flagged = review or block):",
            r.labelled
        )?;
        writeln!(out, "            precision  recall   false-positive rate")?;
        writeln!(
            out,
            "  logged    {:>8.4}  {:>7.4}  {:>8.4}",
            o.precision(),
            o.recall(),
            o.fpr()
        )?;
        writeln!(
            out,
            "  candidate {:>8.4}  {:>7.4}  {:>8.4}",
            n.precision(),
            n.recall(),
            n.fpr()
        )?;
    }
    Ok(())
}
