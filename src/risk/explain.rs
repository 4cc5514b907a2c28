//! Explanations: which features made this order's score differ from a typical legitimate
//! order's ([`Baseline`]), as reason codes (feature names, up to three).
//!
//! Each feature group (a feature with the ones that move with it, e.g. `amount` and
//! `log_amount`) whose value differs from the baseline is credited with the mean of two
//! marginal contributions:
//! - *leave one out*: how much the score drops when the group alone is put back to the
//!   baseline, all other features keeping the order's values, and
//! - *add one in*: how much a typical order's score rises when the group alone takes the
//!   order's values.
//!
//! This is the two-point estimate of the group's Shapley value (exact for two groups and for
//! models without interactions). Leave-one-out alone over-credits a signal that only
//! matters together with others: a new device is what every fraud pattern and many honest
//! first purchases share, so it came first in every block and review and told a false
//! positive from fraud apart no better than the score did. Add-one-in asks what the signal
//! does on its own, which separates "a new buyer with a large basket" from "a burst of
//! small orders from one address".
//!
//! Cost: two batches of re-scores over the changed groups, natively on the model's trees
//! when it is a plain tree ensemble (≈ 10 µs), else two ONNX Runtime batches. Only for
//! decisions the caller wants explained (non-allow, or allow with `reasons_on_allow`).

use super::baseline::{groups, Baseline};
use super::features::NAMES;
use super::model::{ModelError, RiskModel};

/// The substitutions of one engine generation: per feature group, its name and the
/// `(index, baseline value)` pairs.
#[derive(Debug, Clone, PartialEq)]
pub struct Explainer {
    groups: Vec<(&'static str, Vec<(usize, f32)>)>,
    /// The baseline row: the baseline value where there is one, else `NaN` (filled with
    /// the order's own value per call).
    base: Vec<Option<f32>>,
}

impl Explainer {
    /// Builds the groups for the schema `names`; a group with a member that has no
    /// baseline value is never substituted (it would make an impossible row).
    pub fn new(names: &[String], baseline: &Baseline) -> Explainer {
        let groups = groups(names)
            .into_iter()
            .filter_map(|g| {
                let name = NAMES.iter().copied().find(|n| *n == names[g[0]])?;
                let pairs: Option<Vec<(usize, f32)>> =
                    g.iter().map(|&i| baseline.get(i).map(|v| (i, v))).collect();
                Some((name, pairs?))
            })
            .collect();
        Explainer {
            groups,
            base: (0..names.len()).map(|i| baseline.get(i)).collect(),
        }
    }

    /// Names up to three feature groups that raised `features`' score above a typical
    /// order's, most first. `score` is the model's score of `features`.
    pub fn explain(
        &self,
        model: &RiskModel,
        features: &[f32],
        score: f32,
    ) -> Result<Vec<&'static str>, ModelError> {
        let changed: Vec<usize> = (0..self.groups.len())
            .filter(|&k| {
                self.groups[k].1.iter().any(|&(i, v)| {
                    features
                        .get(i)
                        .is_some_and(|x| (x - v).abs() > f32::EPSILON)
                })
            })
            .collect();
        if changed.is_empty() {
            return Ok(Vec::new());
        }
        // Leave one out: the order with one group put back to the baseline.
        let out: Vec<&[(usize, f32)]> = changed
            .iter()
            .map(|&k| self.groups[k].1.as_slice())
            .collect();
        // Add one in: the baseline row with one group taking the order's values.
        let base: Vec<f32> = self
            .base
            .iter()
            .zip(features)
            .map(|(b, x)| b.unwrap_or(*x))
            .collect();
        let own: Vec<Vec<(usize, f32)>> = changed
            .iter()
            .map(|&k| {
                self.groups[k]
                    .1
                    .iter()
                    .map(|&(i, _)| (i, features[i]))
                    .collect()
            })
            .collect();
        let into: Vec<&[(usize, f32)]> = own.iter().map(Vec::as_slice).collect();
        let (without, base_score, with) = match model.trees() {
            Some(t) => {
                let (_, without) = t.scores_with_replacements(features, &out);
                let (b, with) = t.scores_with_replacements(&base, &into);
                (without, b, with)
            }
            None => {
                let rows = |x: &[f32], cands: &[&[(usize, f32)]]| {
                    let mut rows = Vec::with_capacity((cands.len() + 1) * x.len());
                    rows.extend_from_slice(x);
                    for c in cands {
                        let start = rows.len();
                        rows.extend_from_slice(x);
                        for &(i, v) in c.iter() {
                            rows[start + i] = v;
                        }
                    }
                    rows
                };
                let without =
                    model.score_batch(&rows(features, &out)[features.len()..], out.len())?;
                let with = model.score_batch(&rows(&base, &into), into.len() + 1)?;
                (without, with[0], with[1..].to_vec())
            }
        };
        let mut credit: Vec<(f32, &'static str)> = changed
            .iter()
            .enumerate()
            .map(|(c, &k)| {
                let leave_out = score - without[c];
                let add_in = with[c] - base_score;
                (0.5 * (leave_out + add_in), self.groups[k].0)
            })
            .filter(|(d, _)| *d > 0.0)
            .collect();
        credit.sort_by(|a, b| b.0.total_cmp(&a.0));
        Ok(credit.iter().take(3).map(|&(_, n)| n).collect())
    }
}
