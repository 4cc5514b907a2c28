//! What a typical legitimate order looks like, feature by feature: the reference point of
//! explanations ("which features made this order differ from a normal one") and of the
//! block policy ("would it still be blocked with its weak features made normal").
//!
//! The trainer saves population statistics of legitimate orders with the model, as the
//! ONNX metadata key `riskgate.baseline` (a JSON object `{feature name: value}`). A feature
//! the model does not describe (or a model without the key) falls back to the built-in
//! [`features::BASELINE`](super::features::BASELINE) value of the same name; a feature
//! neither knows has no baseline and is never substituted. Everything here is by feature
//! NAME, so schema changes need no edit. It does not score or decide anything.

use super::features::{BASELINE, NAMES};

/// Reference values in schema order (`None`: no reference for that feature).
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    values: Vec<Option<f32>>,
    /// True when at least one value came from the model's population statistics.
    from_model: bool,
}

impl Baseline {
    /// Builds the baseline for the schema `names` from the model's statistics (already
    /// parsed, `None` without the metadata key) and the built-in fallback.
    ///
    /// Called once per engine load.
    pub fn resolve(names: &[String], model_stats: Option<&[(String, f32)]>) -> Baseline {
        let mut from_model = false;
        let values = names
            .iter()
            .map(|n| {
                let stat = model_stats.and_then(|s| s.iter().find(|(k, _)| k == n));
                if let Some((_, v)) = stat {
                    from_model = true;
                    return Some(*v);
                }
                NAMES.iter().position(|b| b == n).map(|i| BASELINE[i])
            })
            .collect::<Vec<_>>();
        // `log_X` without a value of its own follows X.
        let values = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                values[i].or_else(|| {
                    let base = n.strip_prefix("log_")?;
                    let j = names.iter().position(|m| m == base)?;
                    values[j].map(f32::ln_1p)
                })
            })
            .collect();
        Baseline { values, from_model }
    }

    /// The reference value of feature `i` (schema order).
    pub fn get(&self, i: usize) -> Option<f32> {
        self.values.get(i).copied().flatten()
    }

    /// Number of features (the schema length).
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True for an empty schema.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// True when the model supplied population statistics (else only the built-in values).
    pub fn from_model(&self) -> bool {
        self.from_model
    }
}

/// Parses the `riskgate.baseline` metadata value: a JSON object of finite numbers.
pub fn parse_stats(json: &str) -> Result<Vec<(String, f32)>, String> {
    let v: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("is not JSON: {e}"))?;
    let obj = v
        .as_object()
        .ok_or("must be a JSON object {feature name: typical legitimate value}")?;
    obj.iter()
        .map(|(k, v)| {
            v.as_f64()
                .map(|x| x as f32)
                .filter(|x| x.is_finite())
                .map(|x| (k.clone(), x))
                .ok_or_else(|| format!("`{k}` must be a finite number (got {v})"))
        })
        .collect()
}

/// Groups of features that move together and are substituted together, in schema order:
/// `log_X` joins `X` (amount and log_amount, amount_usd and log_amount_usd), so a changed
/// row never pairs an amount with another amount's logarithm. The first member of each
/// group names it.
pub fn groups(names: &[String]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut owner = vec![usize::MAX; names.len()];
    for (i, n) in names.iter().enumerate() {
        if let Some(base) = n.strip_prefix("log_") {
            if let Some(j) = names.iter().position(|m| m == base) {
                if owner[j] != usize::MAX {
                    out[owner[j]].push(i);
                    owner[i] = owner[j];
                    continue;
                }
            }
        }
        if owner[i] == usize::MAX {
            owner[i] = out.len();
            out.push(vec![i]);
        }
    }
    // `log_X` listed before `X`: fold it into X's group.
    for (i, n) in names.iter().enumerate() {
        if let Some(base) = n.strip_prefix("log_") {
            if let Some(j) = names.iter().position(|m| m == base) {
                let (gi, gj) = (owner[i], owner[j]);
                if gi != gj && out[gi] == [i] {
                    out[gj].push(i);
                    out[gi].clear();
                    owner[i] = gj;
                }
            }
        }
    }
    out.retain(|g| !g.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn model_statistics_win_and_the_built_in_values_fill_the_gaps() {
        let n = names(&["amount_usd", "device_age_hours", "brand_new_feature"]);
        let b = Baseline::resolve(&n, None);
        assert!(!b.from_model());
        assert_eq!(b.get(0), Some(25.0));
        assert_eq!(b.get(1), Some(720.0));
        assert_eq!(b.get(2), None, "no baseline anywhere");
        let stats = parse_stats(r#"{"device_age_hours": 0.0, "brand_new_feature": 3}"#).unwrap();
        let b = Baseline::resolve(&n, Some(&stats));
        assert!(b.from_model());
        assert_eq!(b.get(0), Some(25.0));
        assert_eq!(b.get(1), Some(0.0));
        assert_eq!(b.get(2), Some(3.0));
        assert_eq!(b.get(9), None);
    }

    #[test]
    fn bad_statistics_are_refused_with_the_reason() {
        assert!(parse_stats("[1,2]").unwrap_err().contains("JSON object"));
        assert!(parse_stats("{").unwrap_err().contains("not JSON"));
        assert_eq!(
            parse_stats(r#"{"amount":"x"}"#).unwrap_err(),
            "`amount` must be a finite number (got \"x\")"
        );
    }

    #[test]
    fn logarithms_join_their_feature() {
        let g = groups(&names(&[
            "amount",
            "log_amount",
            "quantity",
            "log_amount_usd",
            "amount_usd",
            "log_orphan",
        ]));
        assert_eq!(g, vec![vec![0, 1], vec![2], vec![4, 3], vec![5]]);
    }
}
