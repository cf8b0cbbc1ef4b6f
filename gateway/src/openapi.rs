//! OpenAPI 3.1 for the REST face, generated from the same descriptors and `google.api.http`
//! rules the transcoder serves, with the contracts' doc comments as descriptions. Only the
//! services behind this gateway are documented.
//!
//! A path variable such as `{name=workspaces/*/projects/*}` becomes one path parameter per
//! `*` (`/v1/workspaces/{workspace}/projects/{project}`), so clients never percent-encode
//! slashes into a single parameter.

use std::collections::{BTreeMap, BTreeSet};

use prost_reflect::{
    DescriptorPool, DynamicMessage, FieldDescriptor, Kind, MessageDescriptor, Value,
};
use serde_json::{Map, Value as Json, json};

/// The leading comment at a descriptor path of a file, trimmed.
fn comment(file: &prost_reflect::FileDescriptor, path: &[i32]) -> Option<String> {
    let info = file.file_descriptor_proto().source_code_info.as_ref()?;
    let location = info.location.iter().find(|l| l.path == path)?;
    let text = location.leading_comments.as_deref()?.trim();
    (!text.is_empty()).then(|| text.lines().map(str::trim).collect::<Vec<_>>().join("\n"))
}

fn is_output_only(
    field: &FieldDescriptor,
    behavior: Option<&prost_reflect::ExtensionDescriptor>,
) -> bool {
    let Some(behavior) = behavior else {
        return false;
    };
    let options = field.options();
    if !options.has_extension(behavior) {
        return false;
    }
    matches!(options.get_extension(behavior).as_ref(), Value::List(values) if values.iter().any(|v| v.as_enum_number() == Some(3)))
}

struct Builder<'a> {
    schemas: BTreeMap<String, Json>,
    pending: Vec<MessageDescriptor>,
    behavior: Option<prost_reflect::ExtensionDescriptor>,
    _pool: &'a DescriptorPool,
}

impl Builder<'_> {
    /// The schema of a field's value (one element for repeated fields).
    fn kind_schema(&mut self, kind: &Kind) -> Json {
        match kind {
            Kind::String => json!({"type": "string"}),
            Kind::Bool => json!({"type": "boolean"}),
            Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => {
                json!({"type": "integer", "format": "int32"})
            }
            Kind::Uint32 | Kind::Fixed32 => {
                json!({"type": "integer", "format": "int32", "minimum": 0})
            }
            // proto3 JSON writes 64-bit integers as strings.
            Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 => {
                json!({"type": "string", "format": "int64"})
            }
            Kind::Uint64 | Kind::Fixed64 => json!({"type": "string", "format": "uint64"}),
            Kind::Float | Kind::Double => json!({"type": "number"}),
            Kind::Bytes => json!({"type": "string", "format": "byte"}),
            Kind::Enum(kind) => {
                json!({"type": "string", "enum": kind.values().map(|v| v.name().to_owned()).collect::<Vec<_>>()})
            }
            Kind::Message(message) => match message.full_name() {
                "google.protobuf.Timestamp" => json!({"type": "string", "format": "date-time"}),
                "google.protobuf.Duration" => {
                    json!({"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?s$"})
                }
                "google.protobuf.FieldMask" => json!({"type": "string"}),
                "google.protobuf.Struct" => json!({"type": "object"}),
                "google.protobuf.Value" => json!({}),
                "google.protobuf.Empty" => json!({"type": "object"}),
                // JSON `Any`: the packed message's fields next to its `@type`.
                "google.protobuf.Any" => {
                    json!({"type": "object", "properties": {"@type": {"type": "string"}}, "required": ["@type"]})
                }
                "google.protobuf.StringValue" => json!({"type": "string"}),
                "google.protobuf.BoolValue" => json!({"type": "boolean"}),
                "google.protobuf.Int32Value" => json!({"type": "integer"}),
                "google.protobuf.Int64Value" => json!({"type": "string", "format": "int64"}),
                "google.protobuf.DoubleValue" | "google.protobuf.FloatValue" => {
                    json!({"type": "number"})
                }
                name => {
                    if !self.schemas.contains_key(name)
                        && !self.pending.iter().any(|m| m.full_name() == name)
                    {
                        self.pending.push(message.clone());
                    }
                    json!({"$ref": format!("#/components/schemas/{name}")})
                }
            },
        }
    }

    fn field_schema(&mut self, field: &FieldDescriptor) -> Json {
        let mut schema = if field.is_map() {
            let Kind::Message(entry) = field.kind() else {
                unreachable!("maps are messages")
            };
            let value = entry.map_entry_value_field();
            json!({"type": "object", "additionalProperties": self.kind_schema(&value.kind())})
        } else if field.is_list() {
            json!({"type": "array", "items": self.kind_schema(&field.kind())})
        } else {
            self.kind_schema(&field.kind())
        };
        if let Json::Object(map) = &mut schema {
            if let Some(text) = comment(&field.parent_file(), field.path()) {
                map.insert("description".into(), text.into());
            }
            if is_output_only(field, self.behavior.as_ref()) {
                map.insert("readOnly".into(), true.into());
            }
        }
        schema
    }

    fn drain(&mut self) {
        while let Some(message) = self.pending.pop() {
            let mut properties = Map::new();
            for field in message.fields() {
                let schema = self.field_schema(&field);
                properties.insert(field.json_name().to_owned(), schema);
            }
            let mut schema =
                json!({"type": "object", "properties": properties, "additionalProperties": false});
            if let Some(text) = comment(&message.parent_file(), message.path()) {
                schema["description"] = text.into();
            }
            self.schemas.insert(message.full_name().to_owned(), schema);
        }
    }
}

