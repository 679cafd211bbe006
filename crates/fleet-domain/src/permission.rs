//! API key permissions (SPEC §2): the [`Permission`] enum with its wire strings
//! (`vehicles:read`, …) and [`PermissionSet`], a compact bitset that (de)serializes as a JSON
//! array of those strings.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use utoipa::openapi::schema::{ArrayBuilder, Schema};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

/// One permission a key can hold. The wire form is the `resource:action` string.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
pub enum Permission {
    /// `vehicles:read`
    #[serde(rename = "vehicles:read")]
    VehiclesRead,
    /// `vehicles:write`
    #[serde(rename = "vehicles:write")]
    VehiclesWrite,
    /// `rides:read`
    #[serde(rename = "rides:read")]
    RidesRead,
    /// `rides:write`
    #[serde(rename = "rides:write")]
    RidesWrite,
    /// `customers:read`
    #[serde(rename = "customers:read")]
    CustomersRead,
    /// `customers:write`
    #[serde(rename = "customers:write")]
    CustomersWrite,
    /// `wallet:read`
    #[serde(rename = "wallet:read")]
    WalletRead,
    /// `wallet:write`
    #[serde(rename = "wallet:write")]
    WalletWrite,
    /// `zones:read`
    #[serde(rename = "zones:read")]
    ZonesRead,
    /// `pricing:read`
    #[serde(rename = "pricing:read")]
    PricingRead,
    /// `webhooks:read`
    #[serde(rename = "webhooks:read")]
    WebhooksRead,
    /// `webhooks:write`
    #[serde(rename = "webhooks:write")]
    WebhooksWrite,
    /// `telematics:read`
    #[serde(rename = "telematics:read")]
    TelematicsRead,
    /// `telematics:write`
    #[serde(rename = "telematics:write")]
    TelematicsWrite,
    /// `analytics:read`
    #[serde(rename = "analytics:read")]
    AnalyticsRead,
    /// `keys:read`
    #[serde(rename = "keys:read")]
    KeysRead,
    /// `keys:write`
    #[serde(rename = "keys:write")]
    KeysWrite,
    /// `zones:write`: create, update and delete zones.
    #[serde(rename = "zones:write")]
    ZonesWrite,
    /// `pricing:write`: create, update and deactivate pricing plans.
    #[serde(rename = "pricing:write")]
    PricingWrite,
}

impl Permission {
    /// Every permission, in declaration order (the canonical output order).
    pub const ALL: &'static [Permission] = &[
        Permission::VehiclesRead,
        Permission::VehiclesWrite,
        Permission::RidesRead,
        Permission::RidesWrite,
        Permission::CustomersRead,
        Permission::CustomersWrite,
        Permission::WalletRead,
        Permission::WalletWrite,
        Permission::ZonesRead,
        Permission::PricingRead,
        Permission::WebhooksRead,
        Permission::WebhooksWrite,
        Permission::TelematicsRead,
        Permission::TelematicsWrite,
        Permission::AnalyticsRead,
        Permission::KeysRead,
        Permission::KeysWrite,
        Permission::ZonesWrite,
        Permission::PricingWrite,
    ];

    /// Permissions of a new key when none are given.
    pub const DEFAULTS: &'static [Permission] = &[
        Permission::VehiclesRead,
        Permission::RidesRead,
        Permission::CustomersRead,
        Permission::ZonesRead,
        Permission::PricingRead,
    ];

    /// The wire string, e.g. `"vehicles:read"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Permission::VehiclesRead => "vehicles:read",
            Permission::VehiclesWrite => "vehicles:write",
            Permission::RidesRead => "rides:read",
            Permission::RidesWrite => "rides:write",
            Permission::CustomersRead => "customers:read",
            Permission::CustomersWrite => "customers:write",
            Permission::WalletRead => "wallet:read",
            Permission::WalletWrite => "wallet:write",
            Permission::ZonesRead => "zones:read",
            Permission::PricingRead => "pricing:read",
            Permission::WebhooksRead => "webhooks:read",
            Permission::WebhooksWrite => "webhooks:write",
            Permission::TelematicsRead => "telematics:read",
            Permission::TelematicsWrite => "telematics:write",
            Permission::AnalyticsRead => "analytics:read",
            Permission::KeysRead => "keys:read",
            Permission::KeysWrite => "keys:write",
            Permission::ZonesWrite => "zones:write",
            Permission::PricingWrite => "pricing:write",
        }
    }

    /// The bit of this permission in a [`PermissionSet`].
    const fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A permission string that is not one of [`Permission::ALL`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown permission `{0}`")]
pub struct UnknownPermission(pub String);

impl FromStr for Permission {
    type Err = UnknownPermission;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Permission::ALL
            .iter()
            .copied()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| UnknownPermission(s.to_owned()))
    }
}

