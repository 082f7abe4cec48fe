//! Building the merged spec in memory: the vendor's methods, paths, parameters, bodies,
//! responses and schemas under our operationIds, tags, summaries, schema names and extensions.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use anyhow::{Result, bail};
use heck::ToSnakeCase;
use serde_json::Value;

use super::matching::{Matching, Operation};
use super::ordered::{Json, Map};

/// Keys whose value is a map from names (field, header, media type, status, component) to
/// objects: an `x-` key there is a name, not an extension.
pub(crate) const NAME_MAPS: [&str; 16] = [
    "properties",
    "headers",
    "responses",
    "content",
    "schemas",
    "securitySchemes",
    "examples",
    "links",
    "callbacks",
    "variables",
    "encoding",
    "mapping",
    "paths",
    "parameters",
    "requestBodies",
    "patternProperties",
];

/// Keys whose value is data (examples, defaults, enum values), never looked into.
const DATA_KEYS: [&str; 4] = ["example", "default", "enum", "value"];

/// Operation members that stay ours: the names users' code and the CLI use, and how a call is
/// authorized.
const OPERATION_KEEPS_OURS: [&str; 4] = ["tags", "summary", "operationId", "security"];

/// Our schema name for each vendor schema name, and what the naming found.
#[derive(Debug, Default)]
pub struct SchemaNames {
    /// Vendor name -> the name it has in the merged spec.
    pub names: BTreeMap<String, String>,
    /// (vendor name, our name) where they differ.
    pub renamed: Vec<(String, String)>,
    /// Vendor schemas with no counterpart, under their own name.
    pub vendor_only: Vec<String>,
    /// (vendor name, name given) where the vendor's name is taken by another of ours.
    pub suffixed: Vec<(String, String)>,
    /// Our schemas no vendor schema became.
    pub ours_only: Vec<String>,
    /// Pairings seen but not used ("vendor `X` is also where ours has `Y`").
    pub conflicts: Vec<String>,
}

/// What the merge did besides the document, for the report.
#[derive(Debug, Default)]
pub struct Merged {
    /// The merged spec.
    pub document: Json,
    /// Schema naming.
    pub schemas: SchemaNames,
    /// Our extensions that had nowhere to go (`at: x-name`).
    pub lost_extensions: Vec<String>,
    /// The vendor's own extension names and how often each was dropped.
    pub vendor_extensions: BTreeMap<String, usize>,
    /// For each vendor-only operation (vendor index): the operationId it got and why.
    pub added_ids: BTreeMap<usize, (String, String)>,
    /// Tags the added operations brought.
    pub new_tags: Vec<String>,
    /// Added operations whose `security` named schemes we do not have (dropped).
    pub dropped_security: Vec<String>,
    /// How the vendor's paths were rebased onto our server path, when they were.
    pub rebased: Option<String>,
}

fn is_extension(key: &str) -> bool {
    key.starts_with("x-")
}

/// The vendor's document made ready: path-level parameters folded into each operation.
pub fn fold_path_parameters(document: &mut Json) {
    let Some(paths) = document.get_mut("paths").and_then(Json::as_object_mut) else {
        return;
    };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        let Some(Json::Array(shared)) = item.shift_remove("parameters") else {
            continue;
        };
        for (method, operation) in item.iter_mut() {
            if !crate::validate::METHODS.contains(&method.as_str()) {
                continue;
            }
            let Some(operation) = operation.as_object_mut() else {
                continue;
            };
            let own = match operation.get("parameters") {
                Some(Json::Array(own)) => own.clone(),
                _ => Vec::new(),
            };
            let key = |p: &Json| {
                (
                    p.get("name").and_then(Json::as_str).map(str::to_owned),
                    p.get("in").and_then(Json::as_str).map(str::to_owned),
                    p.get("$ref").and_then(Json::as_str).map(str::to_owned),
                )
            };
            let mut all: Vec<Json> = shared
                .iter()
                .filter(|p| !own.iter().any(|o| key(o) == key(p)))
                .cloned()
                .collect();
            all.extend(own);
            operation.insert("parameters".into(), Json::Array(all));
        }
    }
}