fn singular(collection: &str) -> String {
    if let Some(stem) = collection.strip_suffix("ies") {
        format!("{stem}y")
    } else {
        collection
            .strip_suffix('s')
            .unwrap_or(collection)
            .to_owned()
    }
}

/// The OpenAPI path of a template, and its path parameters (name, the field they fill).
fn openapi_path(template: &str) -> (String, Vec<String>, BTreeSet<String>) {
    let (path, verb) = match template
        .rfind(':')
        .filter(|i| !template[*i..].contains('}') && !template[*i..].contains('/'))
    {
        Some(i) => (&template[..i], Some(&template[i + 1..])),
        None => (template, None),
    };
    let mut out = String::new();
    let mut names = Vec::new();
    let mut fields = BTreeSet::new();
    let mut rest = path;
    let mut previous = String::new();
    while !rest.is_empty() {
        if let Some(inner) = rest.strip_prefix("/{") {
            let close = inner.find('}').unwrap_or(inner.len());
            let (field, pattern) = inner[..close]
                .split_once('=')
                .unwrap_or((&inner[..close], "*"));
            fields.insert(field.to_owned());
            for part in pattern.split('/') {
                if part == "*" || part == "**" {
                    let mut name = if previous.is_empty() {
                        field.replace('.', "_")
                    } else {
                        singular(&previous)
                    };
                    while names.contains(&name) {
                        name.push('_');
                    }
                    out += &format!("/{{{name}}}");
                    names.push(name);
                } else {
                    out += &format!("/{part}");
                    previous = part.to_owned();
                }
            }
            rest = &inner[(close + 1).min(inner.len())..];
        } else {
            let rest_without_slash = rest.strip_prefix('/').unwrap_or(rest);
            let end = rest_without_slash
                .find('/')
                .unwrap_or(rest_without_slash.len());
            let part = &rest_without_slash[..end];
            out += &format!("/{part}");
            previous = part.to_owned();
            rest = &rest_without_slash[end..];
        }
    }
    if let Some(verb) = verb {
        out += &format!(":{verb}");
    }
    (out, names, fields)
}