/// A set of permissions stored as a bitset. Iteration and serialization follow the order of
/// [`Permission::ALL`]; on the wire it is a JSON array of permission strings.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct PermissionSet(u32);

impl PermissionSet {
    /// The empty set.
    pub const fn empty() -> Self {
        PermissionSet(0)
    }

    /// Every permission.
    pub fn all() -> Self {
        Permission::ALL.iter().copied().collect()
    }

    /// The default permissions of a new key ([`Permission::DEFAULTS`]).
    pub fn defaults() -> Self {
        Permission::DEFAULTS.iter().copied().collect()
    }

    /// The *read only* level preset (seed 001): every `…:read` permission.
    pub fn read_only() -> Self {
        crate::preset::PermissionPreset::ReadOnly.permissions()
    }

    /// The *read-write* level preset: every resource permission except `keys:*` and
    /// `webhooks:*` (so it includes `zones:write` and `pricing:write`).
    pub fn read_write() -> Self {
        crate::preset::PermissionPreset::ReadWrite.permissions()
    }

    /// The *admin* level preset: every permission.
    pub fn admin() -> Self {
        Self::all()
    }

    /// Whether `p` is in the set.
    pub const fn contains(&self, p: Permission) -> bool {
        self.0 & p.bit() != 0
    }

    /// Add `p`; returns `true` if it was not present before.
    pub fn insert(&mut self, p: Permission) -> bool {
        let added = !self.contains(p);
        self.0 |= p.bit();
        added
    }

    /// Remove `p`; returns `true` if it was present.
    pub fn remove(&mut self, p: Permission) -> bool {
        let present = self.contains(p);
        self.0 &= !p.bit();
        present
    }

    /// Number of permissions in the set.
    pub const fn len(&self) -> usize {
        self.0.count_ones() as usize
    }

    /// Whether the set is empty.
    pub const fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// Whether every permission of `self` is also in `other`.
    pub const fn is_subset(&self, other: &PermissionSet) -> bool {
        self.0 & !other.0 == 0
    }

    /// Whether every permission of `other` is also in `self`.
    pub const fn is_superset(&self, other: &PermissionSet) -> bool {
        other.is_subset(self)
    }

    /// Permissions in either set.
    pub const fn union(&self, other: &PermissionSet) -> PermissionSet {
        PermissionSet(self.0 | other.0)
    }

    /// Permissions in both sets.
    pub const fn intersection(&self, other: &PermissionSet) -> PermissionSet {
        PermissionSet(self.0 & other.0)
    }

    /// Permissions of `self` that are not in `other`.
    pub const fn difference(&self, other: &PermissionSet) -> PermissionSet {
        PermissionSet(self.0 & !other.0)
    }

    /// The members, in [`Permission::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = Permission> {
        let bits = self.0;
        Permission::ALL
            .iter()
            .copied()
            .filter(move |p| bits & p.bit() != 0)
    }

    /// The members as wire strings, in [`Permission::ALL`] order.
    pub fn to_strings(&self) -> Vec<String> {
        self.iter().map(|p| p.as_str().to_owned()).collect()
    }

    /// Parse wire strings (duplicates are fine); fails on the first unknown string.
    pub fn parse_strings(strings: &[String]) -> Result<Self, UnknownPermission> {
        strings.iter().map(|s| s.parse::<Permission>()).collect()
    }

    /// Parse a comma- and/or whitespace-separated list (CLI form), e.g.
    /// `"vehicles:read, rides:read keys:write"`. Empty items are ignored, so `""` is the
    /// empty set.
    pub fn parse_list(s: &str) -> Result<Self, UnknownPermission> {
        s.split(|c: char| c == ',' || c.is_whitespace())
            .filter(|item| !item.is_empty())
            .map(str::parse::<Permission>)
            .collect()
    }
}

impl FromIterator<Permission> for PermissionSet {
    fn from_iter<I: IntoIterator<Item = Permission>>(iter: I) -> Self {
        let mut set = PermissionSet::empty();
        set.extend(iter);
        set
    }
}

impl Extend<Permission> for PermissionSet {
    fn extend<I: IntoIterator<Item = Permission>>(&mut self, iter: I) {
        for p in iter {
            self.insert(p);
        }
    }
}

impl From<Permission> for PermissionSet {
    fn from(p: Permission) -> Self {
        PermissionSet(p.bit())
    }
}

impl From<&[Permission]> for PermissionSet {
    fn from(ps: &[Permission]) -> Self {
        ps.iter().copied().collect()
    }
}

impl FromStr for PermissionSet {
    type Err = UnknownPermission;

    /// Same as [`PermissionSet::parse_list`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PermissionSet::parse_list(s)
    }
}

impl fmt::Debug for PermissionSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set()
            .entries(self.iter().map(Permission::as_str))
            .finish()
    }
}

