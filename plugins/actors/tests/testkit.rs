//! The `actors` plugin through `marginalia-testkit`: in-process, then through its built
//! library and the host's loader, with the same assertions and one snapshot.
//!
//! This is `capitals_governments_leaders_and_organisations` of `src/tests.rs`, written with
//! the kit.

use marginalia_plugin_actors::Actors;
use marginalia_testkit::{Annotated, Runner, run, run_library};

const TEXT: &str = "The Kremlin, Pyongyang and Kim Jong Un; Kim Jong-il; To Lam in Hanoi; the UN and NATO; Brussels.";

fn check(out: &Annotated) {
    out.span("Kremlin")
        .is("actor")
        .attr("id", "RUS")
        .attr("kind", "government");
    out.span("Pyongyang")
        .attr("id", "PRK")
        .attr("kind", "capital");
    out.span("Kim Jong Un")
        .attr("id", "PRK")
        .attr("kind", "leader");
    out.span("Kim Jong-il").attr("id", "PRK");
    out.span("To Lam").attr("id", "VNM");
    out.span("UN").attr("id", "UN").attr("kind", "organization");
    out.span("Brussels").attr("id", "EU");
    out.no_span("Kim").no_span("Jong");
}

#[test]
fn capitals_governments_leaders_and_organisations() {
    let out = run::<Actors>("", TEXT);
    check(&out);
    insta::assert_snapshot!(out.render());
}

#[test]
fn the_built_library_gives_the_same_annotations() {
    let library = run_library("actors", "", TEXT);
    check(&library);
    assert_eq!(library, run::<Actors>("", TEXT));
}

#[test]
fn config_errors_read_the_same_both_ways() {
    let config = "extra = [{ term = \"Atlantis\", id = \"atl\", kind = \"country\" }]";
    let in_process = Runner::in_process::<Actors>().config(config).try_run(TEXT);
    let library = Runner::library("actors").config(config).try_run(TEXT);
    let (in_process, library) = (in_process.unwrap_err(), library.unwrap_err());
    assert_eq!(in_process.to_string(), library.to_string());
    assert!(
        in_process
            .to_string()
            .starts_with("plugin `actors` could not start with its config: "),
        "{in_process}"
    );
}
