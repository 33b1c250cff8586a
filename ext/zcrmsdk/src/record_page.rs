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
use zcrm_core::json_skim::Skim;

use crate::json;

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
    /// (not JSON, an error answer, an element that is not an object): the caller then parses it
    /// in full. One validating walk over the body (`json_skim`), reading each element's
    /// top-level members only.
    pub fn scan(body: Vec<u8>, key: &str, own_place: Arc<HashSet<String>>) -> Option<RecordPage> {
        let mut skim = Skim::new(&body)?;
        if skim.peek()? != b'{' {
            return None;
        }
        let mut list = None;
        // By key, the last of a repeated key winning, as in a parsed object.
        let mut others = BTreeMap::new();
        skim.object(|skim, name| {
            if name.is(key) {
                list = Some(elements(skim)?);
            } else {
                others.insert(name.unescaped(), skim.value()?);
            }
            Some(())
        })?;
        skim.finish()?;
        let List {
            records,
            ids,
            write_results,
        } = list?;
        Some(RecordPage {
            body: body.into_boxed_slice(),
            records,
            others: others.into_iter().collect(),
            ids,
            write_results,
            own_place,
        })
    }
}

/// Where a page's elements are, read from the list that comes next.
#[derive(Default)]
struct List {
    records: Vec<Range<usize>>,
    ids: Vec<Option<Range<usize>>>,
    write_results: bool,
}

fn elements(skim: &mut Skim) -> Option<List> {
    let mut list = List::default();
    skim.array(|skim| {
        if skim.peek()? != b'{' {
            return None;
        }
        let mut id = None;
        let place = skim.object(|skim, name| {
            let value = skim.value()?;
            if name.is("id") {
                id = Some(value);
            } else if name.is("status") {
                list.write_results |= is_write_status(skim.text(value));
            }
            Some(())
        })?;
        list.ids.push(id);
        list.records.push(place);
        Some(())
    })?;
    Some(list)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> Option<RecordPage> {
        RecordPage::scan(body.as_bytes().to_vec(), "data", Arc::default())
    }

    fn texts<'p>(page: &'p RecordPage, ranges: &[Range<usize>]) -> Vec<&'p str> {
        let text =
            |range: &Range<usize>| std::str::from_utf8(&page.body[range.clone()]).unwrap_or("?");
        ranges.iter().map(text).collect()
    }

    #[test]
    fn finds_each_record_its_id_and_the_envelope_s_other_keys() {
        let body = r#" {"info": {"count": 2}, "data": [ {"Owner": {"id": "9"}, "id": "42"}, {"\u0069d": 7, "Tag": [{"id": "1"}]}, {"x": null} ], "a": 1 } "#;
        let page = page(body).expect("a page");
        assert_eq!(
            texts(&page, &page.records),
            vec![
                r#"{"Owner": {"id": "9"}, "id": "42"}"#,
                r#"{"\u0069d": 7, "Tag": [{"id": "1"}]}"#,
                r#"{"x": null}"#
            ]
        );
        let ids: Vec<Option<&str>> = page
            .ids
            .iter()
            .map(|id| {
                id.as_ref()
                    .map(|range| texts(&page, std::slice::from_ref(range))[0])
            })
            .collect();
        assert_eq!(ids, vec![Some(r#""42""#), Some("7"), None]);
        let others: Vec<(&str, &str)> = page
            .others
            .iter()
            .map(|(name, range)| (name.as_str(), texts(&page, std::slice::from_ref(range))[0]))
            .collect();
        assert_eq!(others, vec![("a", "1"), ("info", r#"{"count": 2}"#)]);
        assert!(!page.write_results);
    }

    #[test]
    fn a_list_of_write_results_is_marked() {
        let page = page(r#"{"data":[{"code":"SUCCESS","status":"success","details":{"id":"1"}}]}"#);
        assert!(page.expect("a page").write_results);
    }

    #[test]
    fn what_is_no_page_of_objects_is_none() {
        for body in [
            r#"{"data":[{"id":"1"}, 2]}"#,
            r#"{"data":{"id":"1"}}"#,
            r#"{"info":{}}"#,
            r#"{"data":[{"id":"1"}]"#,
            r#"{"data":[{"id":"1"}]} x"#,
            r#"[{"id":"1"}]"#,
        ] {
            assert!(page(body).is_none(), "{body}");
        }
    }

    #[test]
    fn the_last_of_a_repeated_list_key_counts() {
        let page = page(r#"{"data":[{"id":"1"}],"data":[{"id":"2"},{"id":"3"}]}"#).expect("a page");
        assert_eq!(page.records.len(), 2);
    }
}