/// The path part of a document's first server URL, without a trailing `/` (`/api` for
/// `https://{env}.egnyteprotect.com/api`; empty when there is none).
pub fn server_path(document: &Json) -> String {
    let url = match document.get("servers") {
        Some(Json::Array(servers)) => servers
            .first()
            .and_then(|s| s.get("url"))
            .and_then(Json::as_str)
            .unwrap_or(""),
        _ => "",
    };
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |at| &rest[at..]),
        None => url,
    };
    path.trim_end_matches('/').to_owned()
}

/// Rewrites the vendor's paths to be relative to our server URL's path: with the vendor's
/// server at `https://host` and ours at `https://host/api`, the vendor's `/api/v1/issues` is
/// our `/v1/issues`. Returns what was done, for the report (`None` when the server paths
/// agree), or an error when a path does not start with ours.
pub fn rebase_paths(
    vendor: &mut Json,
    vendor_base: &str,
    our_base: &str,
) -> Result<Option<String>> {
    if vendor_base == our_base {
        return Ok(None);
    }
    let Some(paths) = vendor.get_mut("paths").and_then(Json::as_object_mut) else {
        return Ok(None);
    };
    let mut rebased = Map::new();
    for (path, item) in std::mem::take(paths) {
        let full = format!("{vendor_base}{path}");
        let Some(relative) = full.strip_prefix(our_base).filter(|r| r.starts_with('/')) else {
            bail!(
                "the vendor's `{path}` (server path `{vendor_base}`) is not under our server path \
                 `{our_base}`: align the `servers` of the two files first"
            );
        };
        rebased.insert(relative.to_owned(), item);
    }
    *paths = rebased;
    Ok(Some(format!(
        "The vendor's server URL path is `{vendor_base}`, ours `{our_base}`: the vendor's paths \
         were read relative to ours (`{vendor_base}/...` is our `{our_base}/...`); our `servers` \
         are kept."
    )))
}

/// Removes the vendor's `x-` extensions (counted by name in `seen`).
pub fn strip_extensions(value: &mut Json, names_map: bool, seen: &mut BTreeMap<String, usize>) {
    match value {
        Json::Object(map) => {
            if !names_map {
                map.retain(|key, _| {
                    if is_extension(key) {
                        *seen.entry(key.clone()).or_default() += 1;
                        false
                    } else {
                        true
                    }
                });
            }
            for (key, child) in map.iter_mut() {
                if !names_map && DATA_KEYS.contains(&key.as_str()) {
                    continue;
                }
                strip_extensions(child, !names_map && NAME_MAPS.contains(&key.as_str()), seen);
            }
        }
        Json::Array(items) => {
            for item in items {
                strip_extensions(item, false, seen);
            }
        }
        _ => {}
    }
}

/// Rewrites `#/components/schemas/<vendor name>` to the merged name everywhere.
pub fn rename_refs(value: &mut Json, names: &BTreeMap<String, String>) {
    match value {
        Json::Object(map) => {
            for (key, child) in map.iter_mut() {
                if key == "$ref"
                    && let Json::String(reference) = child
                    && let Some(name) = reference.strip_prefix("#/components/schemas/")
                    && let Some(ours) = names.get(&unescape(name))
                {
                    *reference = format!("#/components/schemas/{}", escape(ours));
                } else {
                    rename_refs(child, names);
                }
            }
        }
        Json::Array(items) => items.iter_mut().for_each(|item| rename_refs(item, names)),
        _ => {}
    }
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// The component schema a `$ref` names.
fn schema_ref(value: &Value) -> Option<String> {
    value
        .get("$ref")?
        .as_str()?
        .strip_prefix("#/components/schemas/")
        .map(unescape)
}

/// Follows a local `$ref` once.
fn resolve<'a>(document: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => crate::validate::lookup_ref(document, reference).unwrap_or(value),
        None => value,
    }
}

/// The schema of a request body or response: `application/json`, else the first media type.
pub fn content_schema<'a>(document: &'a Value, holder: &'a Value) -> Option<&'a Value> {
    let holder = resolve(document, holder);
    let content = holder.get("content")?.as_object()?;
    content
        .get("application/json")
        .or_else(|| content.values().next())?
        .get("schema")
}

