//! The visits plugin after the real `actors` plugin, in-process and through its library.

use marginalia_plugin_visits::Visits;
use marginalia_testkit::{Runner, run, run_library};

const TEXT: &str = "Putin began a two-day state visit to Vietnam on Wednesday. \
                    He toured Hanoi. The visit was short.";

#[test]
fn tags_visits_with_the_actors_of_their_sentence() {
    let actors = run_library("actors", "", TEXT);
    let out = Runner::in_process::<Visits>()
        .after(actors.annotations())
        .run(TEXT);
    out.span("state visit")
        .is("visit")
        .attr("parties", vec!["RUS", "VNM"])
        .attr("days", 2);
    out.span("toured").attr("parties", vec!["VNM"]);
    out.no_span("visit");
    insta::assert_snapshot!(out.render());
}

#[test]
fn without_actors_nothing_is_a_visit() {
    let out = run::<Visits>("", TEXT);
    assert!(out.annotations().is_empty(), "{}", out.render());
}

#[test]
fn config_sets_triggers_and_refuses_unknown_keys() {
    let config = "extra_triggers = [\"stopover\"]\nmin_actors = 2";
    let text = "A stopover in Hanoi on the way to Moscow.";
    let actors = run_library("actors", "", text);
    let out = Runner::in_process::<Visits>()
        .config(config)
        .after(actors.annotations())
        .run(text);
    out.span("stopover").attr("parties", vec!["VNM", "RUS"]);

    let error = Runner::in_process::<Visits>()
        .config("min_actor = 2")
        .try_run(TEXT)
        .unwrap_err()
        .to_string();
    assert!(error.contains("unknown field `min_actor`"), "{error}");
}

#[ignore = "the guide's plugin is built into this test, not as a library of the workspace"]
#[test]
fn the_built_library_gives_the_same_annotations() {
    let actors = run_library("actors", "", TEXT);
    let library = Runner::library("visits")
        .after(actors.annotations())
        .run(TEXT);
    let in_process = Runner::in_process::<Visits>()
        .after(actors.annotations())
        .run(TEXT);
    assert_eq!(library, in_process);
}
