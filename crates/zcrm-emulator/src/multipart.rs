//! `multipart/form-data` bodies with their bytes intact, for attachment and photo uploads.
//! (`params` reads only the text fields of a multipart body, lossily.)

/// One part of a multipart body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Part {
    pub(crate) name: String,
    pub(crate) file_name: Option<String>,
    pub(crate) content_type: Option<String>,
    pub(crate) data: Vec<u8>,
}

impl Part {
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.data).into_owned()
    }
}

/// The parts of `body`, or `None` when the content type is not multipart with a boundary.
pub(crate) fn parse(content_type: Option<&str>, body: &[u8]) -> Option<Vec<Part>> {
    let boundary = boundary(content_type?)?;
    let delimiter = format!("--{boundary}").into_bytes();
    let mut parts = Vec::new();
    let mut rest = &body[find(body, &delimiter)? + delimiter.len()..];
    while !rest.starts_with(b"--") {
        let next = find(rest, &delimiter)?;
        if let Some(part) = parse_part(&rest[..next]) {
            parts.push(part);
        }
        rest = &rest[next + delimiter.len()..];
    }
    Some(parts)
}

fn boundary(content_type: &str) -> Option<String> {
    if !content_type
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("multipart/")
    {
        return None;
    }
    content_type
        .split(';')
        .filter_map(|param| param.trim().split_once('='))
        .find(|(key, _)| key.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, value)| value.trim().trim_matches('"').to_string())
        .filter(|b| !b.is_empty())
}

/// A part between two delimiters: CRLF, headers, a blank line, the data, CRLF.
fn parse_part(raw: &[u8]) -> Option<Part> {
    let raw = raw.strip_prefix(b"\r\n").unwrap_or(raw);
    let split = find(raw, b"\r\n\r\n")?;
    let headers = String::from_utf8_lossy(&raw[..split]);
    let data = &raw[split + 4..];
    let data = data.strip_suffix(b"\r\n").unwrap_or(data);
    let mut part = Part {
        name: String::new(),
        file_name: None,
        content_type: None,
        data: data.to_vec(),
    };
    for line in headers.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        if key.trim().eq_ignore_ascii_case("content-disposition") {
            part.name = disposition_param(value, "name").unwrap_or_default();
            part.file_name = disposition_file_name(value);
        } else if key.trim().eq_ignore_ascii_case("content-type") {
            part.content_type = Some(value.trim().to_string());
        }
    }
    Some(part)
}

/// `filename*=UTF-8''<pct-encoded>` wins over `filename="…"`, as RFC 6266 says.
fn disposition_file_name(value: &str) -> Option<String> {
    if let Some(extended) = disposition_param(value, "filename*") {
        let encoded = extended.rsplit('\'').next().unwrap_or(&extended);
        return Some(
            url::form_urlencoded::parse(format!("x={}", encoded.replace('+', "%2B")).as_bytes())
                .map(|(_, v)| v.into_owned())
                .next()
                .unwrap_or_default(),
        );
    }
    disposition_param(value, "filename")
}

fn disposition_param(value: &str, name: &str) -> Option<String> {
    value
        .split(';')
        .filter_map(|param| param.trim().split_once('='))
        .find(|(key, _)| key.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim().trim_matches('"').to_string())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_keep_their_bytes_and_names() {
        let mut body =
            b"--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a b.bin\"\r\n\
Content-Type: application/octet-stream\r\n\r\n"
                .to_vec();
        body.extend_from_slice(&[0, 159, 146, 150, b'\r', b'\n', 1]);
        body.extend_from_slice(
            b"\r\n--B\r\nContent-Disposition: form-data; name=\"attachmentUrl\"\r\n\r\nhttps://x\r\n--B--\r\n",
        );
        let parts = parse(Some("multipart/form-data; boundary=B"), &body).unwrap_or_default();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "file");
        assert_eq!(parts[0].file_name.as_deref(), Some("a b.bin"));
        assert_eq!(parts[0].data, vec![0, 159, 146, 150, b'\r', b'\n', 1]);
        assert_eq!(parts[1].text(), "https://x");
    }

    #[test]
    fn extended_file_names_are_decoded() {
        let body = "--B\r\nContent-Disposition: form-data; name=\"file\"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt\r\n\r\nx\r\n--B--";
        let parts = parse(Some("multipart/form-data; boundary=B"), body.as_bytes());
        let name = parts.and_then(|p| p.first().and_then(|p| p.file_name.clone()));
        assert_eq!(name.as_deref(), Some("résumé.txt"));
        assert!(parse(Some("application/json"), b"{}").is_none());
    }
}
