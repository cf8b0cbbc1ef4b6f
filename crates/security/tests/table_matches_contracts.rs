//! The authorization table, the contracts and `docs/authorization.md` must agree.

use prost_reflect::{DescriptorPool, Kind, MessageDescriptor};
use taskstream_security::table::{AccessKind, TABLE};

fn pool() -> DescriptorPool {
    DescriptorPool::decode(taskstream_proto::FILE_DESCRIPTOR_SET).expect("descriptor set")
}

/// Whether `path` (`task.name`) leads to a string field of `message`.
fn is_string_path(message: &MessageDescriptor, path: &str) -> bool {
    let mut message = message.clone();
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        let Some(field) = message.get_field_by_name(part) else {
            return false;
        };
        match (field.kind(), parts.peek()) {
            (Kind::String, None) => return !field.is_list(),
            (Kind::Message(inner), Some(_)) => message = inner,
            _ => return false,
        }
    }
    false
}

#[test]
fn every_rpc_of_the_contracts_has_a_rule_and_every_rule_an_rpc() {
    let pool = pool();
    let mut in_contracts = Vec::new();
    for service in pool
        .services()
        .filter(|s| s.full_name().starts_with("taskstream."))
    {
        for method in service.methods() {
            let name = format!("{}/{}", service.full_name(), method.name());
            let rule = TABLE
                .rule(&name)
                .unwrap_or_else(|| panic!("{name} is missing from authorization.toml"));
            for path in &rule.resource {
                assert!(
                    is_string_path(&method.input(), path),
                    "{name}: resource `{path}` is not a string field of {}",
                    method.input().full_name()
                );
            }
            assert_eq!(
                rule.streaming,
                method.is_client_streaming(),
                "{name}: `streaming` must be set exactly for client-streaming RPCs"
            );
            in_contracts.push(name);
        }
    }
    for (method, _) in TABLE.methods() {
        assert!(
            in_contracts.iter().any(|m| m == method),
            "{method} is in the table but not in the contracts"
        );
    }
}

#[test]
fn every_workspace_permission_is_granted_to_some_role() {
    for (method, rule) in TABLE.methods() {
        if rule.access == AccessKind::Workspace {
            let permission = rule.permission.as_deref().unwrap();
            assert!(
                TABLE.weakest_role(permission).is_some(),
                "{method}: no role holds {permission}"
            );
        }
    }
}

#[test]
fn docs_match_the_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/authorization.md");
    let rendered = TABLE.render_markdown();
    if std::env::var_os("UPDATE_AUTHZ_DOCS").is_some() {
        std::fs::write(path, &rendered).unwrap();
    }
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        on_disk == rendered,
        "docs/authorization.md is out of date: run `UPDATE_AUTHZ_DOCS=1 cargo test -p taskstream-security --test table_matches_contracts`"
    );
}