/// The OpenAPI document of `services` (fully qualified names). `public` tells which RPCs
/// need no credentials.
pub fn document(pool: &DescriptorPool, services: &[String], public: impl Fn(&str) -> bool) -> Json {
    let mut builder = Builder {
        schemas: BTreeMap::new(),
        pending: Vec::new(),
        behavior: pool.get_extension_by_name("google.api.field_behavior"),
        _pool: pool,
    };
    let status = builder.kind_schema(&Kind::Message(
        pool.get_message_by_name("google.rpc.Status")
            .expect("google.rpc.Status is compiled in"),
    ));
    let mut paths: BTreeMap<String, Map<String, Json>> = BTreeMap::new();
    let http = pool.get_extension_by_name("google.api.http");
    for service in pool
        .services()
        .filter(|s| services.iter().any(|n| n == s.full_name()))
    {
        let Some(http) = &http else { break };
        for rpc in service.methods().filter(|m| !m.is_client_streaming()) {
            let options = rpc.options();
            if !options.has_extension(http) {
                continue;
            }
            let Value::Message(rule) = options.get_extension(http).into_owned() else {
                continue;
            };
            let mut bindings = vec![rule.clone()];
            if let Some(Value::List(more)) =
                rule.get_field_by_name("additional_bindings").as_deref()
            {
                bindings.extend(more.iter().filter_map(|b| b.as_message().cloned()));
            }
            for (index, binding) in bindings.iter().enumerate() {
                add_operation(
                    &mut builder,
                    &mut paths,
                    &rpc,
                    binding,
                    index,
                    &status,
                    public(&format!("{}/{}", service.full_name(), rpc.name())),
                );
            }
        }
    }
    builder.drain();
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "TaskStream API",
            "version": "v1",
            "description": "REST/JSON face of the TaskStream gRPC services, transcoded from the same contracts (proto3 JSON mapping). Errors are google.rpc.Status objects.",
        },
        "paths": paths,
        "components": {
            "schemas": builder.schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
        "security": [{"bearer": []}],
    })
}

