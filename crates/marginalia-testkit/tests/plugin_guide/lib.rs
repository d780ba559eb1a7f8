//! The `visits` plugin: tags the words that report a visit between states (`visit`, `state
//! visit`, `trip`, `toured`) as `visit`, with the ids of the actors its sentence names as
//! `parties`, and its length as `days` when the text gives it ("a two-day visit").
//!
//! It needs the `actor` annotations of the `actors` plugin. A trigger word in a sentence that
//! names no actor is not a visit between states ("the visit was short"): not tagged.

use marginalia_core::{Attrs, Config, Document, Emitter, Manifest, Plugin, PluginError};
use marginalia_text::numbers::find_quantities;
use marginalia_text::{Case, Lexicon, Sentences};
use serde::Deserialize;

/// The label this plugin emits.
pub const LABEL: &str = "visit";

/// The words that report a visit. Where two overlap, the longest wins: `state visit`.
const TRIGGERS: [&str; 6] = [
    "visit",
    "visits",
    "visited",
    "state visit",
    "trip",
    "toured",
];

/// The plugin's settings: its `[plugins.visits]` table in `marginalia.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)] // a misspelt key is an error, not silently ignored
pub struct Settings {
    /// Words that report a visit, besides the built-in ones.
    #[serde(default)]
    pub extra_triggers: Vec<String>,
    /// How many actors the sentence must name for a trigger to count.
    #[serde(default = "one")]
    pub min_actors: usize,
}

fn one() -> usize {
    1
}

/// The plugin. Immutable once built, so it is `Sync` and one instance serves every thread.
#[derive(Debug)]
pub struct Visits {
    triggers: Lexicon<()>,
    min_actors: usize,
}

impl Plugin for Visits {
    fn manifest() -> Manifest {
        Manifest::new("visits", env!("CARGO_PKG_VERSION"))
            .description("Tags visits between states, with the actors of their sentence.")
            .emits([LABEL])
            .needs(["actor"])
    }

    fn new(config: &Config) -> Result<Self, PluginError> {
        let settings: Settings = config.deserialize()?;
        let extra = settings.extra_triggers.iter().map(String::as_str);
        let words = TRIGGERS.into_iter().chain(extra).map(|word| (word, ()));
        Ok(Visits {
            triggers: Lexicon::new(Case::AsciiInsensitive, words)?,
            min_actors: settings.min_actors,
        })
    }

    fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
        let text = doc.text();
        let sentences = Sentences::new(text);
        for trigger in self.triggers.find_all(text) {
            let Some(sentence) = sentences.containing(trigger.range.start) else {
                continue;
            };
            // The ids of the actors of this sentence, in text order, each once.
            let mut parties: Vec<&str> = Vec::new();
            for actor in doc.annotations_labelled("actor") {
                let inside = sentence.start <= actor.start && actor.end <= sentence.end;
                match actor.attrs.get_str("id") {
                    Some(id) if inside && !parties.contains(&id) => parties.push(id),
                    _ => {}
                }
            }
            if parties.len() < self.min_actors {
                continue;
            }
            let mut attrs = Attrs::new().with("parties", parties);
            if let Some(days) = days_before(&text[sentence.start..trigger.range.start]) {
                attrs.insert("days", days);
            }
            // Byte offsets into `doc.text()`; the host checks every span.
            out.emit(LABEL, trigger.range.clone(), &attrs)?;
        }
        Ok(())
    }
}

/// The length in "a two-day visit": a number and `-day`, right before the trigger.
fn days_before(head: &str) -> Option<f64> {
    let number = head.trim_end().strip_suffix("-day")?;
    let last = find_quantities(number).pop()?;
    (last.range.end == number.len()).then(|| last.value().to_f64())
}

marginalia_core::export_plugin!(Visits);

#[cfg(test)]
mod tests {
    use marginalia_core::Annotation;
    use marginalia_testkit::Runner;

    use super::*;

    /// An `actor` annotation of `covered`, as the actors plugin would lend it.
    fn actor(text: &str, covered: &str, id: &str) -> Annotation {
        let start = text.find(covered).expect("the actor is in the text");
        Annotation {
            label: "actor".into(),
            start,
            end: start + covered.len(),
            text: covered.into(),
            plugin: "actors".into(),
            attrs: Attrs::new().with("id", id),
        }
    }

    #[test]
    fn a_trigger_counts_in_a_sentence_that_names_an_actor() {
        let text = "Modi's trip to Japan ended. The trip was short.";
        let actors = [actor(text, "Modi", "IND"), actor(text, "Japan", "JPN")];
        let out = Runner::in_process::<Visits>().after(&actors).run(text);
        out.span("trip")
            .occurrence(1)
            .attr("parties", vec!["IND", "JPN"]);
        assert_eq!(out.texts(), ["trip"]);
    }
}