/// Space-separated wire strings, e.g. `vehicles:read rides:read` (parsable by
/// [`PermissionSet::parse_list`]).
impl fmt::Display for PermissionSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str(p.as_str())?;
        }
        Ok(())
    }
}

impl Serialize for PermissionSet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for PermissionSet {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let strings = Vec::<String>::deserialize(deserializer)?;
        PermissionSet::parse_strings(&strings).map_err(serde::de::Error::custom)
    }
}

/// OpenAPI: an array of [`Permission`] (referenced as `#/components/schemas/Permission`).
impl PartialSchema for PermissionSet {
    fn schema() -> RefOr<Schema> {
        ArrayBuilder::new()
            .items(Ref::from_schema_name(Permission::name()))
            .into()
    }
}

impl ToSchema for PermissionSet {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("PermissionSet")
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((Permission::name().into_owned(), Permission::schema()));
        Permission::schemas(schemas);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn all_has_every_variant_once_and_fits_the_bitset() {
        assert_eq!(Permission::ALL.len(), 19);
        assert!(Permission::ALL.len() <= 32);
        for (i, p) in Permission::ALL.iter().enumerate() {
            assert_eq!(*p as usize, i, "ALL order must match discriminants");
        }
        assert_eq!(PermissionSet::all().len(), 19);
    }

    #[test]
    fn every_permission_round_trips_through_its_string() {
        let expected = [
            "vehicles:read",
            "vehicles:write",
            "rides:read",
            "rides:write",
            "customers:read",
            "customers:write",
            "wallet:read",
            "wallet:write",
            "zones:read",
            "pricing:read",
            "webhooks:read",
            "webhooks:write",
            "telematics:read",
            "telematics:write",
            "analytics:read",
            "keys:read",
            "keys:write",
            "zones:write",
            "pricing:write",
        ];
        assert_eq!(Permission::ALL.len(), expected.len());
        for (p, s) in Permission::ALL.iter().copied().zip(expected) {
            assert_eq!(p.as_str(), s);
            assert_eq!(p.to_string(), s);
            assert_eq!(s.parse::<Permission>().unwrap(), p);
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(json, format!("\"{s}\""));
            assert_eq!(serde_json::from_str::<Permission>(&json).unwrap(), p);
        }
    }

    #[test]
    fn unknown_permissions_are_rejected_with_their_name() {
        for bad in [
            "",
            "vehicles",
            "vehicles:delete",
            "Vehicles:read",
            "VEHICLES:READ",
            " vehicles:read",
            "vehicles:read ",
            "vehicles_read",
            "admin",
            "*",
        ] {
            let err = bad.parse::<Permission>().unwrap_err();
            assert_eq!(err, UnknownPermission(bad.to_owned()));
            assert!(err.to_string().contains(&format!("`{bad}`")));
        }
        let err =
            PermissionSet::parse_strings(&["rides:read".to_owned(), "rides:delete".to_owned()])
                .unwrap_err();
        assert_eq!(err.0, "rides:delete");
    }

    #[test]
    fn defaults_match_the_spec() {
        let d = PermissionSet::defaults();
        assert_eq!(
            d.to_strings(),
            [
                "vehicles:read",
                "rides:read",
                "customers:read",
                "zones:read",
                "pricing:read"
            ]
        );
        assert!(!d.contains(Permission::VehiclesWrite));
    }

    #[test]
    fn level_presets_match_seed_001() {
        let ro = PermissionSet::read_only();
        assert!(ro.iter().all(|p| p.as_str().ends_with(":read")));
        assert!(ro.contains(Permission::ZonesRead) && !ro.contains(Permission::ZonesWrite));
        let rw = PermissionSet::read_write();
        for p in [
            Permission::ZonesWrite,
            Permission::PricingWrite,
            Permission::VehiclesWrite,
        ] {
            assert!(rw.contains(p), "{p}");
        }
        for p in [
            Permission::KeysRead,
            Permission::KeysWrite,
            Permission::WebhooksRead,
            Permission::WebhooksWrite,
        ] {
            assert!(!rw.contains(p), "{p}");
        }
        assert!(ro.difference(&rw).to_strings() == ["webhooks:read", "keys:read"]);
        assert_eq!(PermissionSet::admin(), PermissionSet::all());
    }

