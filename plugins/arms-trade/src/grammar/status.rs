//! Status: the nearest status cue before the span, the trigger's own status, or an alleged
//! or speech cue after it; a speaker who is a party does not make a transfer alleged.

use marginalia_text::mentions::Mention;
use marginalia_text::tokens::token_at;

use super::AFTER_WINDOW;
use super::doc::Doc;
use super::roles::subject;
use super::triggers::Found;
use crate::data::Status;

/// How many tokens before the span a status cue may be.
pub(super) const CUE_WINDOW: usize = 15;

/// The status (see the crate doc).
pub(super) fn status(
    doc: &Doc<'_>,
    found: &Found,
    t0: usize,
    span_first: usize,
    floor: usize,
    limit: usize,
) -> Status {
    let floor_byte = doc.tokens[floor].range.start;
    let window_start = doc.tokens[span_first.saturating_sub(CUE_WINDOW).max(floor)]
        .range
        .start;
    let trigger_start = doc.tokens[t0].range.start;
    let parties: Vec<&String> = found.supplier.iter().chain(&found.recipient).collect();
    let speaker_is_party = |cue: &Mention<Status>, after: bool| -> bool {
        let ids: Vec<String> = if after {
            let end = doc.tokens[(token_at(&doc.tokens, cue.range.end) + 5).min(limit.max(1) - 1)]
                .range
                .end;
            doc.actors
                .inside(cue.range.end..end)
                .map(|a| a.value.id.clone())
                .collect()
        } else {
            let cue_tok = token_at(&doc.tokens, cue.range.start);
            subject(doc, cue_tok, floor, &[])
                .map(|(ids, _)| ids)
                .unwrap_or_default()
        };
        !ids.is_empty() && ids.iter().all(|id| parties.contains(&id))
    };
    // Cues before the trigger (for a participle or noun span: before the trigger too, but
    // only those outside the span).
    let trigger_end = doc.tokens[t0].range.end;
    let before = doc
        .cues
        .before(trigger_end, window_start.max(floor_byte))
        .find(|c| c.range.start < trigger_start);
    let resolve = |cue: &Mention<Status>, after: bool| -> Status {
        match cue.value {
            Status::Attribution if found.aggregate => found.inherent.unwrap_or(Status::Actual),
            Status::Attribution if speaker_is_party(cue, after) => {
                found.inherent.unwrap_or(Status::Actual)
            }
            Status::Attribution => Status::Alleged,
            Status::Actual => found.inherent.unwrap_or(Status::Actual),
            other => other,
        }
    };
    if let Some(cue) = before {
        return resolve(cue, false);
    }
    if let Some(inherent) = found.inherent {
        return inherent;
    }
    let after_end = doc.tokens[(found.last + AFTER_WINDOW).min(limit.max(1) - 1)]
        .range
        .end;
    if let Some(cue) = doc
        .cues
        .after(found.span.end, after_end)
        .find(|c| matches!(c.value, Status::Alleged | Status::Attribution))
    {
        return resolve(cue, true);
    }
    Status::Actual
}
