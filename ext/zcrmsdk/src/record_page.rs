//! `ZCRMSDK::Native::RecordPage`: one page of a record list (`{"data":[...],"info":{...}}`),
//! kept as JSON text with the place of each record in it, so that Ruby builds a record's
//! objects only when user code first looks at that record (see `ZCRMRecord`'s lazy fill).
//!
//! Walking a module touches few fields of many records; parsing a 200-record page into Ruby
//! Hashes up front (51 fields a record, ~100 objects each) costs more than the request
//! itself. The engine's envelope check finds where each record is as it validates the answer
//! (zcrm-core's `api::page_layout`), and only the ids (which every `ZCRMRecord` carries from
//! birth), `info` and the envelope's other keys become Ruby objects.

use std::collections::HashSet;
use std::sync::{Arc, RwLock};

use magnus::{prelude::*, Error, RArray, RString, Ruby, Value};
use zcrm_core::api::page_layout::PageLayout;

use crate::json;

/// Where a list answer's records are, found by the engine's envelope check, handed to Ruby
/// with the answer: `ZCRMSDK::Native::PageLayout`. Ruby turns it into a `RecordPage` when it
/// reads the records lazily, so that the body is not walked a second time.
#[magnus::wrap(class = "ZCRMSDK::Native::PageLayout", free_immediately, size)]
pub struct Layout(PageLayout);

impl Layout {
    /// The layout Ruby gets with an answer: none for a list of write results, which Ruby reads
    /// the 1.0.x way (an EntityResponse per element).
    pub fn of(page: Option<PageLayout>) -> Option<Layout> {
        page.filter(|page| !page.write_results).map(Layout)
    }
}

#[magnus::wrap(class = "ZCRMSDK::Native::RecordPage", free_immediately, size)]
pub struct RecordPage {
    body: Box<[u8]>,
    layout: PageLayout,
    /// The keys the Ruby mapping places itself (see `json::record_parts`).
    own_place: Arc<HashSet<String>>,
}

/// `Mapping::Records::OWN_PLACE_KEYS`, given once when the gem loads.
static OWN_PLACE: RwLock<Option<Arc<HashSet<String>>>> = RwLock::new(None);

/// `RecordPage.own_place_keys = keys`: the keys `record_parts` leaves to the Ruby mapping.
fn set_own_place_keys(keys: RArray) -> Result<(), Error> {
    let set = Arc::new(keys.to_vec::<String>()?.into_iter().collect::<HashSet<_>>());
    *OWN_PLACE
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(set);
    Ok(())
}

/// `RecordPage.new(body, layout)`: the page of the answer whose body and layout these are.
/// The body is copied: its bytes must not be borrowed from a Ruby String across a GC.
fn new(ruby: &Ruby, body: RString, layout: &Layout) -> Result<RecordPage, Error> {
    // SAFETY: the slice is copied before any Ruby code or allocation runs.
    let body = unsafe { body.as_slice() }.to_vec().into_boxed_slice();
    if !fits(&layout.0, body.len()) {
        return Err(Error::new(
            ruby.exception_arg_error(),
            "the layout is not this body's: a record lies past its end",
        ));
    }
    let own_place = OWN_PLACE
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .clone()
        .unwrap_or_default();
    Ok(RecordPage {
        body,
        layout: layout.0.clone(),
        own_place,
    })
}

fn fits(layout: &PageLayout, len: usize) -> bool {
    let records = layout.records.iter();
    let ids = layout.ids.iter().flatten();
    let others = layout.others.iter().map(|(_, range)| range);
    records
        .chain(ids)
        .chain(others)
        .all(|range| range.end <= len)
}

impl RecordPage {
    fn size(&self) -> usize {
        self.layout.records.len()
    }

    /// The elements' ids, in order (nil for an element without one).
    fn ids(ruby: &Ruby, rb_self: &Self) -> Result<RArray, Error> {
        let ids = ruby.ary_new_capa(rb_self.layout.ids.len());
        for id in &rb_self.layout.ids {
            let value = match id {
                Some(range) => parsed(ruby, &rb_self.body[range.clone()])?,
                None => ruby.qnil().as_value(),
            };
            ids.push(value)?;
        }
        Ok(ids)
    }

    /// Element `index` as `JSON.parse` would give it.
    fn record(ruby: &Ruby, rb_self: &Self, index: usize) -> Result<Value, Error> {
        parsed(ruby, rb_self.element(ruby, index)?)
    }

    /// Element `index` as `[field_data, properties, rest]` (see `json::record_parts`).
    fn record_parts(
        ruby: &Ruby,
        rb_self: &Self,
        index: usize,
        pending: Value,
    ) -> Result<(Value, Value, Value), Error> {
        let bytes = rb_self.element(ruby, index)?;
        let [fields, properties, rest] =
            json::record_parts(ruby, bytes, &rb_self.own_place, pending)
                .ok_or_else(|| not_json(ruby))?;
        Ok((fields, properties, rest))
    }

    fn element(&self, ruby: &Ruby, index: usize) -> Result<&[u8], Error> {
        let range = self.layout.records.get(index).ok_or_else(|| {
            Error::new(
                ruby.exception_index_error(),
                format!(
                    "no record {index} in a page of {}",
                    self.layout.records.len()
                ),
            )
        })?;
        Ok(&self.body[range.clone()])
    }

    /// The top level without the list: `{"info" => {...}}` and whatever else Zoho sent.
    fn envelope(ruby: &Ruby, rb_self: &Self) -> Result<Value, Error> {
        let hash = ruby.hash_new();
        for (name, range) in &rb_self.layout.others {
            hash.aset(name.as_str(), parsed(ruby, &rb_self.body[range.clone()])?)?;
        }
        Ok(hash.as_value())
    }
}

fn parsed(ruby: &Ruby, bytes: &[u8]) -> Result<Value, Error> {
    json::parse(ruby, bytes).ok_or_else(|| not_json(ruby))
}

fn not_json(ruby: &Ruby) -> Error {
    Error::new(
        ruby.exception_runtime_error(),
        "a record page held text that is not JSON",
    )
}

pub fn define(ruby: &Ruby, native: magnus::RModule) -> Result<(), Error> {
    let class = native.define_class("RecordPage", ruby.class_object())?;
    native.define_class("PageLayout", ruby.class_object())?;
    class.define_singleton_method("new", magnus::function!(new, 2))?;
    class.define_singleton_method("own_place_keys=", magnus::function!(set_own_place_keys, 1))?;
    class.define_method("size", magnus::method!(RecordPage::size, 0))?;
    class.define_method("ids", magnus::method!(RecordPage::ids, 0))?;
    class.define_method("record", magnus::method!(RecordPage::record, 1))?;
    class.define_method("record_parts", magnus::method!(RecordPage::record_parts, 2))?;
    class.define_method("envelope", magnus::method!(RecordPage::envelope, 0))?;
    Ok(())
}
