//! Permission level presets (seed 001: "Read only", "Read-write", "Admin"), derived from the
//! permission table so a new permission lands in the right presets without a second list.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{Permission, PermissionSet};

/// Resources whose permissions only the admin preset grants.
const ADMIN_RESOURCES: &[&str] = &["keys", "webhooks"];

/// A permission level a new key can start from; its checkboxes can then be adjusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PermissionPreset {
    /// Every `…:read`.
    ReadOnly,
    /// Every resource permission except `keys:*` and `webhooks:*`.
    ReadWrite,
    /// Every permission.
    Admin,
}

impl PermissionPreset {
    pub const ALL: &'static [PermissionPreset] = &[
        PermissionPreset::ReadOnly,
        PermissionPreset::ReadWrite,
        PermissionPreset::Admin,
    ];

    /// The label shown to people.
    pub const fn label(self) -> &'static str {
        match self {
            PermissionPreset::ReadOnly => "Read only",
            PermissionPreset::ReadWrite => "Read-write",
            PermissionPreset::Admin => "Admin",
        }
    }

    /// Whether the preset grants `p`.
    pub fn grants(self, p: Permission) -> bool {
        match self {
            PermissionPreset::ReadOnly => p.as_str().ends_with(":read"),
            PermissionPreset::ReadWrite => !ADMIN_RESOURCES.contains(&resource(p)),
            PermissionPreset::Admin => true,
        }
    }

    /// The preset's permissions.
    pub fn permissions(self) -> PermissionSet {
        Permission::ALL
            .iter()
            .copied()
            .filter(|p| self.grants(*p))
            .collect()
    }
}

/// The resource part of a permission (`vehicles` of `vehicles:read`).
pub fn resource(p: Permission) -> &'static str {
    p.as_str().split_once(':').map_or(p.as_str(), |(r, _)| r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_follow_the_permission_table() {
        let read_only = PermissionPreset::ReadOnly.permissions();
        assert!(read_only.contains(Permission::KeysRead));
        assert!(read_only.contains(Permission::VehiclesRead));
        assert!(!read_only.contains(Permission::VehiclesWrite));
        let read_write = PermissionPreset::ReadWrite.permissions();
        assert!(read_write.contains(Permission::VehiclesWrite));
        assert!(read_write.contains(Permission::TelematicsWrite));
        assert!(!read_write.contains(Permission::KeysRead));
        assert!(!read_write.contains(Permission::WebhooksWrite));
        assert_eq!(PermissionPreset::Admin.permissions(), PermissionSet::all());
        assert_eq!(resource(Permission::WalletWrite), "wallet");
    }
}
