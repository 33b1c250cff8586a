//! Where the records of a list answer are in its body: what a record page
//! (`ZCRMSDK::Native::RecordPage`) reads each record through when user code first looks at it.
//! Found by the envelope check's walk (`envelope_scan`), so that an answer is walked once.

use std::ops::Range;

use crate::json_skim::Skim;

/// The list under the operation's key, every element an object, as places in the body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageLayout {
    /// Where each element is.
    pub records: Vec<Range<usize>>,
    /// Where each element's `id` value is (a String or a number as Zoho sent it), `None`
    /// when it has none.
    pub ids: Vec<Option<Range<usize>>>,
    /// Where the top level's other values (`info`, ...) are, by key, the last of a repeated
    /// key winning, as in a parsed object.
    pub others: Vec<(String, Range<usize>)>,
    /// Some element has a `status` of "success" or "error": a list of write results, which
    /// the Ruby side reads the 1.0.x way (an EntityResponse per element), not as records.
    pub write_results: bool,
}

/// What reading the list under the operation's key tells.
pub(super) struct List {
    /// The first element is an object whose `status` is "error".
    pub first_is_error: bool,
    /// `None` when some element is not an object. `others` is left for the caller.
    pub layout: Option<PageLayout>,
}

/// Reads the array that comes next.
pub(super) fn read_list(skim: &mut Skim) -> Option<List> {
    let mut layout = Some(PageLayout::default());
    let mut first_is_error = None;
    skim.array(|skim| {
        if skim.peek()? != b'{' {
            layout = None;
            first_is_error.get_or_insert(false);
            return skim.value().map(drop);
        }
        let element = read_element(skim)?;
        first_is_error.get_or_insert(element.status_is_error);
        if let Some(layout) = &mut layout {
            layout.records.push(element.place);
            layout.ids.push(element.id);
            layout.write_results |= element.status_is_write_result;
        }
        Some(())
    })?;
    Some(List {
        first_is_error: first_is_error.unwrap_or(false),
        layout,
    })
}

/// An object of the list, or the object under the key.
pub(super) struct Element {
    place: Range<usize>,
    id: Option<Range<usize>>,
    pub status_is_error: bool,
    status_is_write_result: bool,
}

/// Reads the object that comes next; only its own members are looked at.
pub(super) fn read_element(skim: &mut Skim) -> Option<Element> {
    let mut id = None;
    let mut status = None;
    let place = skim.object(|skim, name| {
        let value = skim.value()?;
        if name.is("id") {
            id = Some(value);
        } else if name.is("status") {
            // The last of a repeated key counts, as in a parsed object.
            status = Some(value);
        }
        Some(())
    })?;
    let status = status.and_then(|status| skim.string(status));
    let is = |word: &str| status.is_some_and(|status| status.is(word));
    Some(Element {
        place,
        id,
        status_is_error: is("error"),
        status_is_write_result: is("error") || is("success"),
    })
}
