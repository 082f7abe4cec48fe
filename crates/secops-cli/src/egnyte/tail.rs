//! `secops egnyte issues tail`: issue updates forever, one NDJSON line each, with a checkpoint.
//!
//! Each update is written as one line of compact JSON (the issue in its current state) and
//! flushed; only then is the update's checkpoint saved (`FileCheckpoint`: a new file renamed
//! over the old one and flushed to disk). So a restart from the checkpoint file loses no update
//! and repeats at most one per crash: the line being written, or written but not yet
//! checkpointed, when the process died (the SDK's at-least-once guarantee). SIGINT and SIGTERM
//! are acted on between updates: the current line is finished and its checkpoint saved, then
//! the command exits 0.
//!
//! An issue that does not decode is reported on stderr and passed (its checkpoint saved).
//! Network trouble and server errors (5xx, 429) are reported and retried from the last
//! checkpoint after a pause; a credential that needs signing in again exits 3, any other API
//! error 1.

use std::io::{self, Write};
use std::time::Duration;

use clap::{Arg, ArgMatches, Command};
use futures::StreamExt;
use secops_sdk::EgnyteProtect;
use secops_sdk::pagination::{CheckpointError, FileCheckpoint, FollowCheckpoint, FollowOptions};

use crate::exit::{CliError, Exit};

/// The longest pause before retrying after an error.
const MAX_RETRY_PAUSE: Duration = Duration::from_secs(60);

/// `secops egnyte issues`.
pub fn issues_command() -> Command {
    Command::new("issues")
        .about("Follow issue updates (for SIEM forwarders)")
        .subcommand_required(true)
        .subcommand(tail_command())
}

fn tail_command() -> Command {
    Command::new("tail")
        .about("Follow issue updates forever: one NDJSON line per update on stdout")
        .long_about(
            "Follow issue updates forever: one line of JSON per update on stdout (the issue in \
             its current state), flushed line by line, for a SIEM forwarder to read (Splunk \
             universal forwarder, Vector, Fluent Bit).\n\n\
             With --checkpoint FILE, where the tail stands is saved to FILE after each line is \
             written (atomically, flushed to disk), and a restart with the same FILE goes on \
             from there: no update is lost, and at most one (the one being written when the \
             process died) is repeated. SIGINT or SIGTERM finish the current line, save its \
             checkpoint and exit 0.\n\n\
             Without a checkpoint file (or before its first save), the tail starts at --since, \
             or with every issue when --since is not given.",
        )
        .arg(Arg::new("since").long("since").value_name("TIME").help(
            "Start with updates after TIME: RFC 3339 (2024-05-01T00:00:00Z), epoch \
                     milliseconds, or `now` (ignored when the checkpoint file exists)",
        ))
        .arg(
            Arg::new("checkpoint")
                .long("checkpoint")
                .value_name("FILE")
                .value_parser(clap::value_parser!(std::path::PathBuf))
                .help("Resume from and save to this checkpoint file"),
        )
        .arg(
            Arg::new("interval")
                .long("interval")
                .value_name("DURATION")
                .default_value("60s")
                .help("How long to wait before asking again once caught up (500ms, 60s, 5m, 1h)"),
        )
        .arg(
            Arg::new("count")
                .long("count")
                .value_name("N")
                .value_parser(clap::value_parser!(u64).range(1..=100))
                .help("Issues per request (1 to 100; default: the server's)"),
        )
}

/// Runs `secops egnyte issues tail`.
pub async fn tail(egnyte: &EgnyteProtect, matches: &ArgMatches) -> Result<(), CliError> {
    // Listen first: a SIGINT or SIGTERM from here on ends the tail cleanly (exit 0).
    let mut stop = Stop::listen()
        .map_err(|error| CliError::usage(format!("cannot listen for signals: {error}")))?;
    let interval = parse_duration(
        matches
            .get_one::<String>("interval")
            .map_or("60s", String::as_str),
    )
    .map_err(|problem| CliError::usage(format!("--interval: {problem}")))?;
    let since = matches
        .get_one::<String>("since")
        .map(|text| parse_since(text))
        .transpose()
        .map_err(|problem| CliError::usage(format!("--since: {problem}")))?;
    let file = matches
        .get_one::<std::path::PathBuf>("checkpoint")
        .map(FileCheckpoint::new);
    let saved = match &file {
        Some(file) => file.load_async().await.map_err(checkpoint_error)?,
        None => None,
    };
    let mut checkpoint = match (saved, since) {
        (Some(saved), since) => {
            if since.is_some() {
                eprintln!(
                    "secops: egnyte issues tail: resuming from the checkpoint file; --since is ignored"
                );
            }
            saved
        }
        (None, Some(since)) => FollowCheckpoint::from_modified_after(since),
        (None, None) => FollowCheckpoint::default(),
    };
    let mut options = FollowOptions::default().poll_interval(interval);
    if let Some(count) = matches.get_one::<u64>("count") {
        options = options.count(*count);
    }

    let mut stdout = io::stdout();
    let mut failures: u32 = 0;

    loop {
        let mut updates = egnyte.follow_issue_updates(checkpoint.clone(), options.clone());
        let ended = loop {
            let next = tokio::select! {
                biased;
                () = stop.requested() => return Ok(()),
                next = updates.next() => next,
            };
            // From here to the end of this iteration no signal is acted on: the line is
            // finished and its checkpoint saved first.
            match next {
                Some(Ok(update)) => {
                    let line = serde_json::to_string(&update.issue).map_err(|error| {
                        CliError::new(Exit::Api, format!("cannot encode an issue: {error}"))
                    })?;
                    write_line(&mut stdout, &line)?;
                    save(&file, &update.checkpoint).await?;
                    checkpoint = update.checkpoint;
                    failures = 0;
                }
                Some(Err(error)) => match error.checkpoint().cloned() {
                    Some(past_it) => {
                        eprintln!("secops: egnyte issues tail: skipped an issue: {error}");
                        save(&file, &past_it).await?;
                        checkpoint = past_it;
                    }
                    None => break Some(error),
                },
                None => break None,
            }
        };
        let server_trouble = ended
            .as_ref()
            .and_then(secops_sdk::Error::status)
            .is_some_and(|status| status.is_server_error() || status.as_u16() == 429);
        let error = match ended {
            Some(error) => CliError::from(error),
            None => CliError::new(Exit::Api, "get_issue_updates: the follower stopped"),
        };
        let retryable = error.exit == Exit::Network || server_trouble;
        if !retryable {
            return Err(error.with_sign_in_hint("egnyte"));
        }
        failures = failures.saturating_add(1);
        let pause = retry_pause(failures, interval);
        eprintln!(
            "secops: egnyte issues tail: {}; retrying in {:.1} s from the last checkpoint",
            error.message,
            pause.as_secs_f64()
        );
        tokio::select! {
            biased;
            () = stop.requested() => return Ok(()),
            () = tokio::time::sleep(pause) => {}
        }
    }
}

