//! What `gateway serve --demo` prints. The demo itself (tenant, subaccounts, keys, seed
//! data, operator, GBFS feed) is one use case outside HTTP, `fleet_demo::run`; this module
//! only words what it created. The use case's names are re-exported for tests and tools.

use std::fmt::Write as _;

pub use fleet_demo::{
    enable_feed, seed, seed_operator, Demo, DemoKey, DemoOperator, DemoRun, DEMO_CUSTOMERS,
    DEMO_FEED_SUBACCOUNT, DEMO_OPERATOR_EMAIL, DEMO_TENANT, DEMO_VEHICLES,
};

/// The lines printed before `Listening on …`: the tenant, its keys (shown again on every
/// start), what this run seeded, the operator and the feed.
pub fn describe(run: &DemoRun, base: &str) -> String {
    let demo = &run.demo;
    let mut out = format!(
        "Demo tenant \"{}\" ({}, id {}) ready. Keys (shown again on every --demo start):\n",
        demo.tenant.name,
        demo.tenant.plan.as_str(),
        demo.tenant.id
    );
    for key in &demo.keys {
        let _ = writeln!(out, "  {:<24} {}", format!("{}:", key.role), key.secret);
    }
    for s in demo.seeded.iter().flatten() {
        let _ = writeln!(
            out,
            "  seeded {} ({}): {} vehicles, {} customers, {} zones, {} pricing plans",
            s.name, s.city, s.vehicles, s.customers, s.zones_created, s.plans_created
        );
    }
    let _ = writeln!(
        out,
        "Demo operator (dashboard {base}/dashboard/ or POST /api/admin/v1/auth/login): {}  password: {}",
        run.operator.email, run.operator.password
    );
    let _ = writeln!(
        out,
        "Public GBFS 3.0 feed of {DEMO_FEED_SUBACCOUNT}: {base}/gbfs/{}/gbfs.json",
        run.feed_token
    );
    out
}

/// The line printed after `Listening on …`: the variables every walkthrough in README.md
/// and docs/ starts from.
pub fn next_steps(run: &DemoRun, base: &str) -> String {
    format!(
        "Next, in a second terminal (the walkthroughs in README.md and docs/ use these):\n  \
         export BASE={base} KEY={} PASSWORD={}",
        run.full_key().unwrap_or_default(),
        run.operator.password
    )
}