/// Pairs of (vendor schema, our schema) found at the same place, counted, in first-seen order.
struct Votes<'a> {
    ours: &'a Value,
    vendor: &'a Value,
    counts: Vec<((String, String), usize)>,
    walked: HashSet<(String, String)>,
}

impl Votes<'_> {
    fn vote(&mut self, vendor: String, ours: String) {
        match self
            .counts
            .iter_mut()
            .find(|(pair, _)| pair.0 == vendor && pair.1 == ours)
        {
            Some((_, count)) => *count += 1,
            None => self.counts.push(((vendor, ours), 1)),
        }
    }

    fn walk(&mut self, ours: &Value, vendor: &Value, depth: usize) {
        if depth > 24 {
            return;
        }
        let (mut o, mut v) = (ours, vendor);
        if let (Some(a), Some(b)) = (schema_ref(ours), schema_ref(vendor)) {
            self.vote(b.clone(), a.clone());
            if !self.walked.insert((b.clone(), a.clone())) {
                return;
            }
        }
        let (our_doc, vendor_doc) = (self.ours, self.vendor);
        o = resolve(our_doc, o);
        v = resolve(vendor_doc, v);
        if o.get("$ref").is_some() || v.get("$ref").is_some() {
            return;
        }
        for key in ["items", "additionalProperties", "not"] {
            if let (Some(a), Some(b)) = (o.get(key), v.get(key))
                && a.is_object()
                && b.is_object()
            {
                self.walk(a, b, depth + 1);
            }
        }
        if let (Some(a), Some(b)) = (
            o.get("properties").and_then(Value::as_object),
            v.get("properties").and_then(Value::as_object),
        ) {
            for (name, schema) in a {
                if let Some(other) = b.get(name) {
                    self.walk(schema, other, depth + 1);
                }
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let (Some(a), Some(b)) = (
                o.get(key).and_then(Value::as_array),
                v.get(key).and_then(Value::as_array),
            ) && a.len() == b.len()
            {
                for (x, y) in a.iter().zip(b) {
                    self.walk(x, y, depth + 1);
                }
            }
        }
    }
}

