//! The bb8 pool of diesel-async Postgres connections.

use std::time::Duration;

use diesel_async::pooled_connection::{
    AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod,
};
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use futures_util::FutureExt;

use crate::DbError;

pub type PgPool = bb8::Pool<AsyncDieselConnectionManager<AsyncPgConnection>>;
pub type PooledConn<'a> =
    bb8::PooledConnection<'a, AsyncDieselConnectionManager<AsyncPgConnection>>;

#[derive(Debug, Clone)]
pub struct PoolOptions {
    pub max_size: u32,
    /// How long a request waits for a free connection before failing with 503.
    pub connection_timeout: Duration,
    /// Server-side limit for any one statement.
    pub statement_timeout: Duration,
}

impl Default for PoolOptions {
    fn default() -> Self {
        Self {
            max_size: 16,
            connection_timeout: Duration::from_secs(5),
            statement_timeout: Duration::from_secs(15),
        }
    }
}

/// Builds the pool. Connections are not tested on checkout (that doubles round trips on this
/// hardware, see ARCHITECTURE.md); a broken connection fails its query and is discarded.
pub async fn connect(url: &str, options: &PoolOptions) -> Result<PgPool, DbError> {
    let statement_timeout_ms = options.statement_timeout.as_millis();
    let mut config = ManagerConfig::<AsyncPgConnection>::default();
    config.recycling_method = RecyclingMethod::Fast;
    config.custom_setup = Box::new(move |url| {
        async move {
            let mut conn = AsyncPgConnection::establish(url).await?;
            conn.batch_execute(&format!("SET statement_timeout = {statement_timeout_ms}"))
                .await
                .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
            Ok(conn)
        }
        .boxed()
    });
    let manager = AsyncDieselConnectionManager::new_with_config(url, config);
    bb8::Pool::builder()
        .max_size(options.max_size)
        .connection_timeout(options.connection_timeout)
        .test_on_check_out(false)
        .build(manager)
        .await
        .map_err(|e| DbError::Connect(e.to_string()))
}
