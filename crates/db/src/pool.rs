//! The bb8 pool of diesel-async Postgres connections.

use std::time::Duration;

use diesel_async::pooled_connection::{
    AsyncDieselConnectionManager, ManagerConfig, PoolError, PoolableConnection, RecyclingMethod,
};
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use futures_util::FutureExt;

use crate::DbError;

pub type PgPool = bb8::Pool<Manager>;
pub type PooledConn<'a> = bb8::PooledConnection<'a, Manager>;

/// diesel-async's bb8 manager, except that the checkout test costs no round trip: a
/// connection whose socket the server has closed (`pg_terminate_backend`, a restart, an idle
/// timeout) is seen as closed by its driver task as soon as the close arrives, and is then
/// discarded at checkout instead of being handed to a request that would fail on it. A
/// connection that breaks while in use is discarded when it is returned ([`has_broken`]).
///
/// [`has_broken`]: bb8::ManageConnection::has_broken
pub struct Manager(AsyncDieselConnectionManager<AsyncPgConnection>);

impl bb8::ManageConnection for Manager {
    type Connection = AsyncPgConnection;
    type Error = PoolError;

    async fn connect(&self) -> Result<Self::Connection, Self::Error> {
        self.0.connect().await
    }

    async fn is_valid(&self, conn: &mut Self::Connection) -> Result<(), Self::Error> {
        if PoolableConnection::is_broken(conn) {
            return Err(PoolError::ConnectionError(
                diesel::ConnectionError::BadConnection("connection closed".into()),
            ));
        }
        Ok(())
    }

    fn has_broken(&self, conn: &mut Self::Connection) -> bool {
        self.0.has_broken(conn)
    }
}

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

/// Builds the pool. The checkout test is [`Manager`]'s local one (no `SELECT 1`: that doubles
/// round trips on this hardware, see ARCHITECTURE.md): connections already closed are
/// discarded; one that breaks while in use fails its query and is discarded on return.
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
    let manager = Manager(AsyncDieselConnectionManager::new_with_config(url, config));
    bb8::Pool::builder()
        .max_size(options.max_size)
        .connection_timeout(options.connection_timeout)
        .test_on_check_out(true)
        .build(manager)
        .await
        .map_err(|e| DbError::Connect(e.to_string()))
}
