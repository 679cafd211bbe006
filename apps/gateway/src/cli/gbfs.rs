//! `gateway gbfs enable|disable|rotate-token`: a subaccount's public GBFS feed.

use clap::Subcommand;

use fleet_domain::{SubaccountId, TenantId};

#[derive(Debug, Subcommand)]
pub enum GbfsCommand {
    /// Switch a subaccount's public GBFS feed on; prints the feed path (`/gbfs/<token>/gbfs.json`).
    Enable {
        #[arg(long)]
        tenant: TenantId,
        #[arg(long)]
        subaccount: SubaccountId,
        /// Published in system_information.json (required the first time).
        #[arg(long)]
        contact_email: Option<String>,
        /// Deep link per vehicle; `{vehicle_id}` is replaced with its public id.
        #[arg(long)]
        rental_uri_web: Option<String>,
    },
    /// Switch the feed off (its URL answers 404; the token is kept).
    Disable {
        #[arg(long)]
        tenant: TenantId,
        #[arg(long)]
        subaccount: SubaccountId,
    },
    /// Draw a new token: the old URL answers 404 at once. Prints the new feed path.
    RotateToken {
        #[arg(long)]
        tenant: TenantId,
        #[arg(long)]
        subaccount: SubaccountId,
    },
}

pub async fn gbfs(conn: &mut db::AsyncPgConnection, cmd: GbfsCommand) -> anyhow::Result<()> {
    use feeds::settings::{self, FeedChanges};
    let scope = |tenant, sub| fleet_domain::Scope::new(tenant, vec![sub]);
    let feed = match cmd {
        GbfsCommand::Enable {
            tenant,
            subaccount,
            contact_email,
            rental_uri_web,
        } => {
            settings::update_feed(
                conn,
                &scope(tenant, subaccount),
                subaccount,
                FeedChanges {
                    enabled: Some(true),
                    feed_contact_email: contact_email,
                    rental_uri_web: rental_uri_web.map(Some),
                    ..Default::default()
                },
            )
            .await?
            .1
        }
        GbfsCommand::Disable { tenant, subaccount } => {
            settings::update_feed(
                conn,
                &scope(tenant, subaccount),
                subaccount,
                FeedChanges {
                    enabled: Some(false),
                    ..Default::default()
                },
            )
            .await?
            .1
        }
        GbfsCommand::RotateToken { tenant, subaccount } => {
            settings::rotate_token(conn, &scope(tenant, subaccount), subaccount)
                .await?
                .1
        }
    };
    eprintln!(
        "feed of subaccount {} is {}",
        feed.subaccount_id,
        if feed.enabled { "enabled" } else { "disabled" }
    );
    println!("/gbfs/{}/gbfs.json", feed.token);
    Ok(())
}
