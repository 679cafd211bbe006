#![allow(clippy::unwrap_used, clippy::expect_used)]

use db::test_db::TestDb;
use db::RunQueryDsl;
use diesel::sql_types::{BigInt, Text};

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(diesel::QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[tokio::test]
async fn each_test_gets_its_own_migrated_database() {
    let a = TestDb::new().await;
    let b = TestDb::new().await;
    assert_ne!(a.name(), b.name());
    let pool = a.pool().await;
    let mut conn = pool.get().await.unwrap();
    let tables: Vec<Name> = diesel::sql_query(
        "SELECT table_name::text AS name FROM information_schema.tables \
         WHERE table_schema = 'public' ORDER BY 1",
    )
    .load(&mut conn)
    .await
    .unwrap();
    let names: Vec<_> = tables.iter().map(|t| t.name.as_str()).collect();
    for expected in ["api_keys", "subaccounts", "tenants"] {
        assert!(names.contains(&expected), "{names:?}");
    }
    // Writes in one test database are invisible in another.
    diesel::sql_query(
        "INSERT INTO tenants (id, name, plan) VALUES (gen_random_uuid(), 'x', 'trial')",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    let pool_b = b.pool().await;
    let mut conn_b = pool_b.get().await.unwrap();
    let count: Count = diesel::sql_query("SELECT count(*) AS n FROM tenants")
        .get_result(&mut conn_b)
        .await
        .unwrap();
    assert_eq!(count.n, 0);
}

#[tokio::test]
async fn dropped_databases_are_removed() {
    let name = {
        let db = TestDb::new().await;
        db.name().to_owned()
    };
    let admin = TestDb::new().await;
    let pool = admin.pool().await;
    let mut conn = pool.get().await.unwrap();
    let count: Count = diesel::sql_query(format!(
        "SELECT count(*) AS n FROM pg_database WHERE datname = '{name}'"
    ))
    .get_result(&mut conn)
    .await
    .unwrap();
    assert_eq!(count.n, 0);
}

#[tokio::test]
async fn ensure_database_creates_a_missing_database_and_migrations_are_idempotent() {
    let holder = TestDb::new().await;
    let url = holder
        .url()
        .replace(holder.name(), &format!("{}_created", holder.name()));
    db::ensure_database(&url).await.unwrap();
    db::ensure_database(&url).await.unwrap();
    let first = db::run_migrations(&url).await.unwrap();
    assert!(!first.is_empty());
    let second = db::run_migrations(&url).await.unwrap();
    assert!(second.is_empty());
    drop_database(url.rsplit('/').next().unwrap()).await;
}

async fn drop_database(name: &str) {
    let (client, connection) = tokio_postgres::connect(
        "postgres://postgres@127.0.0.1:5432/postgres",
        tokio_postgres::NoTls,
    )
    .await
    .unwrap();
    tokio::spawn(connection);
    client
        .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .await
        .unwrap();
}
