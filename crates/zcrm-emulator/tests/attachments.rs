mod common;

use common::*;
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn upload_list_download_and_delete_files_and_links() {
    let crm = Crm::start().await;
    let lead = crm.create("Leads", json!({"Last_Name": "Burns"})).await;
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let form = Form::new().part(
        "file",
        Part::bytes(bytes.clone()).file_name("plant report.pdf"),
    );
    let (status, body) = crm
        .multipart(&format!("Leads/{lead}/Attachments"), form)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let result = &body["data"][0];
    assert_eq!(result["message"], "attachment uploaded successfully");
    let id = text(&result["details"]["id"]);
    for key in ["Created_By", "Modified_By"] {
        assert!(result["details"][key]["id"].is_string(), "{key}");
    }
    let link = Form::new().text("attachmentUrl", "https://example.com/spec");
    let (status, body) = crm
        .multipart(&format!("Leads/{lead}/Attachments"), link)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let link_id = text(&body["data"][0]["details"]["id"]);

    let (status, body) = crm.get(&format!("Leads/{lead}/Attachments")).await;
    assert_eq!(status, StatusCode::OK);
    let files = body["data"].as_array().cloned().unwrap_or_default();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["File_Name"], "plant report.pdf");
    assert_eq!(files[0]["Size"], "70000");
    assert_eq!(files[0]["Parent_Id"], json!({"name": "Burns", "id": lead}));
    assert_eq!(files[0]["$se_module"], "Leads");
    assert_eq!(files[1]["$link_url"], "https://example.com/spec");

    let response = crm
        .get_with(&format!("Leads/{lead}/Attachments/{id}"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap_or("")
        .to_string();
    assert_eq!(
        disposition,
        "attachment;filename*=UTF-8''plant%20report.pdf"
    );
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert_eq!(response.bytes().await.expect("bytes").to_vec(), bytes);

    let (status, body) = crm.delete(&format!("Leads/{lead}/Attachments/{id}")).await;
    assert_eq!(
        (status, &body["data"][0]["status"]),
        (StatusCode::OK, &json!("success"))
    );
    let (status, _) = crm.delete(&format!("Leads/{lead}/Attachments/{id}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = crm.get(&format!("Leads/{lead}/Attachments")).await;
    assert_eq!((status, ids_of(&body)), (StatusCode::OK, vec![link_id]));

    let (status, body) = crm
        .multipart(
            &format!("Leads/{lead}/Attachments"),
            Form::new().text("x", "y"),
        )
        .await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::BAD_REQUEST, &json!("REQUIRED_PARAM_MISSING"))
    );
    let form = Form::new().part("file", Part::bytes(vec![1]).file_name("a.bin"));
    let (status, _) = crm
        .multipart("Leads/4150868000000999999/Attachments", form)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn record_photos() {
    let crm = Crm::start().await;
    let contact = crm.create("Contacts", json!({"Last_Name": "Photo"})).await;
    let path = format!("Contacts/{contact}/photo");
    assert_eq!(
        crm.get_with(&path, &[]).await.status(),
        StatusCode::NO_CONTENT
    );
    let png = vec![0x89, b'P', b'N', b'G', 0, 1, 2];
    let form = Form::new().part("file", Part::bytes(png.clone()).file_name("me.png"));
    let (status, body) = crm.multipart(&path, form).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        json!({"code": "SUCCESS", "details": {}, "message": "photo uploaded successfully", "status": "success"})
    );
    let response = crm.get_with(&path, &[]).await;
    assert_eq!(response.headers()["content-type"], "image/png");
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap_or("")
        .ends_with("''me.png"));
    assert_eq!(response.bytes().await.expect("bytes").to_vec(), png);
    let (_, record) = crm.get(&format!("Contacts/{contact}")).await;
    assert!(record["data"][0]["Record_Image"].is_string());
    let (status, body) = crm.delete(&path).await;
    assert_eq!(
        (status, &body["status"]),
        (StatusCode::OK, &json!("success"))
    );
    assert_eq!(
        crm.get_with(&path, &[]).await.status(),
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn uploads_are_recorded_in_the_request_log() {
    let crm = Crm::start().await;
    let lead = crm.create("Leads", json!({"Last_Name": "Logged"})).await;
    let form = Form::new().part("file", Part::text("hello").file_name("hi.txt"));
    crm.multipart(&format!("Leads/{lead}/Attachments"), form)
        .await;
    let log = crm.h.admin_get("/_emulator/requests").await;
    let upload = log
        .as_array()
        .and_then(|l| {
            l.iter()
                .find(|r| r["path"] == format!("/crm/v2/Leads/{lead}/Attachments"))
                .cloned()
        })
        .unwrap_or_default();
    assert_eq!(upload["method"], "POST");
    assert!(text(&upload["content_type"]).starts_with("multipart/form-data"));
    assert!(text(&upload["body"]).contains("hello"), "{upload}");
}
