//! The local grammar: from trigger, item and cue matches and the actor annotations of one
//! document to transfers with their spans and attributes (see the crate doc).
//!
//! - [`doc`]: the tokenized, indexed document and the closed word classes;
//! - [`triggers`]: the patterns that join a trigger to its items;
//! - [`extent`]: where an item phrase and a span end;
//! - [`roles`]: supplier and recipient;
//! - [`status`]: status (and so cameo).

mod doc;
mod extent;
mod roles;
mod status;
mod triggers;

use std::ops::Range;

use marginalia_core::{Attrs, Document};
use marginalia_text::FoldedText;
use marginalia_text::sentences::Sentences;
use marginalia_text::tokens::token_at;

pub(crate) use self::doc::Words;
use self::doc::{Doc, after_dateline};
use self::triggers::{Found, find};
use crate::ArmsTrade;
use crate::data::Status;

/// How many tokens after the span a to/from phrase or a speech cue may be.
pub(super) const AFTER_WINDOW: usize = 15;

/// One transfer to emit.
#[derive(Debug)]
pub(crate) struct Transfer {
    pub range: Range<usize>,
    pub attrs: Attrs,
}

pub(crate) fn analyse(plugin: &ArmsTrade, document: &Document<'_>) -> Vec<Transfer> {
    let text = document.text();
    let folded = FoldedText::new(text);
    let doc = Doc::new(plugin, document, &folded);
    let sentences = Sentences::new(text);
    let mut out: Vec<Transfer> = Vec::new();
    let mut taken_until = 0usize;
    for trigger in plugin.triggers.find_iter(&folded) {
        if trigger.range.start < taken_until {
            continue;
        }
        let Some(sentence) = sentences.containing(trigger.range.start) else {
            continue;
        };
        if trigger.range.end > sentence.end {
            continue;
        }
        let s_first = token_at(&doc.tokens, sentence.start);
        let s_limit = token_at(&doc.tokens, sentence.end);
        let floor = after_dateline(&doc, s_first, s_limit);
        let t0 = token_at(&doc.tokens, trigger.range.start);
        let t1 = token_at(&doc.tokens, trigger.range.end.saturating_sub(1));
        if t0 < floor || t1 >= s_limit {
            continue;
        }
        // Whole tokens only: not "ship" in "anti-ship".
        if doc.tokens[t0].range.start != trigger.range.start
            || doc.tokens[t1].range.end != trigger.range.end
        {
            continue;
        }
        // International news: a transfer names at least one state or organisation.
        let floor_byte = doc.tokens[floor].range.start;
        if doc.actors.inside(floor_byte..sentence.end).next().is_none() {
            continue;
        }
        let Some(found) = find(&doc, trigger.value, t0, t1, floor, s_limit) else {
            continue;
        };
        if found.span.start < taken_until {
            continue;
        }
        let Some(transfer) = finish(&doc, found, t0, floor, s_limit, &plugin.deployable) else {
            continue;
        };
        taken_until = transfer.range.end;
        out.push(transfer);
    }
    out
}

/// Sets roles, status and cameo, and builds the transfer.
fn finish(
    doc: &Doc<'_>,
    mut found: Found,
    t0: usize,
    floor: usize,
    limit: usize,
    deployable: &crate::data::Deployable,
) -> Option<Transfer> {
    let span_first = token_at(&doc.tokens, found.span.start);
    roles::assign(doc, &mut found, floor, limit);

    // "sent warships to escort tankers": a deployment, unless someone receives them.
    if found.deploy
        && found.recipient.is_empty()
        && found.items.iter().all(|item| deployable.contains(item))
    {
        return None;
    }
    let status = status::status(doc, &found, t0, span_first, floor, limit);
    let mut attrs = Attrs::new()
        .with("items", found.items.clone())
        .with("status", status.as_str());
    if !found.supplier.is_empty() {
        attrs.insert("supplier", found.supplier.clone());
    }
    if !found.recipient.is_empty() {
        attrs.insert("recipient", found.recipient.clone());
    }
    if status == Status::Actual {
        attrs.insert("cameo", "072");
    }
    Some(Transfer {
        range: found.span,
        attrs,
    })
}
