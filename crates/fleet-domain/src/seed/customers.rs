//! Seeded customers: numbered from the tenant's sequence, `rider<number>@example.com`,
//! ~70 % with a welcome credit (ledger row and balance).

use diesel_async::{AsyncConnection, AsyncPgConnection};
use uuid::Uuid;

use super::area::City;
use super::catalog;
use super::rng::Rng;
use super::store::{self, CustomerRow, CHUNK};
use crate::customers::CustomerStatus;
use crate::{Error, Subaccount, TenantId};

pub(super) async fn seed_customers(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    sub: &Subaccount,
    city: City,
    count: u64,
    next_number: &mut i64,
    rng: &mut Rng,
) -> Result<(), Error> {
    let mut left = count;
    while left > 0 {
        let n = left.min(CHUNK as u64);
        let mut rows = Vec::with_capacity(n as usize);
        for _ in 0..n {
            let number = *next_number;
            *next_number += 1;
            rows.push(customer(rng, city, number));
        }
        // `rider<n>@example.com` may have been registered by hand: give those riders
        // another address.
        let emails: Vec<String> = rows.iter().map(|r| r.email.clone()).collect();
        let taken = store::taken_emails(conn, tenant, &emails).await?;
        for row in rows
            .iter_mut()
            .filter(|r| taken.contains(&r.email.to_lowercase()))
        {
            row.email = format!(
                "rider{}.{:08x}@example.com",
                row.customer_number,
                rng.next_u64() >> 32
            );
        }
        conn.transaction(async |conn| {
            store::insert_customers(conn, tenant, sub.id, &sub.currency, &rows).await
        })
        .await?;
        left -= n;
    }
    Ok(())
}

fn customer(rng: &mut Rng, city: City, number: i64) -> CustomerRow {
    let first = rng.pick(catalog::FIRST_NAMES).copied().unwrap_or("Alex");
    let last = rng.pick(catalog::LAST_NAMES).copied().unwrap_or("Doe");
    let status = rng
        .weighted(catalog::CUSTOMER_STATUS_MIX)
        .unwrap_or(CustomerStatus::Active);
    let blocked = status == CustomerStatus::Blocked;
    let credit_cents = if rng.chance(catalog::CREDIT_SHARE) {
        rng.pick(catalog::CREDIT_AMOUNTS).copied().unwrap_or(1_000)
    } else {
        0
    };
    CustomerRow {
        id: Uuid::now_v7(),
        customer_number: number,
        email: format!("rider{number}@example.com"),
        name: format!("{first} {last}"),
        phone: format!("{} {:07}", city.phone, rng.below(10_000_000)),
        status: status.as_str(),
        blocked_reason: if blocked {
            rng.pick(catalog::BLOCK_REASONS).copied()
        } else {
            None
        },
        credit_cents,
    }
}
