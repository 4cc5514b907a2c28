//! Secrets: the admin token and the device-cookie keys, read from environment variables
//! the config names (never from the config file itself).
//!
//! Read once at start; a reload does not re-read them.

use crate::config::Config;
use crate::fingerprint::CookieKeys;
use crate::runtime::Secrets;

/// Why secrets could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// The admin token variable is unset or too short.
    #[error(
        "admin.token_env: environment variable {0} must hold the admin bearer token \
         (at least 16 characters); e.g. export {0}=\"$(head -c 24 /dev/urandom | base64)\""
    )]
    AdminToken(String),
    /// A cookie key variable is unset or too short.
    #[error(
        "fingerprint.key_envs: environment variable {0} must hold a device-cookie key of at \
         least 32 bytes; e.g. export {0}=\"$(head -c 48 /dev/urandom | base64)\""
    )]
    CookieKey(String),
    /// The keys were refused.
    #[error("fingerprint.key_envs: {0}")]
    CookieKeys(#[from] crate::fingerprint::FingerprintError),
    /// No randomness for a generated key.
    #[error("cannot read /dev/urandom for a device-cookie key: {0}")]
    Random(std::io::Error),
}

impl Secrets {
    /// Reads the admin token and cookie keys named by `config` from the environment.
    ///
    /// With no `fingerprint.key_envs`, a random key is generated: device ids then change
    /// on every restart, which is logged as a warning.
    pub fn from_env(config: &Config) -> Result<Secrets, SecretError> {
        let token = std::env::var(&config.admin.token_env).unwrap_or_default();
        if token.len() < 16 {
            return Err(SecretError::AdminToken(config.admin.token_env.clone()));
        }
        Ok(Secrets {
            admin_token: token,
            cookie_keys: Self::cookie_keys(config)?,
        })
    }

    /// Reads (or generates) the device-cookie keys named by `config`.
    pub fn cookie_keys(config: &Config) -> Result<CookieKeys, SecretError> {
        let envs = &config.fingerprint.key_envs;
        if envs.is_empty() {
            tracing::warn!(
                "fingerprint.key_envs is empty: using a random device-cookie key; \
                 device ids will not survive a restart"
            );
            let key: [u8; 32] = crate::secret::random_bytes().map_err(SecretError::Random)?;
            return Ok(CookieKeys::new(vec![key.to_vec()])?);
        }
        let mut keys = Vec::new();
        for name in envs {
            let v = std::env::var(name).unwrap_or_default();
            if v.len() < crate::fingerprint::MIN_KEY_LEN {
                return Err(SecretError::CookieKey(name.clone()));
            }
            keys.push(v.into_bytes());
        }
        Ok(CookieKeys::new(keys)?)
    }
}