    #[test]
    fn set_operations() {
        let mut s = PermissionSet::empty();
        assert!(s.is_empty());
        assert!(s.insert(Permission::KeysWrite));
        assert!(!s.insert(Permission::KeysWrite));
        assert!(s.insert(Permission::VehiclesRead));
        assert_eq!(s.len(), 2);
        assert!(s.contains(Permission::KeysWrite));
        assert!(!s.contains(Permission::KeysRead));
        // Iteration follows ALL order, not insertion order.
        assert_eq!(
            s.iter().collect::<Vec<_>>(),
            [Permission::VehiclesRead, Permission::KeysWrite]
        );
        assert_eq!(s.to_string(), "vehicles:read keys:write");
        assert!(s.remove(Permission::KeysWrite));
        assert!(!s.remove(Permission::KeysWrite));
        assert_eq!(s, PermissionSet::from(Permission::VehiclesRead));

        let a: PermissionSet = [Permission::RidesRead, Permission::RidesWrite]
            .into_iter()
            .collect();
        let b = PermissionSet::from(&[Permission::RidesWrite, Permission::WalletRead][..]);
        assert_eq!(
            a.union(&b).to_strings(),
            ["rides:read", "rides:write", "wallet:read"]
        );
        assert_eq!(a.intersection(&b).to_strings(), ["rides:write"]);
        assert_eq!(a.difference(&b).to_strings(), ["rides:read"]);
    }

    #[test]
    fn subset() {
        let all = PermissionSet::all();
        let d = PermissionSet::defaults();
        let empty = PermissionSet::empty();
        assert!(empty.is_subset(&empty));
        assert!(empty.is_subset(&d));
        assert!(d.is_subset(&d));
        assert!(d.is_subset(&all));
        assert!(!all.is_subset(&d));
        assert!(all.is_superset(&d));
        let mut more = d;
        more.insert(Permission::KeysWrite);
        assert!(d.is_subset(&more));
        assert!(!more.is_subset(&d));
        let disjoint = PermissionSet::from(Permission::WalletWrite);
        assert!(!disjoint.is_subset(&d));
        assert!(!d.is_subset(&disjoint));
    }

    #[test]
    fn parse_strings_and_list() {
        let s = PermissionSet::parse_strings(&[
            "keys:read".to_owned(),
            "vehicles:read".to_owned(),
            "keys:read".to_owned(),
        ])
        .unwrap();
        assert_eq!(s.to_strings(), ["vehicles:read", "keys:read"]);
        assert_eq!(
            PermissionSet::parse_strings(&[]).unwrap(),
            PermissionSet::empty()
        );

        let l = PermissionSet::parse_list("vehicles:read,rides:read  keys:write ,\tzones:read\n")
            .unwrap();
        assert_eq!(
            l.to_strings(),
            ["vehicles:read", "rides:read", "zones:read", "keys:write"]
        );
        assert_eq!(
            PermissionSet::parse_list("").unwrap(),
            PermissionSet::empty()
        );
        assert_eq!(
            PermissionSet::parse_list(" , ,").unwrap(),
            PermissionSet::empty()
        );
        assert_eq!(
            PermissionSet::parse_list("rides:read,bogus").unwrap_err(),
            UnknownPermission("bogus".to_owned())
        );
        let all = PermissionSet::all();
        assert_eq!(all.to_string().parse::<PermissionSet>().unwrap(), all);
    }

    #[test]
    fn serde_round_trip() {
        let s = PermissionSet::defaults();
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(
            json,
            r#"["vehicles:read","rides:read","customers:read","zones:read","pricing:read"]"#
        );
        assert_eq!(serde_json::from_str::<PermissionSet>(&json).unwrap(), s);

        let all = PermissionSet::all();
        let back: PermissionSet =
            serde_json::from_str(&serde_json::to_string(&all).unwrap()).unwrap();
        assert_eq!(back, all);

        assert_eq!(
            serde_json::from_str::<PermissionSet>("[]").unwrap(),
            PermissionSet::empty()
        );
        assert_eq!(
            serde_json::from_str::<PermissionSet>(r#"["keys:read","keys:read"]"#).unwrap(),
            PermissionSet::from(Permission::KeysRead)
        );
        let err = serde_json::from_str::<PermissionSet>(r#"["keys:read","keys:admin"]"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("keys:admin"), "{err}");
        assert!(serde_json::from_str::<PermissionSet>(r#""keys:read""#).is_err());
    }

    #[test]
    fn openapi_schema_lists_permission_strings() {
        let perm = serde_json::to_value(Permission::schema()).unwrap();
        let values = perm["enum"].as_array().unwrap();
        let strings: Vec<&str> = values.iter().map(|v| v.as_str().unwrap()).collect();
        let expected: Vec<&str> = Permission::ALL.iter().map(|p| p.as_str()).collect();
        assert_eq!(strings, expected);

        let set = serde_json::to_value(PermissionSet::schema()).unwrap();
        assert_eq!(set["type"], "array");
        assert_eq!(set["items"]["$ref"], "#/components/schemas/Permission");

        let mut schemas = Vec::new();
        PermissionSet::schemas(&mut schemas);
        assert!(schemas.iter().any(|(name, _)| name == "Permission"));
    }
}
