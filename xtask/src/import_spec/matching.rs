//! Which vendor operation is which of ours: by summary (the pages' headings), then by method
//! and path; refused when that cannot be decided.

use std::collections::BTreeMap;

use anyhow::{Result, bail};

use super::ordered::Json;
use crate::validate::METHODS;

/// One operation of a document, where it sits.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The path template, as written.
    pub path: String,
    /// The method, lower case.
    pub method: String,
    /// The summary, trimmed and with runs of white space made one space.
    pub summary: Option<String>,
    /// The `operationId`, when there is one.
    pub operation_id: Option<String>,
}

impl Operation {
    /// `GET /v1/issues`.
    pub fn route(&self) -> String {
        format!("{} {}", self.method.to_uppercase(), self.path)
    }

    /// Method and path with placeholder names left out: `/v1/apps/{uuid}` and
    /// `/v1/apps/{app_uuid}` are one route.
    pub fn route_key(&self) -> (String, String) {
        (self.method.clone(), route_shape(&self.path))
    }

    /// How the report names it: the operationId, else the summary, and the route.
    pub fn label(&self) -> String {
        match (&self.operation_id, &self.summary) {
            (Some(id), _) => format!("`{id}` ({})", self.route()),
            (None, Some(summary)) => format!("\"{summary}\" ({})", self.route()),
            (None, None) => self.route(),
        }
    }
}

/// `/v1/apps/{uuid}` -> `/v1/apps/{}`.
pub fn route_shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_braces = false;
    for c in path.trim_end_matches('/').chars() {
        match c {
            '{' => {
                in_braces = true;
                out.push('{');
            }
            '}' => {
                in_braces = false;
                out.push('}');
            }
            _ if in_braces => {}
            _ => out.push(c),
        }
    }
    out
}

/// Trimmed, white space runs made one space.
pub fn normalize_summary(summary: &str) -> String {
    summary.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every operation of `document` as (path, method, operation), in document order.
pub fn each_operation(document: &Json) -> impl Iterator<Item = (&String, &String, &Json)> {
    document
        .get("paths")
        .and_then(Json::as_object)
        .into_iter()
        .flat_map(|paths| paths.iter())
        .filter_map(|(path, item)| Some((path, item.as_object()?)))
        .flat_map(|(path, item)| {
            item.iter()
                .filter(|(method, _)| METHODS.contains(&method.as_str()))
                .map(move |(method, operation)| (path, method, operation))
        })
}

/// Every operation of `document`, in document order.
pub fn operations(document: &Json) -> Vec<Operation> {
    each_operation(document)
        .map(|(path, method, operation)| Operation {
            path: path.clone(),
            method: method.clone(),
            summary: operation
                .get("summary")
                .and_then(Json::as_str)
                .map(normalize_summary)
                .filter(|s| !s.is_empty()),
            operation_id: operation
                .get("operationId")
                .and_then(Json::as_str)
                .map(str::to_owned),
        })
        .collect()
}

/// How a pair was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchedBy {
    /// The summary, alone (one operation on each side has it).
    Summary,
    /// The summary, and method and path among the operations sharing it.
    SummaryAndRoute,
    /// Method and path (the summaries differ).
    Route,
}

impl MatchedBy {
    /// For the report.
    pub fn describe(self) -> &'static str {
        match self {
            MatchedBy::Summary => "summary",
            MatchedBy::SummaryAndRoute => "summary, then method and path",
            MatchedBy::Route => "method and path",
        }
    }
}

/// One of ours and the vendor's operation that is the same, as indexes into
/// [`operations`] of each document.
#[derive(Debug, Clone, Copy)]
pub struct Pair {
    /// Index among our operations.
    pub ours: usize,
    /// Index among the vendor's operations.
    pub vendor: usize,
    /// How they were matched.
    pub by: MatchedBy,
}

/// The outcome of matching.
#[derive(Debug, Default)]
pub struct Matching {
    /// Matched operations, in our order.
    pub pairs: Vec<Pair>,
    /// Our operations the vendor's file does not have (indexes, our order).
    pub ours_only: Vec<usize>,
    /// The vendor's operations we do not have (indexes, the vendor's order).
    pub vendor_only: Vec<usize>,
}

/// The pairs made so far, and for each operation on either side its partner, if any.
struct Pairing {
    pairs: Vec<Pair>,
    /// Per our operation: the vendor's it is paired with.
    ours: Vec<Option<usize>>,
    /// Per vendor operation: ours it is paired with.
    vendor: Vec<Option<usize>>,
}

impl Pairing {
    fn new(ours: usize, vendor: usize) -> Self {
        Self {
            pairs: Vec::new(),
            ours: vec![None; ours],
            vendor: vec![None; vendor],
        }
    }

