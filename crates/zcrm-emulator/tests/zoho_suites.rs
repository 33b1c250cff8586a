//! What Zoho's own 1.0.x integration suites, written against a real org, expect of the server
//! (issue 12), each where Zoho's v2 documentation is silent or agrees.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use zcrm_emulator::Options;

const MANAGER: &str = "4150868000000026008";
const STANDARD: &str = "4150868000000026014";

#[tokio::test]
async fn contacts_roles_is_the_contact_roles_list_not_a_record() {
    let crm = Crm::start().await;
    let (status, body) = crm.get("Contacts/roles").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let roles = body["contact_roles"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(roles.len(), 7);
    for (n, role) in roles.iter().enumerate() {
        assert!(
            text(&role["id"]).chars().all(|c| c.is_ascii_digit()),
            "{role}"
        );
        assert!(role["name"].is_string(), "{role}");
        assert_eq!(role["sequence_number"], n + 1);
    }
    let first = text(&roles[0]["id"]);
    let (status, one) = crm.get(&format!("Contacts/roles/{first}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["contact_roles"], json!([roles[0]]));
    assert_eq!(crm.get("Contacts/roles/1").await.0, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn metadata_answers_as_a_real_org_does() {
    let crm = Crm::start().await;
    let (_, body) = crm.get("settings/modules").await;
    let modules = &body["modules"];
    assert_eq!(find(modules, "api_name", "Notes")["quick_create"], false);
    assert_eq!(find(modules, "api_name", "Leads")["quick_create"], true);

    for module in ["Tasks", "Events", "Calls"] {
        let (_, body) = crm.get(&format!("settings/fields?module={module}")).await;
        let what = find(&body["fields"], "api_name", "What_Id");
        assert_eq!(what["lookup"]["module"], "se_module", "{module}");
        assert_eq!(what["lookup"]["api_name"], "What_Id", "{module}");
        assert_eq!(what["data_type"], "lookup", "{module}");
    }

    for module in ["Contacts", "Accounts", "Tasks", "Products"] {
        let (_, body) = crm.get(&format!("settings/layouts?module={module}")).await;
        let layout = &body["layouts"][0];
        assert!(layout.is_object(), "{module}: {body}");
        let mapping = layout.get("convert_mapping");
        assert!(
            mapping.is_none_or(Value::is_object),
            "{module}: {mapping:?}"
        );
    }
    let (_, body) = crm.get("settings/layouts?module=Leads").await;
    assert!(body["layouts"][0]["convert_mapping"]["Deals"].is_object());
}

#[tokio::test]
async fn custom_views_name_fields_by_api_name() {
    let crm = Crm::start().await;
    let (_, body) = crm.get("settings/custom_views?module=Leads").await;
    let views = &body["custom_views"];
    let recent = find(views, "system_name", "RECENTLYCREATED");
    assert_eq!(recent["sort_by"], "Created_Time");
    let mine = find(views, "system_name", "MYVIEWS");
    assert_eq!(mine["criteria"]["field"], "Owner");
    assert_eq!(
        find(views, "system_name", "ALLVIEWS")["sort_by"],
        Value::Null
    );

    let id = text(&find(views, "system_name", "ALLVIEWS")["id"]);
    let (status, _) = crm
        .put(
            &format!("settings/custom_views/{id}?module=Leads"),
            json!({"custom_views": [{"sort_by": {"api_name": "Company"}, "sort_order": "asc"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, body) = crm
        .get(&format!("settings/custom_views/{id}?module=Leads"))
        .await;
    assert_eq!(body["custom_views"][0]["sort_by"], "Company");
}

fn tag_names(record: &Value) -> Vec<String> {
    record["Tag"]
        .as_array()
        .map(|tags| tags.iter().map(|t| text(&t["name"])).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn records_written_with_tags_come_back_tagged() {
    let crm = Crm::start().await;
    let lead = crm
        .create(
            "Leads",
            json!({"Last_Name": "Tagged", "Tag": [{"name": "Suite"}, {"name": "suite"}, {"name": "Fresh"}]}),
        )
        .await;
    let (_, body) = crm.get(&format!("Leads/{lead}")).await;
    assert_eq!(tag_names(&body["data"][0]), ["Suite", "Fresh"]);

    let (status, body) = crm
        .post(
            "Leads/upsert",
            json!({"data": [{"Last_Name": "Upserted", "Email": "up@example.com", "Tag": [{"name": "Suite"}]}],
                   "duplicate_check_fields": ["Email"]}),
        )
        .await;
    assert!(status.is_success(), "{body}");
    let upserted = text(&body["data"][0]["details"]["id"]);
    let (status, body) = crm
        .put(
            &format!("Leads/{lead}"),
            json!({"data": [{"Tag": [{"name": "Later"}]}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, body) = crm.get(&format!("Leads/{lead}")).await;
    assert_eq!(tag_names(&body["data"][0]), ["Suite", "Fresh", "Later"]);

    let (_, tags) = crm.get("settings/tags?module=Leads").await;
    let suite = text(&find(&tags["tags"], "name", "Suite")["id"]);
    let (_, count) = crm
        .get(&format!(
            "settings/tags/{suite}/actions/records_count?module=Leads"
        ))
        .await;
    assert_eq!(count, json!({"count": "2"}));
    let (_, body) = crm.get(&format!("Leads/{upserted}")).await;
    assert_eq!(tag_names(&body["data"][0]), ["Suite"]);

    let eleven: Vec<Value> = (0..11).map(|n| json!({"name": format!("t{n}")})).collect();
    let (status, body) = crm
        .post(
            "Leads",
            json!({"data": [{"Last_Name": "Overtagged", "Tag": eleven}]}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["data"][0]["code"], "LIMIT_EXCEEDED");
}

#[tokio::test]
async fn relating_says_added_then_updated_and_merged_tags_can_be_deleted() {
    let crm = Crm::start().await;
    let deal = crm
        .create(
            "Deals",
            json!({"Deal_Name": "Big", "Stage": "Qualification"}),
        )
        .await;
    let contact = crm.create("Contacts", json!({"Last_Name": "Role"})).await;
    let path = format!("Deals/{deal}/Contact_Roles/{contact}");
    let (status, body) = crm
        .put(&path, json!({"data": [{"Contact_Role": "Evaluator"}]}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"][0]["message"], "relation added");
    let (_, body) = crm
        .put(&path, json!({"data": [{"Contact_Role": "Purchasing"}]}))
        .await;
    assert_eq!(body["data"][0]["message"], "relation updated");
    let (_, body) = crm.delete(&path).await;
    assert_eq!(body["data"][0]["message"], "relation removed");

    let lead = crm
        .create(
            "Leads",
            json!({"Last_Name": "M", "Tag": [{"name": "Warm"}]}),
        )
        .await;
    let (_, body) = crm
        .post(
            "settings/tags?module=Leads",
            json!({"tags": [{"name": "Hot"}]}),
        )
        .await;
    let hot = text(&body["tags"][0]["details"]["id"]);
    let (_, tags) = crm.get("settings/tags?module=Leads").await;
    let warm = text(&find(&tags["tags"], "name", "Warm")["id"]);
    let (status, body) = crm
        .post(
            &format!("settings/tags/{hot}/actions/merge"),
            json!({"tags": [{"conflict_id": warm}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, record) = crm.get(&format!("Leads/{lead}")).await;
    assert_eq!(tag_names(&record["data"][0]), ["Hot"]);
    let (_, tags) = crm.get("settings/tags?module=Leads").await;
    assert!(find(&tags["tags"], "id", &warm).is_object(), "{tags}");
    let (status, body) = crm.delete(&format!("settings/tags/{warm}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["tags"][0]["message"], "tags deleted successfully");
}

#[tokio::test]
async fn users_carry_what_a_real_org_shows() {
    let crm = Crm::start().await;
    let (_, body) = crm.get("users?type=CurrentUser").await;
    let me = body["users"][0].clone();
    assert!(me["theme"]["new_background"].is_string(), "{me}");
    assert_eq!(me["time_zone"], "Asia/Calcutta");
    let (_, org) = crm.get("org").await;
    assert_eq!(org["org"][0]["time_zone"], "Asia/Calcutta");

    let (status, body) = crm
        .post(
            "users",
            json!({"users": [{"role": MANAGER, "profile": STANDARD, "last_name": "Suite",
                              "email": "suite@example.com", "country_locale": "en_US",
                              "date_format": "dd/MM/yyyy", "Reporting_To": {"id": me["id"]}}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = text(&body["users"][0]["details"]["id"]);
    let (_, body) = crm.get(&format!("users/{id}")).await;
    let user = &body["users"][0];
    assert_eq!(user["country_locale"], "US");
    assert_eq!(user["zuid"], Value::Null, "not confirmed yet");
    assert_eq!(user["date_format"], "MM/dd/yyyy");
    assert_eq!(
        user["Reporting_To"],
        json!({"name": me["full_name"], "id": me["id"]})
    );

    let (status, _) = crm
        .put(
            &format!("users/{id}"),
            json!({"users": [{"date_format": "yyyy-MM-dd", "country_locale": "fr_FR"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, body) = crm.get(&format!("users/{id}")).await;
    assert_eq!(
        (
            &body["users"][0]["date_format"],
            &body["users"][0]["country_locale"]
        ),
        (&json!("MM/dd/yyyy"), &json!("US"))
    );
    let (status, body) = crm
        .put(
            &format!("users/{id}"),
            json!({"users": [{"Reporting_To": "1"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    let (status, body) = crm
        .get("users/search?criteria=(country:equals:India)&type=AdminUsers")
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["users"][0]["id"], me["id"]);
}

#[tokio::test]
async fn tax_labels_are_names_and_whole_rates_are_integers() {
    let crm = Crm::start().await;
    let (_, body) = crm.get("org/taxes").await;
    let sales = find(&body["taxes"], "name", "Sales Tax");
    assert_eq!(sales["value"].to_string(), "8");
    assert_eq!(sales["display_label"], "Sales Tax");
    assert_eq!(find(&body["taxes"], "name", "Vat")["value"], json!(12.5));

    let (_, body) = crm
        .post(
            "org/taxes",
            json!({"taxes": [{"name": "Eco", "display_label": "Eco - 1 %", "value": 1.0}]}),
        )
        .await;
    let eco = text(&body["taxes"][0]["details"]["id"]);
    let (_, body) = crm.get(&format!("org/taxes/{eco}")).await;
    assert_eq!(body["taxes"][0]["display_label"], "Eco");
    assert_eq!(body["taxes"][0]["value"].to_string(), "1");
    crm.put(
        "org/taxes",
        json!({"taxes": [{"id": eco, "name": "Green"}]}),
    )
    .await;
    let (_, body) = crm.get(&format!("org/taxes/{eco}")).await;
    assert_eq!(body["taxes"][0]["display_label"], "Green");
}

#[tokio::test]
async fn a_seeded_org_has_activities_and_a_history_of_purges() {
    let crm = Crm::with(Options {
        seed_records: 3,
        ..Default::default()
    })
    .await;
    let (_, deals) = crm.get("Deals").await;
    let deal_ids = ids_of(&deals);
    for module in ["Tasks", "Events", "Calls"] {
        let (status, body) = crm.get(module).await;
        assert_eq!(status, StatusCode::OK, "{module}");
        assert_eq!(body["info"]["count"], 3, "{module}");
        for activity in body["data"].as_array().cloned().unwrap_or_default() {
            assert!(
                deal_ids.contains(&text(&activity["What_Id"]["id"])),
                "{activity}"
            );
            assert_eq!(activity["$se_module"], "Deals", "{activity}");
        }
    }
    let deal = &deal_ids[0];
    let (status, body) = crm.get(&format!("Deals/{deal}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    for module in ["Leads", "Contacts", "Accounts", "Deals"] {
        let (status, body) = crm.get(&format!("{module}/deleted?type=permanent")).await;
        assert_eq!(status, StatusCode::OK, "{module}");
        let entry = &body["data"][0];
        assert_eq!(body["data"].as_array().map(Vec::len), Some(1), "{module}");
        assert_eq!(entry["type"], "permanent");
        assert!(
            entry["deleted_by"]["id"].is_string() && is_zoho_time(&text(&entry["deleted_time"]))
        );
        assert_eq!(
            crm.get(&format!("{module}/deleted?type=recycle")).await.0,
            StatusCode::NO_CONTENT
        );
    }
}
