//! What makes an ONNX file a usable riskgate model, checked once per load.
//!
//! Reads the `riskgate.*` metadata and the declared input/output types of a freshly created
//! session and compares them with the running feature schema. It does not run the model
//! (warm-up in [`super::RiskModel::load`] catches what only a run can show).

use std::path::Path;

use ort::session::Session;
use ort::value::{Outlet, TensorElementType, ValueType};

use super::{
    FeatureSchema, ModelError, META_BASELINE, META_BLOCK_AT, META_MODEL_VERSION, META_REVIEW_AT,
    META_SCHEMA_HASH, OUTPUT_NAME,
};

/// What the metadata of a verified model says.
pub(super) struct Verified {
    pub(super) version: String,
    pub(super) thresholds: Option<(f32, f32)>,
    pub(super) baseline: Option<Vec<(String, f32)>>,
}

/// Checks metadata, input and output of a freshly loaded session against `schema`.
pub(super) fn verify(
    session: &Session,
    schema: &FeatureSchema,
    path: &Path,
) -> Result<Verified, ModelError> {
    let model = || path.to_path_buf();
    let meta = session.metadata().map_err(|source| ModelError::Load {
        path: model(),
        source,
    })?;
    let found = meta
        .custom(META_SCHEMA_HASH)
        .ok_or_else(|| ModelError::MissingMetadata {
            model: model(),
            key: META_SCHEMA_HASH,
        })?;
    if found != schema.hash() {
        return Err(ModelError::SchemaMismatch {
            model: model(),
            expected: schema.hash().to_string(),
            found,
        });
    }
    verify_input(session.inputs(), schema.len(), path)?;
    verify_output(session.outputs(), path)?;
    let version = meta
        .custom(META_MODEL_VERSION)
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| ModelError::MissingMetadata {
            model: model(),
            key: META_MODEL_VERSION,
        })?;
    let thresholds = thresholds(
        meta.custom(META_REVIEW_AT),
        meta.custom(META_BLOCK_AT),
        path,
    )?;
    let baseline = match meta.custom(META_BASELINE) {
        None => None,
        Some(json) => Some(
            super::super::baseline::parse_stats(&json).map_err(|reason| {
                ModelError::BadMetadata {
                    model: model(),
                    key: META_BASELINE,
                    value: json.chars().take(200).collect(),
                    reason,
                }
            })?,
        ),
    };
    Ok(Verified {
        version,
        thresholds,
        baseline,
    })
}

fn verify_input(inputs: &[Outlet], width: usize, path: &Path) -> Result<(), ModelError> {
    let bad = |reason: String| ModelError::BadInput {
        model: path.to_path_buf(),
        reason,
    };
    let [input] = inputs else {
        let names: Vec<&str> = inputs.iter().map(Outlet::name).collect();
        return Err(bad(format!(
            "it has {} inputs ({})",
            inputs.len(),
            names.join(", ")
        )));
    };
    match input.dtype() {
        ValueType::Tensor {
            ty: TensorElementType::Float32,
            shape,
            ..
        } if shape.len() == 2 && shape[0] < 0 => {
            if usize::try_from(shape[1]) == Ok(width) {
                Ok(())
            } else {
                Err(ModelError::InputWidth {
                    model: path.to_path_buf(),
                    expected: width,
                    found: shape[1],
                })
            }
        }
        other => Err(bad(format!("input {:?} is {other}", input.name()))),
    }
}

fn verify_output(outputs: &[Outlet], path: &Path) -> Result<(), ModelError> {
    let Some(out) = outputs.iter().find(|o| o.name() == OUTPUT_NAME) else {
        let names: Vec<&str> = outputs.iter().map(Outlet::name).collect();
        return Err(ModelError::MissingOutput {
            model: path.to_path_buf(),
            found: names.join(", "),
        });
    };
    match out.dtype() {
        ValueType::Tensor {
            ty: TensorElementType::Float32,
            shape,
            ..
        } if shape.len() == 2 && (shape[1] == 2 || shape[1] < 0) => Ok(()),
        other => Err(ModelError::BadOutput {
            model: path.to_path_buf(),
            reason: format!("is declared as {other}"),
        }),
    }
}

/// Parses the optional recommended thresholds: both or neither, 0 ≤ review_at ≤ block_at ≤ 1.
pub(super) fn thresholds(
    review: Option<String>,
    block: Option<String>,
    path: &Path,
) -> Result<Option<(f32, f32)>, ModelError> {
    let bad = |key: &'static str, value: &str, reason: &str| ModelError::BadMetadata {
        model: path.to_path_buf(),
        key,
        value: value.to_string(),
        reason: reason.to_string(),
    };
    let parse = |key: &'static str, value: &str| {
        value
            .trim()
            .parse::<f32>()
            .ok()
            .filter(|v| (0.0..=1.0).contains(v))
            .ok_or_else(|| bad(key, value, "must be a number in [0, 1]"))
    };
    match (review, block) {
        (None, None) => Ok(None),
        (Some(r), Some(b)) => {
            let (rv, bv) = (parse(META_REVIEW_AT, &r)?, parse(META_BLOCK_AT, &b)?);
            if rv > bv {
                return Err(bad(
                    META_REVIEW_AT,
                    &r,
                    &format!("is above {META_BLOCK_AT} = {b}"),
                ));
            }
            Ok(Some((rv, bv)))
        }
        (Some(r), None) => Err(bad(
            META_REVIEW_AT,
            &r,
            &format!("is set without {META_BLOCK_AT}"),
        )),
        (None, Some(b)) => Err(bad(
            META_BLOCK_AT,
            &b,
            &format!("is set without {META_REVIEW_AT}"),
        )),
    }
}
