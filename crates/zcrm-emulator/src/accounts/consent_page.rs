//! The consent page's HTML: who asks, for what, and the two buttons. Every value shown or
//! carried comes from the request's URL, so all of it is escaped.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::accounts::consent::FORWARDED;
use crate::params::Params;

pub(crate) fn render(client_name: &str, scope: &str, params: &Params) -> Response {
    let scopes: String = scope
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| format!("<li class=\"scope\">{}</li>", escape(s)))
        .collect();
    let hidden: String = FORWARDED
        .iter()
        .filter_map(|name| Some((name, params.get(name)?)))
        .map(|(name, value)| {
            format!(
                "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
                escape(value)
            )
        })
        .collect();
    let client = escape(client_name);
    let html = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Zoho Accounts - Consent</title></head>\
         <body><h1 id=\"client-name\">{client}</h1>\
         <p>{client} would like to access the following data in your Zoho account:</p>\
         <ul id=\"scopes\">{scopes}</ul>\
         <form method=\"post\" action=\"/oauth/v2/auth\">{hidden}\
         <button type=\"submit\" name=\"decision\" value=\"accept\">Accept</button>\
         <button type=\"submit\" name=\"decision\" value=\"reject\">Reject</button>\
         </form></body></html>"
    );
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/html;charset=UTF-8")],
        html,
    )
        .into_response()
}

fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_in_values_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