/// Maps the vendor's schema names to ours through the matched operations (body, responses,
/// parameters, then properties, items and compositions of the schemas found there).
pub fn name_schemas(
    ours: &Value,
    vendor: &Value,
    our_ops: &[Operation],
    vendor_ops: &[Operation],
    matching: &Matching,
) -> SchemaNames {
    let mut votes = Votes {
        ours,
        vendor,
        counts: Vec::new(),
        walked: HashSet::new(),
    };
    let operation = |doc: &'_ Value, op: &Operation| -> Value {
        doc.pointer(&format!("/paths/{}/{}", escape(&op.path), op.method))
            .cloned()
            .unwrap_or(Value::Null)
    };
    for pair in &matching.pairs {
        let o = operation(ours, &our_ops[pair.ours]);
        let v = operation(vendor, &vendor_ops[pair.vendor]);
        if let (Some(a), Some(b)) = (o.get("requestBody"), v.get("requestBody"))
            && let (Some(a), Some(b)) = (content_schema(ours, a), content_schema(vendor, b))
        {
            votes.walk(a, b, 0);
        }
        if let (Some(a), Some(b)) = (
            o.get("responses").and_then(Value::as_object),
            v.get("responses").and_then(Value::as_object),
        ) {
            for (status, response) in a {
                if let Some(other) = b.get(status)
                    && let (Some(x), Some(y)) = (
                        content_schema(ours, response),
                        content_schema(vendor, other),
                    )
                {
                    votes.walk(x, y, 0);
                }
            }
        }
        let params = |op: &Value, doc: &Value| -> BTreeMap<(String, String), Value> {
            op.get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|p| resolve(doc, p))
                .filter_map(|p| {
                    Some((
                        (
                            p.get("name")?.as_str()?.to_owned(),
                            p.get("in")?.as_str()?.to_owned(),
                        ),
                        p.get("schema")?.clone(),
                    ))
                })
                .collect()
        };
        let (a, b) = (params(&o, ours), params(&v, vendor));
        for (key, schema) in &a {
            if let Some(other) = b.get(key) {
                votes.walk(schema, other, 0);
            }
        }
    }

    let names_of = |doc: &Value| -> Vec<String> {
        doc.pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    let (our_names, vendor_names) = (names_of(ours), names_of(vendor));
    let our_set: BTreeSet<&String> = our_names.iter().collect();
    let mut result = SchemaNames::default();
    let mut taken: BTreeSet<String> = BTreeSet::new();

    // The same name on both sides, where the places agree (or say nothing).
    for name in &vendor_names {
        let voted_elsewhere = votes
            .counts
            .iter()
            .any(|((b, a), _)| b == name && a != name);
        let voted_same = votes
            .counts
            .iter()
            .any(|((b, a), _)| b == name && a == name);
        if our_set.contains(name) && (voted_same || !voted_elsewhere) {
            result.names.insert(name.clone(), name.clone());
            taken.insert(name.clone());
        }
    }
    // Then the most frequent pairing first.
    let mut ranked: Vec<(usize, usize)> = votes
        .counts
        .iter()
        .enumerate()
        .map(|(index, (_, count))| (index, *count))
        .collect();
    ranked.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    for (index, _) in ranked {
        let ((vendor_name, our_name), _) = &votes.counts[index];
        if !vendor_names.contains(vendor_name) || !our_set.contains(our_name) {
            continue;
        }
        match result.names.get(vendor_name) {
            Some(given) if given == our_name => {}
            Some(given) => result.conflicts.push(format!(
                "the vendor's `{vendor_name}` is also used where ours has `{our_name}`; it \
                 became `{given}`"
            )),
            None if taken.contains(our_name) => result.conflicts.push(format!(
                "the vendor's `{vendor_name}` sits where ours has `{our_name}`, but `{our_name}` \
                 is already the vendor's `{}`",
                result
                    .names
                    .iter()
                    .find(|(_, a)| *a == our_name)
                    .map_or("?", |(b, _)| b.as_str())
            )),
            None => {
                result.names.insert(vendor_name.clone(), our_name.clone());
                taken.insert(our_name.clone());
                result.renamed.push((vendor_name.clone(), our_name.clone()));
            }
        }
    }
    // What is left keeps its own name (or, when one of ours holds it, gets a suffix).
    for name in &vendor_names {
        if result.names.contains_key(name) {
            continue;
        }
        let mut given = name.clone();
        if our_set.contains(name) || taken.contains(name) {
            given = format!("{name}Vendor");
            let mut n = 2;
            while our_set.contains(&given) || taken.contains(&given) {
                given = format!("{name}Vendor{n}");
                n += 1;
            }
            result.suffixed.push((name.clone(), given.clone()));
        } else {
            result.vendor_only.push(name.clone());
        }
        taken.insert(given.clone());
        result.names.insert(name.clone(), given);
    }
    result.ours_only = our_names
        .into_iter()
        .filter(|name| !taken.contains(name))
        .collect();
    result
}

