mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn modules_list_and_detail() {
    let crm = Crm::start().await;
    let (status, body) = crm.get("settings/modules").await;
    assert_eq!(status, StatusCode::OK);
    let modules = &body["modules"];
    for name in [
        "Leads",
        "Contacts",
        "Accounts",
        "Deals",
        "Tasks",
        "Events",
        "Calls",
        "Products",
        "Quotes",
        "Sales_Orders",
        "Purchase_Orders",
        "Invoices",
        "Price_Books",
        "Notes",
        "Attachments",
    ] {
        let module = find(modules, "api_name", name);
        assert!(module.is_object(), "{name}");
        for key in [
            "id",
            "module_name",
            "singular_label",
            "plural_label",
            "creatable",
            "editable",
            "deletable",
            "viewable",
            "api_supported",
            "convertable",
            "generated_type",
            "visibility",
            "modified_by",
            "modified_time",
            "profiles",
        ] {
            assert!(module.get(key).is_some(), "{name}.{key}");
        }
    }
    assert_eq!(find(modules, "api_name", "Leads")["convertable"], true);
    let (status, body) = crm.get("settings/modules/Accounts").await;
    assert_eq!(status, StatusCode::OK);
    let accounts = &body["modules"][0];
    assert_eq!(accounts["singular_label"], "Account");
    assert!(find(&accounts["related_lists"], "api_name", "Contacts").is_object());
    assert!(accounts["custom_view"]["id"].is_string());
    let (status, body) = crm.get("settings/modules/Widgets").await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::BAD_REQUEST, &json!("INVALID_MODULE"))
    );
    let cached = crm
        .get_with(
            "settings/modules",
            &[("If-Modified-Since", "2030-01-01T00:00:00+05:30")],
        )
        .await;
    assert_eq!(cached.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn fields_have_the_keys_clients_rely_on() {
    let crm = Crm::start().await;
    let (status, body) = crm.get("settings/fields?module=Leads").await;
    assert_eq!(status, StatusCode::OK);
    let fields = body["fields"].as_array().cloned().unwrap_or_default();
    assert!(fields.len() > 20);
    for field in &fields {
        assert!(field["pick_list_values"].is_array(), "{field}");
        for key in [
            "lookup",
            "unique",
            "formula",
            "currency",
            "auto_number",
            "multiselectlookup",
        ] {
            assert!(field[key].is_object(), "{key} of {}", field["api_name"]);
        }
        for key in ["api_name", "id", "data_type", "field_label", "json_type"] {
            assert!(field[key].is_string(), "{key}");
        }
        for key in ["system_mandatory", "read_only", "custom_field", "visible"] {
            assert!(field[key].is_boolean(), "{key}");
        }
        assert!(field["length"].is_number());
    }
    let last_name = find(&body["fields"], "api_name", "Last_Name");
    assert_eq!(last_name["system_mandatory"], true);
    let status_field = find(&body["fields"], "api_name", "Lead_Status");
    assert_eq!(status_field["data_type"], "picklist");
    assert!(status_field["pick_list_values"]
        .as_array()
        .is_some_and(|v| v.len() > 3));
    let (_, contacts) = crm.get("settings/fields?module=Contacts").await;
    let account = find(&contacts["fields"], "api_name", "Account_Name");
    assert_eq!(account["lookup"]["module"], "Accounts");
    let id = text(&last_name["id"]);
    let (status, body) = crm.get(&format!("settings/fields/{id}?module=Leads")).await;
    assert_eq!(
        (status, &body["fields"][0]["api_name"]),
        (StatusCode::OK, &json!("Last_Name"))
    );
    assert_eq!(
        crm.get("settings/fields/1?module=Leads").await.0,
        StatusCode::NO_CONTENT
    );
    let (status, body) = crm.get("settings/fields").await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::BAD_REQUEST, &json!("REQUIRED_PARAM_MISSING"))
    );
}

#[tokio::test]
async fn layouts_related_lists_roles_and_profiles() {
    let crm = Crm::start().await;
    let (status, body) = crm.get("settings/layouts?module=Leads").await;
    assert_eq!(status, StatusCode::OK);
    let layout = &body["layouts"][0];
    let sections = layout["sections"].as_array().cloned().unwrap_or_default();
    assert!(sections.len() >= 2);
    assert!(sections
        .iter()
        .all(|s| s["fields"].as_array().is_some_and(|f| !f.is_empty())));
    assert!(layout["convert_mapping"]["Contacts"]["fields"].is_array());
    let id = text(&layout["id"]);
    assert_eq!(
        crm.get(&format!("settings/layouts/{id}?module=Leads"))
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        crm.get(&format!("settings/layouts/{id}?module=Contacts"))
            .await
            .0,
        StatusCode::NO_CONTENT
    );

    let (status, body) = crm.get("settings/related_lists?module=Accounts").await;
    assert_eq!(status, StatusCode::OK);
    let contacts = find(&body["related_lists"], "api_name", "Contacts");
    assert_eq!(contacts["module"], "Contacts");
    assert_eq!(contacts["href"], "Accounts/{ENTITYID}/Contacts");
    let (_, one) = crm
        .get(&format!(
            "settings/related_lists/{}?module=Accounts",
            text(&contacts["id"])
        ))
        .await;
    assert_eq!(one["related_lists"][0], *contacts);

    let (_, roles) = crm.get("settings/roles").await;
    let manager = find(&roles["roles"], "name", "Manager");
    assert_eq!(manager["reporting_to"]["name"], "CEO");
    let (_, one) = crm
        .get(&format!("settings/roles/{}", text(&manager["id"])))
        .await;
    assert_eq!(one["roles"][0], *manager);
    let (_, profiles) = crm.get("settings/profiles").await;
    let admin = find(&profiles["profiles"], "name", "Administrator");
    let (_, one) = crm
        .get(&format!("settings/profiles/{}", text(&admin["id"])))
        .await;
    assert!(one["profiles"][0]["permissions_details"]
        .as_array()
        .is_some_and(|p| !p.is_empty()));
    assert_eq!(
        crm.get("settings/profiles/1").await.0,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn custom_views_list_get_and_update() {
    let crm = Crm::start().await;
    let (status, body) = crm.get("settings/custom_views?module=Contacts").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body["info"]["translation"].is_object());
    let all = find(&body["custom_views"], "name", "All Contacts");
    assert_eq!(all["default"], true);
    assert_eq!(body["info"]["default"], all["id"]);
    let id = text(&all["id"]);
    let (status, body) = crm
        .put(
            &format!("settings/custom_views/{id}?module=Contacts"),
            json!({"custom_views": [{"sort_by": {"api_name": "Last_Name"}, "sort_order": "desc"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["custom_views"][0]["status"], "success");
    let (_, body) = crm
        .get(&format!("settings/custom_views/{id}?module=Contacts"))
        .await;
    assert_eq!(body["custom_views"][0]["sort_by"], "Last_Name");
    assert_eq!(body["custom_views"][0]["sort_order"], "desc");
    crm.create("Contacts", json!({"Last_Name": "Able"})).await;
    crm.create("Contacts", json!({"Last_Name": "Zed"})).await;
    let (_, body) = crm.get(&format!("Contacts?cvid={id}")).await;
    assert_eq!(
        body["data"][0]["Last_Name"], "Zed",
        "the view's sort applies"
    );
    let (status, _) = crm
        .put(
            &format!("settings/custom_views/{id}?module=Contacts"),
            json!({"custom_views": [{"sort_by": {"api_name": "Nope"}}]}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
