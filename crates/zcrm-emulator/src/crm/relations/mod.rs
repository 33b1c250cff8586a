//! Related lists of a record and the relations behind them.

pub(crate) mod links;
pub(crate) mod relate;
pub(crate) mod related;