/// Our value with the vendor's in its place: every member the vendor has, in our order where
/// we have it too (then the vendor's new ones), with every `x-` extension of ours carried to
/// the same place. Our extensions whose place the vendor does not have are listed in `lost`.
pub fn overlay(
    ours: &Json,
    vendor: &Json,
    at: &str,
    names_map: bool,
    parent: &str,
    lost: &mut Vec<String>,
) -> Json {
    match (ours, vendor) {
        (Json::Object(o), Json::Object(v)) => {
            if v.contains_key("$ref") && !o.contains_key("$ref") {
                lost_in(ours, at, names_map, lost);
                return vendor.clone();
            }
            let mut out = Map::new();
            for (key, ours_child) in o {
                let child_at = format!("{at}.{key}");
                if !names_map && is_extension(key) {
                    out.insert(key.clone(), ours_child.clone());
                } else if let Some(vendor_child) = v.get(key) {
                    let child_names = !names_map && NAME_MAPS.contains(&key.as_str());
                    let data = !names_map && DATA_KEYS.contains(&key.as_str());
                    let merged = if data {
                        vendor_child.clone()
                    } else {
                        overlay(ours_child, vendor_child, &child_at, child_names, key, lost)
                    };
                    out.insert(key.clone(), merged);
                } else if !DATA_KEYS.contains(&key.as_str()) {
                    lost_in(
                        ours_child,
                        &child_at,
                        !names_map && NAME_MAPS.contains(&key.as_str()),
                        lost,
                    );
                }
            }
            for (key, vendor_child) in v {
                if !out.contains_key(key) {
                    insert_before_extensions(&mut out, key.clone(), vendor_child.clone());
                }
            }
            Json::Object(out)
        }
        (Json::Array(o), Json::Array(v)) => {
            let by_name = |p: &Json| {
                Some((
                    p.get("name")?.as_str()?.to_owned(),
                    p.get("in")?.as_str()?.to_owned(),
                ))
            };
            if parent == "parameters" {
                let mut used = vec![false; o.len()];
                let out = v
                    .iter()
                    .map(|vp| {
                        let found = by_name(vp).and_then(|key| {
                            o.iter().position(|op| by_name(op).as_ref() == Some(&key))
                        });
                        match found {
                            Some(index) => {
                                used[index] = true;
                                let name = by_name(vp).map(|k| k.0).unwrap_or_default();
                                overlay(&o[index], vp, &format!("{at}[{name}]"), false, "", lost)
                            }
                            None => vp.clone(),
                        }
                    })
                    .collect();
                for (index, op) in o.iter().enumerate() {
                    if !used[index] {
                        let name = by_name(op).map(|k| k.0).unwrap_or_default();
                        lost_in(op, &format!("{at}[{name}]"), false, lost);
                    }
                }
                Json::Array(out)
            } else if o.len() == v.len() {
                Json::Array(
                    o.iter()
                        .zip(v)
                        .enumerate()
                        .map(|(i, (a, b))| overlay(a, b, &format!("{at}[{i}]"), false, "", lost))
                        .collect(),
                )
            } else {
                lost_in(ours, at, false, lost);
                vendor.clone()
            }
        }
        _ => {
            lost_in(ours, at, names_map, lost);
            vendor.clone()
        }
    }
}

/// Records every extension of ours inside `value` as lost.
fn lost_in(value: &Json, at: &str, names_map: bool, lost: &mut Vec<String>) {
    match value {
        Json::Object(map) => {
            for (key, child) in map {
                if !names_map && is_extension(key) {
                    lost.push(format!("{at}: {key}"));
                } else if names_map || !DATA_KEYS.contains(&key.as_str()) {
                    lost_in(
                        child,
                        &format!("{at}.{key}"),
                        !names_map && NAME_MAPS.contains(&key.as_str()),
                        lost,
                    );
                }
            }
        }
        Json::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                lost_in(item, &format!("{at}[{index}]"), false, lost);
            }
        }
        _ => {}
    }
}

/// Inserts `key` before the first extension of `map` (extensions come last in our specs).
fn insert_before_extensions(map: &mut Map, key: String, value: Json) {
    let index = map
        .keys()
        .position(|k| is_extension(k))
        .unwrap_or(map.len());
    map.shift_insert(index, key, value);
}

/// Sets `key` after `after` (or at the end).
fn insert_after(map: &mut Map, after: &str, key: &str, value: Json) {
    if map.contains_key(key) {
        map.insert(key.to_owned(), value);
        return;
    }
    let index = map.get_index_of(after).map_or(map.len(), |index| index + 1);
    map.shift_insert(index, key.to_owned(), value);
}

