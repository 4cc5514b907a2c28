//! Configuration errors: each names the field path and, when known, the line.
//!
//! Owns the error type and its rendering. It does not decide what is valid (that is
//! `validate`) nor how lines are found (that is `span`).

use std::fmt;

/// Everything that went wrong with one configuration file; all problems at once.
#[derive(Debug, thiserror::Error)]
pub struct ConfigErrors {
    /// The file the problems were found in (`<inline>` for strings).
    pub file: String,
    /// Every problem, in file order where lines are known.
    pub errors: Vec<ConfigError>,
}

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors.len();
        write!(
            f,
            "{}: {n} problem{}",
            self.file,
            if n == 1 { "" } else { "s" }
        )?;
        for e in &self.errors {
            write!(f, "\n  {}", e.render(&self.file))?;
        }
        Ok(())
    }
}

/// One configuration problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read file: {reason}")]
    Io {
        /// The OS error text.
        reason: String,
    },
    /// TOML syntax or type error, reported by the parser.
    #[error("{message}")]
    Parse {
        /// 1-based line, when the parser knows it.
        line: Option<usize>,
        /// The parser's message, first line only.
        message: String,
    },
    /// A value parsed but is not acceptable.
    #[error("{field}: {reason}")]
    Invalid {
        /// Dotted field path, e.g. `routes[2].upstream`.
        field: String,
        /// Why it is refused, in plain words.
        reason: String,
        /// 1-based line of the field (or of its table when the field is missing).
        line: Option<usize>,
    },
}

impl ConfigError {
    /// Builds an `Invalid` error; the line is filled in later from the document.
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        ConfigError::Invalid {
            field: field.into(),
            reason: reason.into(),
            line: None,
        }
    }

    /// The 1-based line of this problem, when known.
    pub fn line(&self) -> Option<usize> {
        match self {
            ConfigError::Io { .. } => None,
            ConfigError::Parse { line, .. } | ConfigError::Invalid { line, .. } => *line,
        }
    }

    /// The field path this problem is about, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            ConfigError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }

    /// Renders as `file:line: field: reason`, the form editors and CI logs understand.
    pub fn render(&self, file: &str) -> String {
        match self.line() {
            Some(l) => format!("{file}:{l}: {self}"),
            None => format!("{file}: {self}"),
        }
    }
}
