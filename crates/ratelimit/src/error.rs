//! Why a Redis decision failed. Never leaves the crate: every such failure is answered by the
//! in-process backend instead (fail-open), and only logged.

use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error("redis error: {0}")]
    Redis(#[from] redis::RedisError),
    #[error("redis did not answer within {0:?}")]
    Timeout(Duration),
    #[error("unexpected reply from redis: {0}")]
    UnexpectedReply(String),
    #[error("redis is misconfigured: {0}")]
    Config(String),
    /// The call this check shared with others of its key failed (`coalesce`).
    #[error("shared redis call failed: {0}")]
    Shared(String),
}
