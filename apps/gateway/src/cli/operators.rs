//! `gateway operators create`.

use clap::Subcommand;

use fleet_domain::TenantId;

#[derive(Debug, Subcommand)]
pub enum OperatorCommand {
    /// Create an operator and print their id. The password comes from --password or, when
    /// absent, from the first line of standard input.
    Create {
        #[arg(long)]
        tenant: TenantId,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// owner, admin or viewer.
        #[arg(long, default_value = "owner")]
        role: keys::operators::Role,
        /// Visible to other local users in the process list; prefer standard input.
        #[arg(long)]
        password: Option<String>,
    },
}

pub async fn operators(
    conn: &mut db::AsyncPgConnection,
    cmd: OperatorCommand,
) -> anyhow::Result<()> {
    match cmd {
        OperatorCommand::Create {
            tenant,
            email,
            name,
            role,
            password,
        } => {
            let password = match password {
                Some(p) => p,
                None => {
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let op = keys::operators::service::create_operator(
                conn,
                tenant,
                keys::operators::NewOperator {
                    email,
                    name,
                    role,
                    password,
                },
            )
            .await?;
            eprintln!(
                "created operator {} ({}, {})",
                op.id,
                op.email,
                op.role.as_str()
            );
            println!("{}", op.id);
        }
    }
    Ok(())
}