fn text_field(message: &DynamicMessage, name: &str) -> String {
    message
        .get_field_by_name(name)
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[allow(clippy::too_many_arguments)] // the parts of one operation
fn add_operation(
    builder: &mut Builder<'_>,
    paths: &mut BTreeMap<String, Map<String, Json>>,
    rpc: &prost_reflect::MethodDescriptor,
    binding: &DynamicMessage,
    index: usize,
    status: &Json,
    public: bool,
) {
    let Some((method, template)) = ["get", "post", "patch", "delete", "put"]
        .into_iter()
        .find_map(|m| {
            Some(text_field(binding, m))
                .filter(|t| !t.is_empty())
                .map(|t| (m, t))
        })
    else {
        return;
    };
    let body = text_field(binding, "body");
    let (path, names, bound) = openapi_path(&template);
    let mut parameters: Vec<Json> = names
        .iter()
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[^/]+$"}}))
        .collect();
    let input = rpc.input();
    if body != "*" {
        for field in input.fields() {
            if bound.contains(field.name()) || field.name() == body {
                continue;
            }
            let simple = match field.kind() {
                Kind::Message(m) => matches!(
                    m.full_name(),
                    "google.protobuf.FieldMask" | "google.protobuf.Timestamp"
                ),
                _ => !field.is_map(),
            };
            if simple {
                let schema = builder.field_schema(&field);
                parameters.push(json!({"name": field.name(), "in": "query", "required": false, "schema": schema}));
            }
        }
    }
    let mut operation = json!({
        "operationId": if index == 0 { format!("{}_{}", rpc.parent_service().name(), rpc.name()) } else { format!("{}_{}{index}", rpc.parent_service().name(), rpc.name()) },
        "tags": [rpc.parent_service().name()],
        "parameters": parameters,
        "responses": {
            "200": if rpc.is_server_streaming() {
                // One schema per event: `data` is the JSON of one response message.
                json!({
                    "description": "Server-Sent Events; each `data:` is one JSON message, `id:` its position.",
                    "content": {"text/event-stream": {"schema": {
                        "type": "object",
                        "required": ["data"],
                        "properties": {
                            "data": {
                                "type": "string",
                                "contentMediaType": "application/json",
                                "contentSchema": builder.kind_schema(&Kind::Message(rpc.output())),
                            },
                            "id": {"type": "string", "description": "The stream position of the message."},
                            "event": {"type": "string"},
                            "retry": {"type": "integer"},
                        },
                    }}},
                })
            } else {
                json!({"description": "OK", "content": {"application/json": {"schema": builder.kind_schema(&Kind::Message(rpc.output()))}}})
            },
            "default": {"description": "A google.rpc.Status error.", "content": {"application/json": {"schema": status}}},
        },
    });
    if let Some(text) = comment(&rpc.parent_file(), rpc.path()) {
        operation["summary"] = text.lines().next().unwrap_or_default().into();
        operation["description"] = text.into();
    }
    if public {
        operation["security"] = json!([]);
    }
    let body_schema = match body.as_str() {
        "" => None,
        "*" => Some(builder.kind_schema(&Kind::Message(input.clone()))),
        field => input
            .get_field_by_name(field)
            .map(|f| builder.kind_schema(&f.kind())),
    };
    if let Some(schema) = body_schema {
        operation["requestBody"] =
            json!({"required": true, "content": {"application/json": {"schema": schema}}});
    }
    paths
        .entry(path)
        .or_default()
        .insert(method.to_owned(), operation);
}

/// A dependency-free page that renders `/openapi.json` (no CDN).
pub const DOCS_PAGE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>TaskStream API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#222}
h2{margin-top:2rem;border-bottom:1px solid #ddd}code{background:#f4f4f4;padding:0 .3em}
.op{margin:1rem 0;padding:.5rem 1rem;border-left:4px solid #36c}.m{font-weight:bold;text-transform:uppercase;margin-right:.5em}
pre{white-space:pre-wrap;color:#444}</style></head>
<body><h1>TaskStream API</h1><p>Generated from the contracts; the machine-readable form is <a href="/openapi.json">/openapi.json</a>.</p>
<div id="ops">Loading…</div>
<script>
fetch('/openapi.json').then(r=>r.json()).then(doc=>{
  const byTag={};
  for(const [path,item] of Object.entries(doc.paths)) for(const [method,op] of Object.entries(item)) (byTag[op.tags[0]] ??= []).push([method,path,op]);
  const root=document.getElementById('ops'); root.textContent='';
  for(const [tag,ops] of Object.entries(byTag)){
    const h=document.createElement('h2'); h.textContent=tag; root.appendChild(h);
    for(const [method,path,op] of ops){
      const d=document.createElement('div'); d.className='op';
      const t=document.createElement('div'); const m=document.createElement('span'); m.className='m'; m.textContent=method;
      const c=document.createElement('code'); c.textContent=path; t.append(m,c); d.appendChild(t);
      const p=document.createElement('pre'); p.textContent=op.description||''; d.appendChild(p);
      root.appendChild(d);
    }
  }
});
</script></body></html>"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_become_one_parameter_per_segment() {
        let (path, names, fields) = openapi_path("/v1/{name=workspaces/*/projects/*}:undelete");
        assert_eq!(
            path,
            "/v1/workspaces/{workspace}/projects/{project}:undelete"
        );
        assert_eq!(names, ["workspace", "project"]);
        assert!(fields.contains("name"));
        let (path, _, _) = openapi_path("/v1/{parent=workspaces/*}/projects");
        assert_eq!(path, "/v1/workspaces/{workspace}/projects");
        let (path, names, _) = openapi_path("/v1/{name=users/*}");
        assert_eq!(
            (path.as_str(), names),
            ("/v1/users/{user}", vec!["user".to_owned()])
        );
        assert_eq!(openapi_path("/v1/users:signUp").0, "/v1/users:signUp");
        assert_eq!(singular("liveDocuments"), "liveDocument");
        assert_eq!(singular("policies"), "policy");
    }
}
