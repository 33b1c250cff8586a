mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn notes_of_a_record_and_of_the_org() {
    let crm = Crm::start().await;
    let lead = crm
        .create(
            "Leads",
            json!({"Last_Name": "Flanders", "First_Name": "Ned"}),
        )
        .await;
    assert_eq!(
        crm.get(&format!("Leads/{lead}/Notes")).await.0,
        StatusCode::NO_CONTENT
    );
    let (status, body) = crm
        .post(
            &format!("Leads/{lead}/Notes"),
            json!({"data": [{"Note_Title": "Call", "Note_Content": "Okily dokily"}, {"Note_Title": "Empty"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::MULTI_STATUS, "{body}");
    let note = text(&body["data"][0]["details"]["id"]);
    assert!(body["data"][0]["details"]["Created_By"]["id"].is_string());
    assert_eq!(body["data"][1]["details"]["api_name"], "Note_Content");

    let (status, body) = crm.get(&format!("Leads/{lead}/Notes")).await;
    assert_eq!(status, StatusCode::OK);
    let stored = &body["data"][0];
    assert_eq!(stored["Note_Content"], "Okily dokily");
    assert_eq!(
        stored["Parent_Id"],
        json!({"name": "Ned Flanders", "id": lead})
    );
    assert_eq!(stored["$se_module"], "Leads");

    let (status, body) = crm
        .put(
            &format!("Leads/{lead}/Notes/{note}"),
            json!({"data": [{"Note_Content": "Hi-diddly-ho"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"][0]["message"], "record updated");

    // The org-wide list: every note names its parent and module (the legacy gem needs both).
    let contact = crm
        .create("Contacts", json!({"Last_Name": "Simpson"}))
        .await;
    let (status, body) = crm
        .post("Notes", json!({"data": [{"Note_Content": "Doh", "Parent_Id": contact, "se_module": "Contacts"}]}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let other = text(&body["data"][0]["details"]["id"]);
    let (_, body) = crm.get("Notes?sort_by=Note_Content&sort_order=asc").await;
    let notes = body["data"].as_array().cloned().unwrap_or_default();
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0]["Note_Content"], "Doh");
    for note in &notes {
        assert!(note["Parent_Id"]["id"].is_string() && note["$se_module"].is_string());
    }
    let (status, body) = crm
        .post(
            "Notes",
            json!({"data": [{"Note_Content": "x", "Parent_Id": contact, "se_module": "Leads"}]}),
        )
        .await;
    assert_eq!(
        (status, &body["data"][0]["details"]["api_name"]),
        (StatusCode::BAD_REQUEST, &json!("se_module"))
    );

    let (status, _) = crm
        .delete(&format!("Contacts/{contact}/Notes/{note}"))
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "the note belongs to the lead"
    );
    let (status, body) = crm.delete(&format!("Leads/{lead}/Notes/{note}")).await;
    assert_eq!(
        (status, &body["data"][0]["message"]),
        (StatusCode::OK, &json!("record deleted"))
    );
    let (status, body) = crm.delete(&format!("Notes?ids={other},")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(crm.get("Notes").await.0, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn deleting_a_record_deletes_its_notes() {
    let crm = Crm::start().await;
    let lead = crm.create("Leads", json!({"Last_Name": "Gone"})).await;
    crm.post(
        &format!("Leads/{lead}/Notes"),
        json!({"data": [{"Note_Content": "bye"}]}),
    )
    .await;
    crm.delete(&format!("Leads/{lead}")).await;
    assert_eq!(crm.get("Notes").await.0, StatusCode::NO_CONTENT);
}
