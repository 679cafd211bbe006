//! The audit trail (SPEC §5), one home for the request log: records written in batches
//! together with the per-key daily usage roll-up and the key's `last_used_at` (moved at most
//! once a minute), the operators' filtered query, per-key usage and usage over time for the
//! dashboard's plots, and the retention purge. Callers use [`service`]; the batching writer
//! itself (a channel and a task) lives with the process that owns it (the gateway).

mod model;
mod report;
pub mod service;
pub mod store;

pub use model::{LogFilter, RequestRecord, StatusFilter, Usage};
pub use report::{RouteCount, StatusCounts, UsageBucket, UsageRange, UsageReport};