/// One matched operation: ours, with the vendor's parameters, body, responses and the rest.
fn merge_operation(
    ours: &Json,
    vendor: &Json,
    same_route: bool,
    at: &str,
    lost: &mut Vec<String>,
) -> Json {
    let (Some(o), Some(v)) = (ours.as_object(), vendor.as_object()) else {
        return ours.clone();
    };
    let mut out = Map::new();
    for (key, ours_child) in o {
        if is_extension(key) {
            if key == "x-path-confirmed" && !same_route {
                lost.push(format!("{at}: {key} (the path changed)"));
                continue;
            }
            out.insert(key.clone(), ours_child.clone());
        } else if OPERATION_KEEPS_OURS.contains(&key.as_str()) {
            out.insert(key.clone(), ours_child.clone());
        } else if let Some(vendor_child) = v.get(key) {
            out.insert(
                key.clone(),
                overlay(
                    ours_child,
                    vendor_child,
                    &format!("{at}.{key}"),
                    NAME_MAPS.contains(&key.as_str()),
                    key,
                    lost,
                ),
            );
        } else if key == "description" {
            out.insert(key.clone(), ours_child.clone());
        } else {
            lost_in(
                ours_child,
                &format!("{at}.{key}"),
                NAME_MAPS.contains(&key.as_str()),
                lost,
            );
        }
    }
    for (key, vendor_child) in v {
        if !out.contains_key(key) && !OPERATION_KEEPS_OURS.contains(&key.as_str()) {
            insert_before_extensions(&mut out, key.clone(), vendor_child.clone());
        }
    }
    out.insert("x-path-source".into(), Json::String("vendor-spec".into()));
    Json::Object(out)
}

fn operation_at<'a>(document: &'a Json, op: &Operation) -> Option<&'a Json> {
    document.get("paths")?.get(&op.path)?.get(&op.method)
}

