//! `POST /Leads/{id}/actions/convert`: the lead becomes a contact (plus an account from its
//! company, unless one is named or already has that name, plus a deal when asked), its notes
//! move to the contact, and it leaves the default Leads list as a converted lead.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Map, Value};

use crate::clock;
use crate::crm::auth::Caller;
use crate::crm::envelope::{self, ApiError};
use crate::crm::request::{self, id_of, Seg};
use crate::crm::results;
use crate::crm::schema::{self, ModuleDef};
use crate::state::Shared;

use super::store::Record;
use super::write::{with_writer, Writer};

/// Lead field → contact field, as Zoho's default conversion mapping has it.
pub(crate) const CONTACT_MAPPING: [(&str, &str); 16] = [
    ("Salutation", "Salutation"),
    ("First_Name", "First_Name"),
    ("Last_Name", "Last_Name"),
    ("Email", "Email"),
    ("Secondary_Email", "Secondary_Email"),
    ("Phone", "Phone"),
    ("Mobile", "Mobile"),
    ("Fax", "Fax"),
    ("Designation", "Title"),
    ("Lead_Source", "Lead_Source"),
    ("Email_Opt_Out", "Email_Opt_Out"),
    ("Skype_ID", "Skype_ID"),
    ("Twitter", "Twitter"),
    ("Street", "Mailing_Street"),
    ("City", "Mailing_City"),
    ("Description", "Description"),
];
pub(crate) const ACCOUNT_MAPPING: [(&str, &str); 8] = [
    ("Company", "Account_Name"),
    ("Phone", "Phone"),
    ("Fax", "Fax"),
    ("Website", "Website"),
    ("Industry", "Industry"),
    ("Annual_Revenue", "Annual_Revenue"),
    ("Street", "Billing_Street"),
    ("City", "Billing_City"),
];

/// What the optional body asks for.
#[derive(Default)]
struct Options {
    overwrite: bool,
    account: Option<String>,
    contact: Option<String>,
    assign_to: Option<String>,
    deal: Option<Value>,
}

fn options(body: &[u8]) -> Result<Options, ApiError> {
    let Some(body) = request::json_body(body)? else {
        return Ok(Options::default());
    };
    let Some(data) = body.get("data").and_then(|d| d.get(0)) else {
        return Ok(Options::default());
    };
    Ok(Options {
        overwrite: data.get("overwrite") == Some(&Value::Bool(true)),
        account: data.get("Accounts").and_then(id_of),
        contact: data.get("Contacts").and_then(id_of),
        assign_to: data.get("assign_to").and_then(id_of),
        deal: data.get("Deals").filter(|d| d.is_object()).cloned(),
    })
}

pub(crate) async fn convert(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Seg((module, id)): Seg<(String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let leads = schema::record_module(&module)?;
    if leads.api_name != "Leads" {
        return Err(ApiError::invalid_module());
    }
    let options = options(&body)?;
    let outcome = with_writer(&shared, &caller.email, |writer| {
        run(writer, leads, &id, &options)
    });
    Ok(match outcome {
        Ok(ids) => envelope::json(StatusCode::OK, &json!({ "data": [ids] })),
        Err(error) => envelope::json(StatusCode::BAD_REQUEST, &json!({ "data": [error] })),
    })
}

fn run(
    writer: &mut Writer,
    leads: &'static ModuleDef,
    id: &str,
    options: &Options,
) -> Result<Value, Value> {
    let lead = writer
        .state
        .crm
        .records
        .get(leads, id)
        .filter(|l| !l.is_converted())
        .cloned()
        .ok_or_else(|| results::invalid_id(id))?;
    let owner = owner(writer, &lead, options)?;
    let (accounts, contacts, deals) = (module("Accounts")?, module("Contacts")?, module("Deals")?);
    let mut created = Vec::new();
    let account = account(writer, accounts, &lead, options, &owner, &mut created)?;
    let contact = contact(
        writer,
        contacts,
        &lead,
        options,
        &owner,
        account.as_deref(),
        &mut created,
    )?;
    let deal = match &options.deal {
        Some(deal) => {
            let mut input = deal.clone();
            link(&mut input, "Account_Name", account.as_deref());
            link(&mut input, "Contact_Name", Some(&contact));
            input["Owner"] = owner.clone();
            if input.get("Lead_Source").is_none() {
                input["Lead_Source"] = lead.get("Lead_Source").cloned().unwrap_or(Value::Null);
            }
            match writer.insert(deals, &input) {
                Ok(id) => Some(id),
                Err(error) => {
                    undo(writer, &created);
                    return Err(error);
                }
            }
        }
        None => None,
    };
    mark_converted(writer, leads, id, [&account, &Some(contact.clone()), &deal]);
    move_notes(writer, id, &contact);
    Ok(json!({"Contacts": contact, "Deals": deal, "Accounts": account}))
}

fn module(name: &str) -> Result<&'static ModuleDef, Value> {
    schema::module(name).map_err(|_| results::wrong_type(name, "module"))
}