    /// Pairs our operation `ours` with the vendor's `vendor`.
    fn link(&mut self, ours: usize, vendor: usize, by: MatchedBy) {
        self.pairs.push(Pair { ours, vendor, by });
        self.ours[ours] = Some(vendor);
        self.vendor[vendor] = Some(ours);
    }
}

/// Matches `vendor` to `ours`. Refuses, naming the operations, when a summary is shared and
/// method and path cannot tell the operations apart, when two of the vendor's operations claim
/// one of ours, or when one of ours the vendor lacks would sit where a vendor operation sits.
pub fn match_operations(ours: &[Operation], vendor: &[Operation]) -> Result<Matching> {
    let mut pairing = Pairing::new(ours.len(), vendor.len());
    let mut problems = Vec::new();

    // Phase 1: summaries, in the order our operations come.
    let mut groups: BTreeMap<&str, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for (index, op) in ours.iter().enumerate() {
        if let Some(summary) = &op.summary {
            let group = groups.entry(summary).or_default();
            if group.0.is_empty() {
                order.push(summary);
            }
            group.0.push(index);
        }
    }
    for (index, op) in vendor.iter().enumerate() {
        if let Some(summary) = &op.summary
            && let Some(group) = groups.get_mut(summary.as_str())
        {
            group.1.push(index);
        }
    }
    for summary in order {
        let (our_ops, vendor_ops) = &groups[summary];
        if vendor_ops.is_empty() {
            continue;
        }
        if our_ops.len() == 1 && vendor_ops.len() == 1 {
            let (o, v) = (our_ops[0], vendor_ops[0]);
            pairing.link(o, v, MatchedBy::Summary);
            continue;
        }
        for &v in vendor_ops {
            let key = vendor[v].route_key();
            if let Some(&o) = our_ops
                .iter()
                .find(|&&o| pairing.ours[o].is_none() && ours[o].route_key() == key)
            {
                pairing.link(o, v, MatchedBy::SummaryAndRoute);
            }
        }
        let left_ours: Vec<usize> = our_ops
            .iter()
            .copied()
            .filter(|&o| pairing.ours[o].is_none())
            .collect();
        let left_vendor: Vec<usize> = vendor_ops
            .iter()
            .copied()
            .filter(|&v| pairing.vendor[v].is_none())
            .collect();
        let names = |ops: &[Operation], indexes: &[usize]| -> String {
            indexes
                .iter()
                .map(|&i| ops[i].label())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (left_ours.len(), left_vendor.len()) {
            (_, 0) | (0, _) => {}
            (1, 1) => {
                let (o, v) = (left_ours[0], left_vendor[0]);
                pairing.link(o, v, MatchedBy::Summary);
            }
            (1, _) => problems.push(format!(
                "the vendor's operations {} all claim our {} (summary \"{summary}\"), and none has \
                 its method and path",
                names(vendor, &left_vendor),
                names(ours, &left_ours)
            )),
            _ => problems.push(format!(
                "our operations {} share the summary \"{summary}\" and method and path cannot tell \
                 which of them the vendor's {} is",
                names(ours, &left_ours),
                names(vendor, &left_vendor)
            )),
        }
    }

    // Phase 2: method and path, among what is left.
    for (v, operation) in vendor.iter().enumerate() {
        if pairing.vendor[v].is_some() {
            continue;
        }
        let key = operation.route_key();
        if let Some(o) =
            (0..ours.len()).find(|&o| pairing.ours[o].is_none() && ours[o].route_key() == key)
        {
            pairing.link(o, v, MatchedBy::Route);
        }
    }

    let ours_only: Vec<usize> = (0..ours.len())
        .filter(|&o| pairing.ours[o].is_none())
        .collect();
    let vendor_only: Vec<usize> = (0..vendor.len())
        .filter(|&v| pairing.vendor[v].is_none())
        .collect();

    // One of ours the vendor lacks cannot keep a route the vendor's file now uses.
    for &o in &ours_only {
        let key = ours[o].route_key();
        if let Some(v) = (0..vendor.len()).find(|&v| vendor[v].route_key() == key) {
            let other = match pairing.vendor[v] {
                Some(mine) => format!("which is matched to our {}", ours[mine].label()),
                None => "which is new".to_owned(),
            };
            problems.push(format!(
                "our {} is not in the vendor's file, but the vendor's {} sits at the same method \
                 and path, {other}",
                ours[o].label(),
                vendor[v].label()
            ));
        }
    }

    if !problems.is_empty() {
        bail!(
            "cannot match the operations unambiguously, nothing was written:\n  - {}\n(fix the \
             summaries in one of the files, or import by hand)",
            problems.join("\n  - ")
        );
    }
    let mut pairs = pairing.pairs;
    pairs.sort_by_key(|pair| pair.ours);
    Ok(Matching {
        pairs,
        ours_only,
        vendor_only,
    })
}
