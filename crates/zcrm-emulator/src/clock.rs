//! Wall-clock helpers. Zoho renders times in the org's zone with an explicit offset and no
//! milliseconds; the emulated org sits in a zone without daylight saving so output is stable.

use std::time::{SystemTime, UNIX_EPOCH};

pub(crate) const ORG_TIME_ZONE: &str = "Asia/Kolkata";
const ORG_OFFSET_SECS: i64 = 5 * 3600 + 30 * 60;
const ORG_OFFSET_TEXT: &str = "+05:30";
const SECS_PER_DAY: i64 = 86_400;

pub(crate) fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// `2019-07-25T15:26:49+05:30` for a Unix time.
pub(crate) fn iso_at(unix: i64) -> String {
    let local = unix.saturating_add(ORG_OFFSET_SECS);
    let (year, month, day) = civil_from_days(local.div_euclid(SECS_PER_DAY));
    let secs = local.rem_euclid(SECS_PER_DAY);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}{ORG_OFFSET_TEXT}",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

pub(crate) fn iso_now() -> String {
    iso_at(now_unix())
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant's algorithm),
/// so no date crate is needed for one format.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_org_offset() {
        assert_eq!(iso_at(0), "1970-01-01T05:30:00+05:30");
        assert_eq!(iso_at(1_564_048_009), "2019-07-25T15:16:49+05:30");
        assert_eq!(iso_at(951_782_400 - 19_800), "2000-02-29T00:00:00+05:30");
    }
}