/// Who owns what the conversion creates: `assign_to`, or the lead's owner.
fn owner(writer: &Writer, lead: &Record, options: &Options) -> Result<Value, Value> {
    match &options.assign_to {
        Some(user) => writer
            .state
            .users
            .by_id(user)
            .map(|u| json!({"id": u.id}))
            .ok_or_else(|| results::wrong_type("assign_to", "lookup")),
        None => Ok(lead
            .get("Owner")
            .and_then(|o| o.get("id"))
            .map_or(Value::Null, |id| json!({ "id": id }))),
    }
}

fn account(
    writer: &mut Writer,
    accounts: &'static ModuleDef,
    lead: &Record,
    options: &Options,
    owner: &Value,
    created: &mut Vec<(&'static ModuleDef, String)>,
) -> Result<Option<String>, Value> {
    if let Some(id) = &options.account {
        let exists = writer.state.crm.records.get(accounts, id).is_some();
        return if exists {
            Ok(Some(id.clone()))
        } else {
            Err(results::wrong_type("Accounts", "lookup"))
        };
    }
    let Some(company) = lead.get("Company").and_then(Value::as_str) else {
        return Ok(None);
    };
    let same_name = writer
        .state
        .crm
        .records
        .all(accounts)
        .find(|a| {
            a.get("Account_Name")
                .and_then(Value::as_str)
                .is_some_and(|n| n.eq_ignore_ascii_case(company))
        })
        .map(|a| a.id().to_string());
    if same_name.is_some() {
        return Ok(same_name);
    }
    let mut input = mapped(lead, &ACCOUNT_MAPPING);
    input["Owner"] = owner.clone();
    let id = writer.insert(accounts, &input)?;
    created.push((accounts, id.clone()));
    Ok(Some(id))
}

fn contact(
    writer: &mut Writer,
    contacts: &'static ModuleDef,
    lead: &Record,
    options: &Options,
    owner: &Value,
    account: Option<&str>,
    created: &mut Vec<(&'static ModuleDef, String)>,
) -> Result<String, Value> {
    let mut input = mapped(lead, &CONTACT_MAPPING);
    link(&mut input, "Account_Name", account);
    if let Some(id) = &options.contact {
        if writer.state.crm.records.get(contacts, id).is_none() {
            undo(writer, created);
            return Err(results::wrong_type("Contacts", "lookup"));
        }
        if options.overwrite {
            if let Err(error) = writer.update(contacts, id, &input) {
                undo(writer, created);
                return Err(error);
            }
        }
        return Ok(id.clone());
    }
    input["Owner"] = owner.clone();
    let id = match writer.insert(contacts, &input) {
        Ok(id) => id,
        Err(error) => {
            undo(writer, created);
            return Err(error);
        }
    };
    created.push((contacts, id.clone()));
    Ok(id)
}

fn mapped(lead: &Record, mapping: &[(&str, &str)]) -> Value {
    let map: Map<String, Value> = mapping
        .iter()
        .filter_map(|(from, to)| lead.get(from).map(|v| (to.to_string(), v.clone())))
        .collect();
    Value::Object(map)
}

fn link(input: &mut Value, field: &str, id: Option<&str>) {
    if let (Some(id), Value::Object(map)) = (id, input) {
        map.insert(field.to_string(), json!({ "id": id }));
    }
}

/// A failed conversion leaves nothing behind.
fn undo(writer: &mut Writer, created: &[(&'static ModuleDef, String)]) {
    for (def, id) in created {
        writer.state.crm.records.remove(def, id);
        writer.state.crm.notifications.forget(id);
    }
}

fn mark_converted(writer: &mut Writer, leads: &ModuleDef, id: &str, ids: [&Option<String>; 3]) {
    let now = writer.now;
    let by = writer.actor.named();
    let Some(lead) = writer.state.crm.records.get_mut(leads, id) else {
        return;
    };
    lead.fields.insert("$converted", Value::Bool(true));
    lead.fields.insert(
        "$converted_detail",
        json!({
            "account": ids[0], "contact": ids[1], "deal": ids[2],
            "convert_date": clock::iso_at(now)[..10], "converted_by": by,
        }),
    );
    lead.fields
        .insert("Modified_Time", Value::String(clock::iso_at(now)));
    lead.modified = now;
}

/// The lead's notes now belong to the contact.
fn move_notes(writer: &mut Writer, lead_id: &str, contact_id: &str) {
    let Ok(notes) = schema::module("Notes") else {
        return;
    };
    let ids: Vec<String> = writer
        .state
        .crm
        .records
        .all(notes)
        .filter(|n| n.get("Parent_Id").and_then(|p| p.get("id")) == Some(&json!(lead_id)))
        .map(|n| n.id().to_string())
        .collect();
    for id in ids {
        if let Some(note) = writer.state.crm.records.get_mut(notes, &id) {
            note.fields
                .insert("Parent_Id", json!({"name": null, "id": contact_id}));
            note.fields.insert("$se_module", json!("Contacts"));
        }
    }
}
