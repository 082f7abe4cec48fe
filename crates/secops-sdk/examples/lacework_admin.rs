//! Lacework Edge administration calls through the facade, against the local stand-in:
//!
//! ```text
//! cargo run -p secops-sdk --example lacework_admin
//! ```
//!
//! - TokenLogin: the API token is exchanged for a JWT, renewed before it expires (2 s here)
//!   and once after a 401;
//! - apps: list with filters (`status`, `tag`), create, read back; users and groups: list with
//!   filters, get one;
//! - errors: the vendor's `{"message"}` body of a 404 and a 409, and a refused API token.

mod common;

use std::time::Duration;

use common::BoxError;
use secops_sdk::LaceworkEdge;
use secops_sdk::lacework_edge_client::Error as ClientError;
use secops_sdk::lacework_edge_client::types::{App, CreateAppRequest, EnumStatus};
use secops_stand_in::{StandIn, StandInOptions};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::exit_code(run().await)
}

async fn run() -> Result<(), BoxError> {
    // The failures this example provokes on purpose are printed below; the SDK's warnings
    // about them are shown only with RUST_LOG=secops_sdk=warn.
    common::init_logging("error");
    let stand_in =
        StandIn::start(StandInOptions::default().jwt_ttl(Duration::from_secs(2))).await?;
    let lacework = LaceworkEdge::new(common::lacework_config(&stand_in).build()?)?;
    println!("Lacework Edge stand-in at {}", stand_in.lacework_base_url());

    // Log in eagerly (otherwise the first call does it).
    lacework.auth().jwt().await?;
    println!(
        "TokenLogin: session JWT obtained (logins so far: {})",
        stand_in.stats().lacework_logins
    );

    // Apps.
    let client = lacework.client();
    let apps = client.list_apps().send().await?.into_inner().apps;
    println!("\napps ({}):", apps.len());
    for app in &apps {
        println!(
            "  {:<22} {:<28} {:<9} tags {:?}",
            app.name.as_deref().unwrap_or("?"),
            app.host.as_deref().unwrap_or("?"),
            app.status.and_then(EnumStatus::name).unwrap_or("?"),
            app.tags
        );
    }
    let engineering = client
        .list_apps()
        .status("ACTIVE")
        .tag("engineering")
        .send()
        .await?
        .into_inner()
        .apps;
    println!(
        "active apps tagged engineering: {}",
        names(engineering.iter().map(|app| app.name.as_deref()))
    );

    let new_app = App::builder()
        .name(Some("Metabase".to_owned()))
        .description(Some("BI dashboards".to_owned()))
        .host(Some("metabase.corp.acme.example".to_owned()))
        .port(Some(443))
        .protocol(Some("https".to_owned()))
        .internal_host_pattern(Some("metabase.internal".to_owned()))
        .internal_port(Some(3000))
        .internal_protocol(Some("http".to_owned()))
        .tags(vec!["analytics".to_owned()]);
    let request = CreateAppRequest::builder()
        .account_name(Some(stand_in.lacework_account().to_owned()))
        .app(Some(App::try_from(new_app)?));
    let created = client
        .create_app()
        .body(request.clone())
        .send()
        .await?
        .into_inner();
    let uuid = created.uuid.clone().ok_or("the created app has no uuid")?;
    println!(
        "\ncreated app {:?}: uuid {uuid}, status {}, created by {:?}",
        created.name.as_deref().unwrap_or("?"),
        created.status.and_then(EnumStatus::name).unwrap_or("?"),
        created.creator_display_name.as_deref().unwrap_or("?")
    );
    let fetched = client.get_app().uuid(&uuid).send().await?.into_inner();
    println!(
        "read back: identical to the create response: {}",
        fetched == created
    );
    match client.create_app().body(request).send().await {
        Err(error) => println!("creating it again fails: {}", vendor_message(error)),
        Ok(_) => return Err("a duplicate app name was accepted".into()),
    }
    match client
        .get_app()
        .uuid("00000000-0000-0000-0000-000000000000")
        .send()
        .await
    {
        Err(error) => println!("unknown uuid: {}", vendor_message(error)),
        Ok(_) => return Err("an unknown app was found".into()),
    }

    // Users and groups.
    let users = client.list_users().send().await?.into_inner().users;
    let suspended = client
        .list_users()
        .status("SUSPENDED")
        .send()
        .await?
        .into_inner()
        .users;
    println!(
        "\nusers: {} ({} suspended: {})",
        users.len(),
        suspended.len(),
        names(suspended.iter().map(|user| user.display_name.as_deref()))
    );
    let first = users
        .first()
        .and_then(|user| user.uuid.clone())
        .ok_or("no users")?;
    let user = client.get_user().uuid(&first).send().await?.into_inner();
    println!(
        "user {}: {} <{}>, role {}, tags {:?}",
        first,
        user.display_name.as_deref().unwrap_or("?"),
        user.source_user_id.as_deref().unwrap_or("?"),
        user.role.unwrap_or_default(),
        user.tags
    );
    let groups = client.list_groups().send().await?.into_inner().groups;
    for group in &groups {
        println!(
            "  group {:<12} {:>2} users  {}",
            group.name.as_deref().unwrap_or("?"),
            group.user_count.unwrap_or(0),
            group.description.as_deref().unwrap_or("")
        );
    }
    let group = groups
        .first()
        .and_then(|group| group.uuid.clone())
        .ok_or("no groups")?;
    client.get_group().uuid(&group).send().await?;

    // JWT renewal: before expiry, and after the server refuses it.
    let logins = stand_in.stats().lacework_logins;
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    client.list_groups().send().await?;
    println!(
        "\nafter 1.1 s the 2 s JWT was within the 1 s refresh skew: renewed before use ({} login)",
        stand_in.stats().lacework_logins - logins
    );
    stand_in.expire_lacework_tokens();
    client.list_apps().send().await?;
    let stats = stand_in.stats();
    println!(
        "server refused the JWT (401 answers: {}): logged in again and the call succeeded; logins in all: {}",
        stats.lacework_unauthorized, stats.lacework_logins
    );

    // A wrong API token: the error names the settings to check.
    let wrong = LaceworkEdge::new(
        common::lacework_config(&stand_in)
            .api_token("not-the-token")
            .build()?,
    )?;
    match wrong.auth().jwt().await {
        Err(error) => println!("\nwrong API token: {error}"),
        Ok(_) => return Err("a wrong API token was accepted".into()),
    }
    stand_in.shutdown().await;
    Ok(())
}

/// The vendor's `message` of a failed call, or the error itself.
fn vendor_message(error: ClientError<secops_sdk::lacework_edge_client::types::Error>) -> String {
    match (error.status(), error.body()) {
        (Some(status), Some(body)) => format!(
            "HTTP {} {:?}",
            status.as_u16(),
            body.message.clone().unwrap_or_default()
        ),
        _ => error.to_string(),
    }
}

fn names<'a>(names: impl Iterator<Item = Option<&'a str>>) -> String {
    let names: Vec<&str> = names.flatten().collect();
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}
