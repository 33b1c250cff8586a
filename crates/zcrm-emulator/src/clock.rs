//! Wall-clock helpers. Zoho renders times in the org's zone with an explicit offset and no
//! milliseconds; the emulated org sits in a zone without daylight saving so output is stable.

use std::time::{SystemTime, UNIX_EPOCH};

/// How Zoho names the time zone of an org in India (the legacy IANA name).
pub(crate) const ORG_TIME_ZONE: &str = "Asia/Calcutta";
const ORG_OFFSET_SECS: i64 = 5 * 3600 + 30 * 60;
const ORG_OFFSET_TEXT: &str = "+05:30";
const SECS_PER_DAY: i64 = 86_400;

/// Now as the emulator's records see it: the wall clock, unless a test set the emulator's
/// clock (see `fake_clock`).
pub(crate) fn now_unix() -> i64 {
    crate::fake_clock::adjust(wall_unix())
}

pub(crate) fn wall_unix() -> i64 {
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

/// The Unix time of an ISO-8601 date-time with an offset (`2019-07-25T15:26:49+05:30`, `Z`
/// accepted, fractional seconds ignored), or of a bare date (`2019-07-25`, read in the org's
/// zone). `None` for anything else: callers decide whether that is an error.
pub(crate) fn parse_iso(text: &str) -> Option<i64> {
    let text = text.trim();
    let date = text.get(..10)?;
    let days = parse_date(date)?;
    let rest = &text[10..];
    if rest.is_empty() {
        return Some(days * SECS_PER_DAY - ORG_OFFSET_SECS);
    }
    let rest = rest.strip_prefix(['T', ' '])?;
    let (clock, offset) = split_offset(rest)?;
    let mut parts = clock.split(':');
    let hour = small_number(parts.next()?, 23)?;
    let minute = small_number(parts.next()?, 59)?;
    let second = match parts.next() {
        Some(s) => small_number(s.split('.').next()?, 60)?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    Some(days * SECS_PER_DAY + hour * 3600 + minute * 60 + second - offset)
}

/// Days since the epoch of a `yyyy-MM-dd` date.
pub(crate) fn parse_date(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year: i64 = text.get(..4)?.parse().ok()?;
    let month = small_number(text.get(5..7)?, 12)?;
    let day = small_number(text.get(8..10)?, 31)?;
    if month == 0 || day == 0 || year < 1 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    (civil_from_days(days) == (year, month, day)).then_some(days)
}

/// `15:26:49+05:30` → (`15:26:49`, 19800); `Z` is UTC.
fn split_offset(text: &str) -> Option<(&str, i64)> {
    if let Some(clock) = text.strip_suffix('Z') {
        return Some((clock, 0));
    }
    let at = text.rfind(['+', '-'])?;
    let (clock, offset) = text.split_at(at);
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let (hours, minutes) = offset[1..].split_once(':').unwrap_or((&offset[1..], "00"));
    let secs = small_number(hours, 14)? * 3600 + small_number(minutes, 59)? * 60;
    Some((clock, sign * secs))
}

fn small_number(text: &str, max: i64) -> Option<i64> {
    if text.is_empty() || text.len() > 2 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|n| *n <= max)
}

/// (year, month, day) to days since 1970-01-01 (the inverse of `civil_from_days`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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

    #[test]
    fn parses_what_it_formats() {
        for unix in [0, 1_564_048_009, 951_782_400, 4_102_444_800] {
            assert_eq!(parse_iso(&iso_at(unix)), Some(unix));
        }
        assert_eq!(parse_iso("2019-07-25T09:46:49Z"), Some(1_564_048_009));
        assert_eq!(
            parse_iso("2019-07-25T02:46:49.123-07:00"),
            Some(1_564_048_009)
        );
        assert_eq!(parse_iso("1970-01-01"), Some(-19_800));
        for bad in [
            "",
            "2019-02-30",
            "2019-07-25T25:00:00+05:30",
            "yesterday",
            "2019-07-25T10",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
    }
}
