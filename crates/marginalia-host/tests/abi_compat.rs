//! Growing the version-1 ABI by appending to `PluginVTable`: a plugin built before a field was
//! appended still loads and runs (`tests/plugins/old-vtable`).

use std::path::Path;

use marginalia_host::config::Config;
use marginalia_host::pipeline::Pipeline;

#[test]
fn a_vtable_from_before_emits_was_appended_loads_and_runs() {
    let config = Config::parse("pipeline = [\"test-old-vtable\"]\n", Path::new("m.toml")).unwrap();
    let pipeline = Pipeline::load(&config, &marginalia_testkit::plugin_dirs()).unwrap();
    let (library, emits) = pipeline.emitted_labels().next().unwrap();
    assert_eq!(library.manifest().name, "test-old-vtable");
    assert_eq!(emits, ["word"]);
    let annotations = pipeline.annotate("d.txt", "Hello world").unwrap();
    assert_eq!(annotations.len(), 1);
    assert_eq!(
        (annotations[0].label.as_str(), annotations[0].text.as_str()),
        ("word", "Hello")
    );
}