/// SIGINT and SIGTERM (Ctrl-C elsewhere), listened to from the start: a signal that arrives
/// while a line is being handled is kept until the next [`Stop::requested`].
struct Stop {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Stop {
    fn listen() -> io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Self {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Self {})
    }

    /// Completes when a stop was requested.
    async fn requested(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

/// Writes `line` and a newline in one write, and flushes.
fn write_line(stdout: &mut io::Stdout, line: &str) -> Result<(), CliError> {
    let mut out = stdout.lock();
    let mut bytes = Vec::with_capacity(line.len() + 1);
    bytes.extend_from_slice(line.as_bytes());
    bytes.push(b'\n');
    out.write_all(&bytes)
        .and_then(|()| out.flush())
        .map_err(CliError::stdout)
}

async fn save(
    file: &Option<FileCheckpoint>,
    checkpoint: &FollowCheckpoint,
) -> Result<(), CliError> {
    match file {
        Some(file) => file.save_async(checkpoint).await.map_err(checkpoint_error),
        None => Ok(()),
    }
}

fn checkpoint_error(error: CheckpointError) -> CliError {
    CliError::usage(format!("egnyte issues tail: {error}"))
}

/// Exponential from one second, capped by the poll interval and a minute.
fn retry_pause(failures: u32, interval: Duration) -> Duration {
    let exponential = Duration::from_secs(1u64 << failures.saturating_sub(1).min(6));
    exponential
        .min(interval.max(Duration::from_secs(1)))
        .min(MAX_RETRY_PAUSE)
}

/// `500ms`, `60s`, `5m`, `1h`, or a number of seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a duration (examples: 500ms, 60s, 5m, 1h)"))?;
    let seconds = match unit.trim() {
        "ms" => value / 1000.0,
        "" | "s" => value,
        "m" => value * 60.0,
        "h" => value * 3600.0,
        other => return Err(format!("unknown unit {other:?} (use ms, s, m or h)")),
    };
    if !(0.001..=86_400.0 * 7.0).contains(&seconds) {
        return Err(format!("{text:?} is out of range (1ms to 7 days)"));
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// RFC 3339, epoch milliseconds, or `now`, as epoch milliseconds.
pub fn parse_since(text: &str) -> Result<i64, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("now") {
        return Ok(chrono::Utc::now().timestamp_millis());
    }
    if let Ok(millis) = text.parse::<i64>() {
        if millis < 0 {
            return Err(format!("{text} is before 1970"));
        }
        return Ok(millis);
    }
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|time| time.timestamp_millis())
        .map_err(|error| {
            format!(
                "{text:?} is neither RFC 3339 (2024-05-01T00:00:00Z) nor epoch milliseconds \
                 ({error})"
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("60s").unwrap(), Duration::from_secs(60));
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("5m").unwrap(), Duration::from_secs(300));
        assert_eq!(parse_duration("1h").unwrap(), Duration::from_secs(3600));
        assert_eq!(parse_duration("2").unwrap(), Duration::from_secs(2));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5 days").is_err());
        assert!(parse_duration("0s").is_err());
    }

    #[test]
    fn since() {
        assert_eq!(parse_since("1700000000000").unwrap(), 1_700_000_000_000);
        assert_eq!(
            parse_since("2023-11-14T22:13:20Z").unwrap(),
            1_700_000_000_000
        );
        assert_eq!(
            parse_since("2023-11-14T23:13:20.5+01:00").unwrap(),
            1_700_000_000_500
        );
        assert!(parse_since("yesterday").is_err());
        assert!(parse_since("-5").is_err());
        assert!(parse_since("now").unwrap() > 1_700_000_000_000);
    }

    #[test]
    fn retry_pauses_grow_and_are_capped() {
        let minute = Duration::from_secs(60);
        assert_eq!(retry_pause(1, minute), Duration::from_secs(1));
        assert_eq!(retry_pause(3, minute), Duration::from_secs(4));
        assert_eq!(retry_pause(30, minute), Duration::from_secs(60));
        assert_eq!(
            retry_pause(5, Duration::from_millis(50)),
            Duration::from_secs(1)
        );
    }
}
