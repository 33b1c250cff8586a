//! `ZCRMSDK::Native::RecordPage`: one page of a record list (`{"data":[...],"info":{...}}`),
//! kept as JSON text with the place of each record in it, so that Ruby builds a record's
//! objects only when user code first looks at that record (see `ZCRMRecord`'s lazy fill).
//!
//! Walking a module touches few fields of many records; parsing a 200-record page into Ruby
//! Hashes up front (51 fields a record, ~100 objects each) costs more than the request
//! itself. Here the page is scanned once in Rust, where that is cheap, and only the ids (which
//! every `ZCRMRecord` carries from birth), `info` and the envelope's other keys become Ruby
//! objects.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use magnus::{prelude::*, Error, RArray, RString, Ruby, Value};
use serde_json::value::RawValue;

use crate::json;

mod top_level;

#[magnus::wrap(class = "ZCRMSDK::Native::RecordPage", free_immediately, size)]
pub struct RecordPage {
    body: Box<[u8]>,
    /// Where each element of the list is in `body`.
    records: Vec<Range<usize>>,
    /// Where the top level's other values (`info`, ...) are, by key.
    others: Vec<(String, Range<usize>)>,
    /// Each element's `id` (a String or a number as Zoho sent it), `None` when it has none.
    ids: Vec<Option<Range<usize>>>,
    /// Whether some element has a `status` of "success" or "error": such a list is read the
    /// 1.0.x way (an EntityResponse per element), so the caller parses it in full.
    write_results: bool,
    /// The keys the Ruby mapping places itself (see `json::record_parts`).
    own_place: Arc<HashSet<String>>,
}

impl RecordPage {
    /// The page in `body` whose list is under `key`, or `None` when the body is not such a page
    /// (an error answer, an element that is not an object): the caller then parses it in full.
    pub fn scan(body: Vec<u8>, key: &str, own_place: Arc<HashSet<String>>) -> Option<RecordPage> {
        let top: BTreeMap<String, &RawValue> = serde_json::from_slice(&body).ok()?;
        let (list, others): (Vec<_>, Vec<_>) = top
            .into_iter()
            .map(|(name, value)| (name, span(&body, value)))
            .partition(|(name, _)| name == key);
        let (_, list) = list.into_iter().next()?;
        let elements: Vec<&RawValue> = serde_json::from_slice(&body[list]).ok()?;
        let mut records = Vec::with_capacity(elements.len());
        let mut ids = Vec::with_capacity(elements.len());
        let mut write_results = false;
        for element in elements {
            if !element.get().starts_with('{') {
                return None;
            }
            let place = span(&body, element);
            let mut id = None;
            for (name, value) in top_level::fields(element.get()) {
                match name {
                    "id" => id = Some(place.start + value.start..place.start + value.end),
                    "status" => write_results |= is_write_status(&element.get()[value]),
                    _ => {}
                }
            }
            ids.push(id);
            records.push(place);
        }
        Some(RecordPage {
            body: body.into_boxed_slice(),
            records,
            others,
            ids,
            write_results,
            own_place,
        })
    }
}

/// The place of `value`, a slice borrowed from `body`, in `body`.
fn span(body: &[u8], value: &RawValue) -> Range<usize> {
    let start = value.get().as_ptr() as usize - body.as_ptr() as usize;
    start..start + value.get().len()
}

fn is_write_status(status: &str) -> bool {
    matches!(status, "\"success\"" | "\"error\"")
}

/// `RecordPage.scan(body, key, own_place)`: the page, or nil (see `RecordPage::scan`);
/// `own_place` lists the keys `record_parts` leaves to the Ruby mapping. The body is copied:
/// its bytes must not be borrowed from a Ruby String across a GC.
fn scan(body: RString, key: String, own_place: RArray) -> Result<Option<RecordPage>, Error> {
    let own_place = own_place_set(own_place)?;
    // SAFETY: the slice is copied before any Ruby code or allocation runs.
    let bytes = unsafe { body.as_slice() }.to_vec();
    Ok(RecordPage::scan(bytes, &key, own_place))
}

thread_local! {
    /// The last `own_place` list, as a set: every page of a process gets the same frozen list
    /// (`Mapping::Records::OWN_PLACE_KEYS`), and building the set cost more than the scan of
    /// a one-record page.
    static OWN_PLACE: RefCell<Option<Arc<HashSet<String>>>> = const { RefCell::new(None) };
}

fn own_place_set(list: RArray) -> Result<Arc<HashSet<String>>, Error> {
    let key = |i: usize| list.entry::<RString>(i as isize);
    let same = |set: &HashSet<String>| {
        set.len() == list.len()
            && (0..list.len()).all(|i| {
                // SAFETY: each key is read at once, while nothing can run Ruby code.
                key(i).is_ok_and(|key| unsafe { key.as_str() }.is_ok_and(|k| set.contains(k)))
            })
    };
    if let Some(set) = OWN_PLACE
        .with(|cached| cached.borrow().clone())
        .filter(|s| same(s))
    {
        return Ok(set);
    }
    let set = Arc::new(list.to_vec::<String>()?.into_iter().collect::<HashSet<_>>());
    OWN_PLACE.with(|cached| *cached.borrow_mut() = Some(set.clone()));
    Ok(set)
}

impl RecordPage {
    fn size(&self) -> usize {
        self.records.len()
    }

    fn write_results(&self) -> bool {
        self.write_results
    }

    /// The elements' ids, in order (nil for an element without one).
    fn ids(ruby: &Ruby, rb_self: &Self) -> Result<RArray, Error> {
        let ids = ruby.ary_new_capa(rb_self.ids.len());
        for id in &rb_self.ids {
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
        let range = self.records.get(index).ok_or_else(|| {
            Error::new(
                ruby.exception_index_error(),
                format!("no record {index} in a page of {}", self.records.len()),
            )
        })?;
        Ok(&self.body[range.clone()])
    }

    /// The top level without the list: `{"info" => {...}}` and whatever else Zoho sent.
    fn envelope(ruby: &Ruby, rb_self: &Self) -> Result<Value, Error> {
        let hash = ruby.hash_new();
        for (name, range) in &rb_self.others {
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
    class.define_singleton_method("scan", magnus::function!(scan, 3))?;
    class.define_method("size", magnus::method!(RecordPage::size, 0))?;
    class.define_method(
        "write_results?",
        magnus::method!(RecordPage::write_results, 0),
    )?;
    class.define_method("ids", magnus::method!(RecordPage::ids, 0))?;
    class.define_method("record", magnus::method!(RecordPage::record, 1))?;
    class.define_method("record_parts", magnus::method!(RecordPage::record_parts, 2))?;
    class.define_method("envelope", magnus::method!(RecordPage::envelope, 0))?;
    Ok(())
}
