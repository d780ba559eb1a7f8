//! A plugin's `tracing` events reach the host's subscriber, so `RUST_LOG` works for plugins.
//! Alone in its test binary: it installs the global subscriber before any plugin loads.

use std::path::Path;
use std::sync::{Arc, Mutex};

use marginalia_host::config::Config;
use marginalia_host::pipeline::Pipeline;
use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

/// Records `target plugin=... message` for each event.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<String>>>);

impl<S: Subscriber> Layer<S> for Recorder {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        struct Fields(String);
        impl Visit for Fields {
            fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
                self.0.push_str(&format!(" {}={value:?}", field.name()));
            }
        }
        let mut fields = Fields(event.metadata().target().to_owned());
        event.record(&mut fields);
        self.0.lock().unwrap().push(fields.0);
    }
}

#[test]
fn plugin_debug_events_are_forwarded_with_the_plugin_name() {
    let recorder = Recorder::default();
    let filter = tracing_subscriber::filter::LevelFilter::DEBUG;
    tracing::subscriber::set_global_default(
        tracing_subscriber::registry().with(recorder.clone().with_filter(filter)),
    )
    .unwrap();
    let config = Config::parse("pipeline = [\"actors\"]\n", Path::new("m.toml")).unwrap();
    let pipeline = Pipeline::load(&config, &marginalia_testkit::plugin_dirs()).unwrap();
    pipeline.annotate("logged.txt", "Russia and China").unwrap();
    let events = recorder.0.lock().unwrap().clone();
    let forwarded: Vec<_> = events
        .iter()
        .filter(|e| e.starts_with("marginalia::plugin "))
        .collect();
    assert!(
        forwarded.iter().any(|e| e.contains("plugin=\"actors\"")
            && e.contains("document=\"logged.txt\"")
            && e.contains("tagged=2")),
        "{events:#?}"
    );
}
