//! The `sanctions` plugin after the real `actors` library, through `marginalia-testkit`:
//! in-process and through its own built library and the host's loader, with the same
//! assertions and one snapshot.

use marginalia_plugin_sanctions::Sanctions;
use marginalia_testkit::{Annotated, Runner, run_library};

/// News sentences written for this test, one per behaviour.
const TEXT: &str = "\
BRUSSELS — The European Union on Monday imposed an arms embargo on Belarus and renewed its \
asset freezes, while Washington threatened secondary sanctions on Chinese banks.

Turkey, which bought S-400s from Russia, was sanctioned by the United States in 2020.

Russia and China vetoed a resolution that would have imposed new sanctions on North Korea.

Tehran has evaded the oil embargo for years. Iran received sanctions relief when the UN lifted \
nuclear-related sanctions. The board sanctioned the stadium plan.";

fn check(out: &Annotated) {
    out.span("an arms embargo")
        .is("sanction")
        .attr("action", "impose")
        .attr("instrument", "embargo")
        .attr("imposer", vec!["EU"])
        .attr("target", vec!["BLR"])
        .attr("cameo", "163");
    out.span("its asset freezes")
        .attr("action", "extend")
        .attr("instrument", "asset_freeze")
        .attr("imposer", vec!["EU"]);
    out.span("secondary sanctions")
        .attr("action", "threaten")
        .attr("imposer", vec!["USA"])
        .attr("target", vec!["CHN"])
        .attr("cameo", "1312");
    out.span("sanctioned")
        .attr("action", "impose")
        .attr("imposer", vec!["USA"])
        .attr("target", vec!["TUR"]);
    out.span("new sanctions")
        .attr("action", "veto")
        .attr("target", vec!["PRK"]);
    out.span("the oil embargo")
        .attr("action", "evade")
        .attr("target", vec!["IRN"]);
    out.span("sanctions relief")
        .attr("action", "lift")
        .attr("imposer", vec!["UN"])
        .attr("target", vec!["IRN"])
        .attr("cameo", "085");
    out.no_span("board");
}

fn actors() -> Annotated {
    run_library("actors", "", TEXT)
}

#[test]
fn after_the_real_actors() {
    let out = Runner::in_process::<Sanctions>()
        .after(actors().annotations())
        .run(TEXT);
    check(&out);
    insta::assert_snapshot!(out.render());
}

#[test]
fn the_built_library_gives_the_same_annotations() {
    let prior = actors();
    let library = Runner::library("sanctions")
        .after(prior.annotations())
        .run(TEXT);
    check(&library);
    let in_process = Runner::in_process::<Sanctions>()
        .after(prior.annotations())
        .run(TEXT);
    assert_eq!(library, in_process);
}

#[test]
fn config_errors_read_the_same_both_ways() {
    let config = "default_imposers = [\"usa\"]";
    let in_process = Runner::in_process::<Sanctions>()
        .config(config)
        .try_run(TEXT);
    let library = Runner::library("sanctions").config(config).try_run(TEXT);
    let (in_process, library) = (in_process.unwrap_err(), library.unwrap_err());
    assert_eq!(in_process.to_string(), library.to_string());
    assert!(
        in_process
            .to_string()
            .starts_with("plugin `sanctions` could not start with its config: "),
        "{in_process}"
    );
}
