//! The host side of isolation against stand-in workers: small `sh` programs that speak (or
//! break) the protocol, so each way a worker can fail is produced exactly. The real worker,
//! `marginalia worker` with real plugins, is tested in `crates/marginalia-cli/tests/isolation.rs`.

use std::time::Duration;

use marginalia_host::run::Annotator;
use marginalia_isolate::{Isolation, StartError, WorkerCommand};

/// A worker that runs `script` with `sh -c` (the host's `--stage-file PATH` arguments become
/// its `$0` and `$1`).
fn worker(script: &str, doc_timeout: Option<Duration>) -> WorkerCommand {
    WorkerCommand {
        program: "sh".into(),
        args: vec!["-c".into(), script.into()],
        doc_timeout,
        memory_limit_mib: None,
        startup_timeout: Duration::from_secs(2),
    }
}

const READY: &str = r#"echo '{"ready":[{"name":"stand-in","version":"1.0.0"}]}'"#;

#[test]
fn answers_are_the_documents_results() {
    let script = format!(r#"{READY}; while read -r line; do echo '{{"done":[]}}'; done"#);
    let isolation = Isolation::start(worker(&script, None)).unwrap();
    assert_eq!(isolation.plugins()[0].name, "stand-in");
    let mut w = isolation.worker();
    for id in ["a", "b", "c"] {
        assert_eq!(w.annotate(id, "text\nwith lines"), Ok(vec![]));
    }
}

#[test]
fn a_failed_reply_fails_only_its_document() {
    let script = format!(
        r#"{READY}; read -r l; echo '{{"failed":"plugin `x` failed on document `a`: no"}}'; while read -r l; do echo '{{"done":[]}}'; done"#
    );
    let isolation = Isolation::start(worker(&script, None)).unwrap();
    let mut w = isolation.worker();
    assert_eq!(
        w.annotate("a", "t"),
        Err("plugin `x` failed on document `a`: no".to_owned())
    );
    assert_eq!(w.annotate("b", "t"), Ok(vec![]), "the same worker goes on");
}

#[test]
fn a_worker_that_dies_on_a_document_fails_it_and_is_replaced() {
    // Each process answers one document, then exits 7 on the next one it reads.
    let script = format!(
        r#"{READY}; read -r l; echo '{{"done":[]}}'; read -r l; echo 'dying now' >&2; exit 7"#
    );
    let isolation = Isolation::start(worker(&script, None)).unwrap();
    let mut w = isolation.worker();
    assert_eq!(w.annotate("a", "t"), Ok(vec![]));
    let error = w.annotate("b", "t").unwrap_err();
    assert_eq!(
        error,
        "the worker process crashed on document `b` outside any plugin: the process exited with \
         status 7; its last words on stderr: dying now; a new worker takes the next document"
    );
    assert_eq!(w.annotate("c", "t"), Ok(vec![]), "a fresh process");
}

#[test]
fn a_worker_that_overruns_the_timeout_is_killed() {
    let script = format!(r#"{READY}; read -r l; sleep 30"#);
    let isolation = Isolation::start(worker(&script, Some(Duration::from_millis(300)))).unwrap();
    let mut w = isolation.worker();
    let started = std::time::Instant::now();
    let error = w.annotate("slow", "t").unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "not waited out"
    );
    assert!(
        error.starts_with(
            "the worker process did not finish document `slow` within 0.3 s (--doc-timeout)"
        ),
        "{error}"
    );
}

#[test]
fn a_worker_that_breaks_the_protocol_fails_the_document() {
    let script = format!(r#"{READY}; read -r l; echo 'this is not a reply'; sleep 30"#);
    let isolation = Isolation::start(worker(&script, None)).unwrap();
    let mut w = isolation.worker();
    let error = w.annotate("a", "t").unwrap_err();
    assert!(error.contains("document `a`"), "{error}");
    assert!(
        error.contains("killed by signal 9"),
        "killed, not waited for: {error}"
    );
}

#[test]
fn start_errors_say_what_happened() {
    let fatal = Isolation::start(worker(
        r#"echo '{"fatal":"cannot set up the plugins: plugin `x` not found"}'; exit 2"#,
        None,
    ))
    .unwrap_err();
    assert!(
        matches!(&fatal, StartError::Fatal(m) if m == "cannot set up the plugins: plugin `x` not found"),
        "{fatal:?}"
    );

    let died = Isolation::start(worker("echo 'no plugins here' >&2; exit 3", None)).unwrap_err();
    assert_eq!(
        died.to_string(),
        "the worker process ended before it had loaded the plugins: exited with status 3; its last words on stderr: no plugins here"
    );

    let hung = Isolation::start(worker("sleep 30", None)).unwrap_err();
    assert!(matches!(hung, StartError::Timeout(_)), "{hung:?}");

    let missing = Isolation::start(WorkerCommand {
        program: "/nonexistent/marginalia".into(),
        ..worker("", None)
    })
    .unwrap_err();
    assert!(
        missing
            .to_string()
            .starts_with("cannot start a worker process (`/nonexistent/marginalia`)"),
        "{missing}"
    );
}
