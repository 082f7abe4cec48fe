//! Contract tests for every operation of `openapi/lacework-edge.json`, one test per operation,
//! named after its `operationId` and grouped by tag (one module per tag).
//!
//! Each test pins what the generated client sends (method, literal path, query string,
//! headers, JSON body) and what it decodes from the response. `coverage.rs` checks that every
//! operation of the spec has its test here.

// Some response bodies (e.g. `ClientConfig`) are larger than `json!` expands by default.
#![recursion_limit = "256"]

mod accesses;
mod accounts;
mod alert_configs;
mod alerts;
mod app_control_policies;
mod apps;
mod audit_events;
mod auth;
mod blobs;
mod ca_certificates;
mod cards;
mod client_configs;
mod connector_deployments;
mod connectors;
mod countries;
mod dashboards;
mod data_export_configs;
mod datasets;
mod devices;
mod documents;
mod fixtures;
mod gateways;
mod groups;
mod integrations;
mod notification_channels;
mod onboarding;
mod policies;
mod posture_attributes;
mod posture_profiles;
mod qs_views;
mod support_tickets;
mod temporary_access_tokens;
mod time_ids;
mod tokens;
mod users;
mod workflow_runs;
mod workflows;
