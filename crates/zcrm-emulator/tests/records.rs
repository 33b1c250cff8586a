mod common;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

#[tokio::test]
async fn insert_get_update_delete_round_trip() {
    let crm = Crm::start().await;
    let (status, body) = crm
        .post(
            "Leads",
            json!({"data": [{"Last_Name": "Burns", "First_Name": "Monty", "Company": "Plant",
                              "Email": "monty@example.com", "No_of_Employees": "42",
                              "Favourite__c": "cash"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let result = &body["data"][0];
    assert_eq!(result["code"], "SUCCESS");
    assert_eq!(result["message"], "record added");
    let details = &result["details"];
    let id = text(&details["id"]);
    assert!(
        id.len() == 19 && id.chars().all(|c| c.is_ascii_digit()),
        "{id}"
    );
    for key in ["Created_By", "Modified_By"] {
        assert!(
            details[key]["id"].is_string() && details[key]["name"].is_string(),
            "{key}"
        );
    }
    assert!(is_zoho_time(&text(&details["Created_Time"])));
    assert!(is_zoho_time(&text(&details["Modified_Time"])));

    let (status, body) = crm.get(&format!("Leads/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let lead = &body["data"][0];
    assert_eq!(lead["Full_Name"], "Monty Burns");
    assert_eq!(lead["No_of_Employees"], 42);
    assert_eq!(lead["Favourite__c"], "cash", "unknown fields are kept");
    assert_eq!(lead["Owner"]["email"], "demo@example.com");
    assert!(lead["Owner"]["id"].is_string() && lead["Owner"]["name"].is_string());
    assert_eq!(lead["$approved"], true);
    assert_eq!(lead["$editable"], true);
    assert_eq!(lead["Tag"], json!([]));
    assert!(
        lead.get("Mobile").is_some_and(Value::is_null),
        "empty fields are null"
    );

    let (status, body) = crm
        .put(
            &format!("Leads/{id}"),
            json!({"data": [{"Company": "Springfield Nuclear"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"][0]["message"], "record updated");
    assert!(body["data"][0]["details"]["Modified_By"]["id"].is_string());
    let (_, body) = crm.get(&format!("Leads/{id}?fields=Company")).await;
    assert_eq!(
        body["data"][0],
        json!({"id": id, "Company": "Springfield Nuclear"})
    );

    let (status, body) = crm.delete(&format!("Leads/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body["data"][0],
        json!({"code": "SUCCESS", "details": {"id": id}, "message": "record deleted", "status": "success"})
    );
    let (status, body) = crm.get(&format!("Leads/{id}")).await;
    assert_eq!((status, body), (StatusCode::NO_CONTENT, Value::Null));
    let (status, body) = crm.get("Leads/deleted?type=recycle").await;
    assert_eq!(status, StatusCode::OK);
    let entry = &body["data"][0];
    assert_eq!(entry["id"], id.as_str());
    assert_eq!(entry["display_name"], "Monty Burns");
    assert_eq!(entry["type"], "recycle");
    assert!(entry["deleted_by"]["id"].is_string() && entry["created_by"]["name"].is_string());
    assert_eq!(
        crm.get("Leads/deleted?type=permanent").await.0,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn legacy_gem_bodies_bare_ids_and_trailing_commas_are_accepted() {
    let crm = Crm::start().await;
    let (_, users) = crm.get("users?type=CurrentUser").await;
    let me = text(&users["users"][0]["id"]);
    let account = crm
        .create("Accounts", json!({"Account_Name": "Globex"}))
        .await;
    // Net::HTTP labels the body urlencoded; lookups and Owner arrive as bare ids.
    let response = crm
        .h
        .client
        .post(crm.h.url("/crm/v2/Contacts"))
        .header("Authorization", format!("Zoho-oauthtoken {}", crm.token))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(
            json!({"data": [{"Last_Name": "Scorpio", "Account_Name": account, "Owner": me}]})
                .to_string(),
        )
        .send()
        .await
        .expect("send");
    let (status, body) = json_of(response).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let contact = text(&body["data"][0]["details"]["id"]);
    let (_, body) = crm.get(&format!("Contacts/{contact}")).await;
    assert_eq!(
        body["data"][0]["Account_Name"],
        json!({"name": "Globex", "id": account})
    );
    assert_eq!(body["data"][0]["Owner"]["id"], me.as_str());

    let (status, body) = crm
        .delete(&format!("Contacts?ids={contact},{account},"))
        .await;
    assert_eq!(
        status,
        StatusCode::MULTI_STATUS,
        "the account is not a contact: {body}"
    );
    assert_eq!(body["data"][0]["status"], "success");
    assert_eq!(body["data"][1]["code"], "INVALID_DATA");
    let (status, body) = crm.send(Method::POST, "Leads", Some("null")).await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::BAD_REQUEST, &json!("MANDATORY_NOT_FOUND"))
    );
}

#[tokio::test]
async fn per_record_errors_mixed_and_all_failed() {
    let crm = Crm::start().await;
    let (status, body) = crm
        .post(
            "Leads",
            json!({"data": [{"Last_Name": "Ok"}, {"First_Name": "Nameless"}, {"Last_Name": "X", "Email": "nope"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::MULTI_STATUS, "{body}");
    assert_eq!(body["data"][0]["status"], "success");
    assert_eq!(
        body["data"][1],
        json!({"code": "MANDATORY_NOT_FOUND", "details": {"api_name": "Last_Name"},
               "message": "required field not found", "status": "error"})
    );
    assert_eq!(body["data"][2]["code"], "INVALID_DATA");
    assert_eq!(body["data"][2]["details"]["api_name"], "Email");

    for (module, field) in [
        ("Accounts", "Account_Name"),
        ("Deals", "Deal_Name"),
        ("Contacts", "Last_Name"),
    ] {
        let (status, body) = crm
            .post(module, json!({"data": [{"Description": "x"}]}))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{module}");
        assert_eq!(body["data"][0]["details"]["api_name"], field, "{module}");
    }
    let (status, body) = crm
        .post(
            "Contacts",
            json!({"data": [{"Last_Name": "A", "Account_Name": "4150868000000999999"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["data"][0]["details"],
        json!({"api_name": "Account_Name", "expected_data_type": "lookup"})
    );
    let too_many: Vec<Value> = (0..101)
        .map(|i| json!({"Last_Name": format!("L{i}")}))
        .collect();
    let (status, body) = crm.post("Leads", json!({ "data": too_many })).await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::BAD_REQUEST, &json!("LIMIT_EXCEEDED"))
    );
    let (status, body) = crm.send(Method::POST, "Leads", Some("{not json")).await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::BAD_REQUEST, &json!("INVALID_DATA"))
    );
    let (status, body) = crm.get("Widgets").await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::BAD_REQUEST, &json!("INVALID_MODULE"))
    );
    let (status, body) = crm
        .put(
            "Leads/4150868000000999999",
            json!({"data": [{"Last_Name": "x"}]}),
        )
        .await;
    assert_eq!(
        (status, &body["data"][0]["code"]),
        (StatusCode::BAD_REQUEST, &json!("INVALID_DATA"))
    );
}

#[tokio::test]
async fn duplicates_are_refused_when_configured() {
    let crm = Crm::with(zcrm_emulator::Options {
        unique_fields: vec!["Leads.Email".to_string()],
        partial_success_status: 202,
        ..Default::default()
    })
    .await;
    let first = crm
        .create("Leads", json!({"Last_Name": "A", "Email": "a@x.com"}))
        .await;
    let (status, body) = crm
        .post(
            "Leads",
            json!({"data": [{"Last_Name": "B", "Email": "A@X.com"}, {"Last_Name": "C"}]}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::ACCEPTED,
        "the configured partial status: {body}"
    );
    assert_eq!(
        body["data"][0],
        json!({"code": "DUPLICATE_DATA", "details": {"api_name": "Email", "id": first},
               "message": "duplicate data", "status": "error"})
    );
    let (_, fields) = crm.get("settings/fields?module=Leads").await;
    let email = fields["fields"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["api_name"] == "Email").cloned())
        .unwrap_or_default();
    assert_eq!(email["unique"], json!({"casesensitive": false}));
}

#[tokio::test]
async fn update_many_needs_ids() {
    let crm = Crm::start().await;
    let a = crm.create("Leads", json!({"Last_Name": "A"})).await;
    let b = crm.create("Leads", json!({"Last_Name": "B"})).await;
    let (status, body) = crm
        .put(
            "Leads",
            json!({"data": [{"id": a, "Lead_Status": "Contacted"}, {"id": b, "Lead_Status": "Junk Lead"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = crm
        .put("Leads", json!({"data": [{"Lead_Status": "Contacted"}]}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["data"][0]["details"]["api_name"], "id");
    let (_, body) = crm
        .get(&format!("Leads?ids={a},{b}&fields=Lead_Status"))
        .await;
    assert_eq!(body["data"][1]["Lead_Status"], "Junk Lead");
}

#[tokio::test]
async fn lists_page_sort_and_answer_204_and_304() {
    let crm = Crm::start().await;
    assert_eq!(crm.get("Leads").await.0, StatusCode::NO_CONTENT);
    for (i, name) in ["Delta", "alpha", "Charlie", "bravo", "Echo"]
        .iter()
        .enumerate()
    {
        crm.create(
            "Leads",
            json!({"Last_Name": name, "No_of_Employees": i * 10}),
        )
        .await;
    }
    let (status, body) = crm
        .get("Leads?page=1&per_page=2&sort_by=Last_Name&sort_order=asc")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body["info"],
        json!({"per_page": 2, "count": 2, "page": 1, "more_records": true})
    );
    let names: Vec<String> = body["data"]
        .as_array()
        .map(|d| d.iter().map(|r| text(&r["Last_Name"])).collect())
        .unwrap_or_default();
    assert_eq!(names, ["alpha", "bravo"]);
    let (_, body) = crm.get("Leads?page=3&per_page=2&sort_by=Last_Name").await;
    assert_eq!(body["info"]["more_records"], false);
    assert_eq!(body["data"][0]["Last_Name"], "Echo");
    let (_, body) = crm
        .get("Leads?sort_by=No_of_Employees&sort_order=desc&per_page=1")
        .await;
    assert_eq!(body["data"][0]["Last_Name"], "Echo");
    assert_eq!(
        crm.get("Leads?page=4&per_page=2").await.0,
        StatusCode::NO_CONTENT
    );
    let (status, body) = crm.get("Leads?sort_order=sideways").await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::BAD_REQUEST, &json!("INVALID_DATA"))
    );
    let (_, body) = crm.get("Leads?per_page=500").await;
    assert_eq!(body["info"]["per_page"], 200);

    let future = crm
        .get_with(
            "Leads",
            &[("If-Modified-Since", "2999-01-01T00:00:00+05:30")],
        )
        .await;
    assert_eq!(future.status(), StatusCode::NOT_MODIFIED);
    let past = crm
        .get_with(
            "Leads",
            &[("If-Modified-Since", "2001-01-01T00:00:00+05:30")],
        )
        .await;
    assert_eq!(past.status(), StatusCode::OK);
    let (_, body) = crm.get("Leads?per_page=1").await;
    let id = text(&body["data"][0]["id"]);
    let modified = text(&body["data"][0]["Modified_Time"]);
    let one = crm
        .get_with(&format!("Leads/{id}"), &[("If-Modified-Since", &modified)])
        .await;
    assert_eq!(one.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn upsert_inserts_or_updates_by_duplicate_check_fields() {
    let crm = Crm::start().await;
    let existing = crm
        .create(
            "Leads",
            json!({"Last_Name": "Old", "Email": "old@x.com", "Phone": "555"}),
        )
        .await;
    let (status, body) = crm
        .post(
            "Leads/upsert?duplicate_check_fields=Email,Phone,",
            json!({"data": [{"Last_Name": "Renamed", "Email": "OLD@x.com"},
                             {"Last_Name": "New", "Email": "new@x.com"},
                             {"Last_Name": "ByPhone", "Phone": "555"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let data = &body["data"];
    assert_eq!(
        (&data[0]["action"], &data[0]["duplicate_field"]),
        (&json!("update"), &json!("Email"))
    );
    assert_eq!(data[0]["details"]["id"], existing.as_str());
    assert_eq!(data[0]["message"], "record updated");
    assert_eq!(
        (&data[1]["action"], &data[1]["duplicate_field"]),
        (&json!("insert"), &Value::Null)
    );
    assert_eq!(data[1]["message"], "record added");
    assert_eq!(
        (&data[2]["action"], &data[2]["duplicate_field"]),
        (&json!("update"), &json!("Phone"))
    );
    let (_, body) = crm.get(&format!("Leads/{existing}")).await;
    assert_eq!(body["data"][0]["Last_Name"], "ByPhone");

    let (_, body) = crm
        .post(
            "Accounts/upsert",
            json!({"data": [{"Account_Name": "Initech", "Phone": "1"}], "duplicate_check_fields": ["Account_Name"]}),
        )
        .await;
    assert_eq!(body["data"][0]["action"], "insert");
    let (_, body) = crm
        .post(
            "Accounts/upsert",
            json!({"data": [{"Account_Name": "initech", "Phone": "2"}]}),
        )
        .await;
    assert_eq!(
        body["data"][0]["action"], "update",
        "Account_Name is the default check"
    );
}

#[tokio::test]
async fn search_by_criteria_email_phone_and_word() {
    let crm = Crm::start().await;
    let burns = crm
        .create(
            "Contacts",
            json!({"Last_Name": "Burns, B", "First_Name": "Monty", "Email": "monty@plant.com",
                                   "Phone": "(555) 010-9999", "Department": "Ops (Night)"}),
        )
        .await;
    crm.create(
        "Contacts",
        json!({"Last_Name": "Simpson", "First_Name": "Homer", "Email": "homer@plant.com"}),
    )
    .await;
    let hits = |body: &Value| ids_of(body);
    let (status, body) = crm
        .get("Contacts/search?criteria=((Last_Name:equals:Burns%5C,+B)and(First_Name:starts_with:mon))")
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(hits(&body), [burns.as_str()]);
    assert_eq!(body["info"]["count"], 1);
    let (_, body) = crm
        .get("Contacts/search?criteria=(Department:equals:Ops+%5C(Night%5C))")
        .await;
    assert_eq!(hits(&body), [burns.as_str()]);
    let (_, body) = crm
        .get("Contacts/search?criteria=(First_Name:equals:Homer)or(First_Name:equals:Monty)")
        .await;
    assert_eq!(hits(&body).len(), 2);
    let (_, body) = crm.get("Contacts/search?email=MONTY@plant.com").await;
    assert_eq!(hits(&body), [burns.as_str()]);
    let (_, body) = crm.get("Contacts/search?phone=5550109999").await;
    assert_eq!(hits(&body), [burns.as_str()]);
    let (_, body) = crm.get("Contacts/search?word=simp").await;
    assert_eq!(body["data"][0]["Last_Name"], "Simpson");
    assert_eq!(
        crm.get("Contacts/search?word=flanders").await.0,
        StatusCode::NO_CONTENT
    );
    for bad in [
        "(Last_Name:equals:Burns",
        "(Last_Name:like:x)",
        "(Nope:equals:1)",
    ] {
        let (status, body) = crm.get(&format!("Contacts/search?criteria={bad}")).await;
        assert_eq!(
            (status, &body["code"]),
            (StatusCode::BAD_REQUEST, &json!("INVALID_QUERY")),
            "{bad}"
        );
    }
    let (status, body) = crm.get("Contacts/search").await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::BAD_REQUEST, &json!("REQUIRED_PARAM_MISSING"))
    );
}

#[tokio::test]
async fn custom_views_filter_and_order_lists() {
    let crm = Crm::start().await;
    let (_, users) = crm.get("users?type=AllUsers").await;
    let other = users["users"]
        .as_array()
        .and_then(|u| {
            u.iter()
                .find(|u| u["email"] == "grace.hopper@example.com")
                .cloned()
        })
        .unwrap_or_default();
    let mine = crm.create("Leads", json!({"Last_Name": "Mine"})).await;
    crm.create(
        "Leads",
        json!({"Last_Name": "Theirs", "Owner": {"id": other["id"]}}),
    )
    .await;
    let (_, views) = crm.get("settings/custom_views?module=Leads").await;
    let view = |name: &str| {
        views["custom_views"]
            .as_array()
            .and_then(|v| v.iter().find(|v| v["name"] == name).cloned())
            .map(|v| text(&v["id"]))
            .unwrap_or_default()
    };
    let (_, body) = crm.get(&format!("Leads?cvid={}", view("My Leads"))).await;
    assert_eq!(ids_of(&body), [mine]);
    let (_, body) = crm
        .get(&format!("Leads?cvid={}", view("Recently Created Leads")))
        .await;
    assert_eq!(body["data"][0]["Last_Name"], "Theirs");
    let (status, _) = crm.get("Leads?cvid=123").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn record_requests_are_logged_and_wrong_methods_refused() {
    let crm = Crm::start().await;
    let sent = json!({"data": [{"Last_Name": "Logged"}], "trigger": ["workflow"]}).to_string();
    crm.send(Method::POST, "Leads", Some(&sent)).await;
    crm.get("Leads/search?criteria=(Last_Name:equals:Logged)&page=1")
        .await;
    let log = crm.h.admin_get("/_emulator/requests").await;
    let entries = log.as_array().cloned().unwrap_or_default();
    let insert = entries
        .iter()
        .find(|e| e["path"] == "/crm/v2/Leads")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (&insert["method"], &insert["body"]),
        (&json!("POST"), &json!(sent))
    );
    let search = entries
        .iter()
        .find(|e| e["path"] == "/crm/v2/Leads/search")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        search["query"],
        json!({"criteria": "(Last_Name:equals:Logged)", "page": "1"})
    );

    let (status, body) = crm.send(Method::PATCH, "Leads", Some("{}")).await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::BAD_REQUEST, &json!("INVALID_REQUEST_METHOD"))
    );
    let (status, body) = crm
        .send(Method::POST, "Leads/4150868000000225001", None)
        .await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::BAD_REQUEST, &json!("INVALID_REQUEST_METHOD"))
    );
}