/// Builds the merged document. `vendor` is the vendor's document after
/// [`fold_path_parameters`], [`strip_extensions`] and [`rename_refs`].
pub fn build(
    ours: &Json,
    vendor: &Json,
    our_ops: &[Operation],
    vendor_ops: &[Operation],
    matching: &Matching,
    merged: &mut Merged,
) -> Result<()> {
    let mut document = ours.clone();
    let mut paths = Map::new();
    let mut place = |path: &str, method: &str, operation: Json| -> Result<()> {
        let item = paths
            .entry(path.to_owned())
            .or_insert_with(|| Json::Object(Map::new()));
        let Some(item) = item.as_object_mut() else {
            bail!("paths.{path} is not an object");
        };
        if item.insert(method.to_owned(), operation).is_some() {
            bail!(
                "two operations would sit at {} {path}",
                method.to_uppercase()
            );
        }
        Ok(())
    };
    let mut ids: BTreeSet<String> = BTreeSet::new();
    let mut lost = Vec::new();
    for (index, op) in our_ops.iter().enumerate() {
        let Some(ours_json) = operation_at(ours, op) else {
            continue;
        };
        if let Some(id) = &op.operation_id {
            ids.insert(id.clone());
        }
        match matching.pairs.iter().find(|pair| pair.ours == index) {
            Some(pair) => {
                let v = &vendor_ops[pair.vendor];
                let Some(vendor_json) = operation_at(vendor, v) else {
                    continue;
                };
                let same_route = v.path == op.path && v.method == op.method;
                let at = format!("paths.{}.{}", op.path, op.method);
                place(
                    &v.path,
                    &v.method,
                    merge_operation(ours_json, vendor_json, same_route, &at, &mut lost),
                )?;
            }
            None => {
                let mut kept = ours_json.clone();
                if let Some(map) = kept.as_object_mut() {
                    insert_after(
                        map,
                        "x-path-source",
                        "x-vendor-spec",
                        Json::String("missing".into()),
                    );
                }
                place(&op.path, &op.method, kept)?;
            }
        }
    }

    let schemes: BTreeSet<String> = ours
        .pointer("/components/securitySchemes")
        .and_then(Json::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let mut tags: Vec<String> = ours
        .get("tags")
        .and_then(|t| match t {
            Json::Array(items) => Some(
                items
                    .iter()
                    .filter_map(|t| t.get("name").and_then(Json::as_str).map(str::to_owned))
                    .collect(),
            ),
            _ => None,
        })
        .unwrap_or_default();
    for &index in &matching.vendor_only {
        let v = &vendor_ops[index];
        let Some(vendor_json) = operation_at(vendor, v) else {
            continue;
        };
        let mut added = vendor_json.clone();
        let Some(map) = added.as_object_mut() else {
            continue;
        };
        let (base, origin) = match &v.operation_id {
            Some(id) => (id.clone(), "the vendor's"),
            None => match &v.summary {
                Some(summary) => (summary.to_snake_case(), "from the summary"),
                None => (
                    format!("{} {}", v.method, v.path).to_snake_case(),
                    "from method and path",
                ),
            },
        };
        let mut id = base.clone();
        let mut n = 2;
        while ids.contains(&id) {
            id = format!("{base}_{n}");
            n += 1;
        }
        let origin = if id == base {
            origin.to_owned()
        } else {
            format!("{origin}, `{base}` was taken")
        };
        ids.insert(id.clone());
        insert_after(map, "summary", "operationId", Json::String(id.clone()));
        if let Some(Json::Array(requirements)) = map.get("security") {
            let unknown: Vec<String> = requirements
                .iter()
                .filter_map(Json::as_object)
                .flat_map(|r| r.keys().cloned())
                .filter(|name| !schemes.contains(name))
                .collect();
            if !unknown.is_empty() {
                map.shift_remove("security");
                merged.dropped_security.push(format!(
                    "`{id}`: names {} (not in our securitySchemes)",
                    unknown.join(", ")
                ));
            }
        }
        if let Some(Json::Array(op_tags)) = map.get("tags") {
            for tag in op_tags.iter().filter_map(Json::as_str) {
                if !tags.iter().any(|t| t == tag) {
                    tags.push(tag.to_owned());
                    merged.new_tags.push(tag.to_owned());
                }
            }
        }
        map.insert("x-path-source".into(), Json::String("vendor-spec".into()));
        merged.added_ids.insert(index, (id, origin));
        place(&v.path, &v.method, added)?;
    }
    if let Some(doc) = document.as_object_mut() {
        doc.insert("paths".into(), Json::Object(paths));
        if !merged.new_tags.is_empty()
            && let Some(Json::Array(list)) = doc.get_mut("tags")
        {
            for tag in &merged.new_tags {
                let mut entry = Map::new();
                entry.insert("name".into(), Json::String(tag.clone()));
                list.push(Json::Object(entry));
            }
        }
    }

    // Components: the vendor's, under our names, with our extensions; ours kept besides.
    if let Some(Json::Object(vendor_components)) = vendor.get("components") {
        let doc = document.as_object_mut().expect("the document is an object");
        let components = doc
            .entry("components".to_owned())
            .or_insert_with(|| Json::Object(Map::new()));
        let Some(components) = components.as_object_mut() else {
            bail!("components is not an object");
        };
        for (kind, entries) in vendor_components {
            if kind == "securitySchemes" || is_extension(kind) {
                continue;
            }
            let Some(entries) = entries.as_object() else {
                continue;
            };
            let target = components
                .entry(kind.clone())
                .or_insert_with(|| Json::Object(Map::new()));
            let Some(target) = target.as_object_mut() else {
                continue;
            };
            for (name, value) in entries {
                // Schemas were renamed with the references; other kinds keep the name.
                let at = format!("components.{kind}.{name}");
                match target.get(name) {
                    Some(ours_value) => {
                        let merged_value = overlay(ours_value, value, &at, false, "", &mut lost);
                        target.insert(name.clone(), merged_value);
                    }
                    None => {
                        target.insert(name.clone(), value.clone());
                    }
                }
            }
        }
    }
    merged.lost_extensions.extend(lost);
    merged.document = document;
    Ok(())
}

/// Renames the vendor's component schemas (the keys) to the merged names.
pub fn rename_schema_keys(vendor: &mut Json, names: &BTreeMap<String, String>) {
    let Some(schemas) = vendor
        .get_mut("components")
        .and_then(|c| c.get_mut("schemas"))
        .and_then(Json::as_object_mut)
    else {
        return;
    };
    let renamed: Map = std::mem::take(schemas)
        .into_iter()
        .map(|(name, value)| (names.get(&name).cloned().unwrap_or(name), value))
        .collect();
    *schemas = renamed;
}
