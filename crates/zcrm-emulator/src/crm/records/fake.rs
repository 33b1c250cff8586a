//! Realistic sample records for the main modules, made up from small word lists so they need
//! no data files and no network. The n-th record of a module is always the same, and numbering
//! continues across calls, so seeding twice never repeats a name or an email.

use serde_json::{json, Value};

use crate::crm::actor::Actor;
use crate::crm::schema::{self, ModuleDef};
use crate::options::Options;
use crate::state::State;

use super::store::Trashed;
use super::write::Writer;

/// Modules that can be seeded, in dependency order (contacts and deals point at accounts,
/// activities at deals through `What_Id`).
pub(crate) const SEEDABLE: [&str; 7] = [
    "Accounts", "Contacts", "Leads", "Deals", "Tasks", "Events", "Calls",
];
/// Modules whose recycle bin starts with a record deleted for good before the seeded ones.
const PURGED: [&str; 4] = ["Accounts", "Contacts", "Leads", "Deals"];
/// Seeded records are dated from 2024-01-01T05:30:00+05:30, about an hour and a half apart,
/// so they look lived-in and are older than anything a test writes.
const FIRST_CREATED: i64 = 1_704_067_200;
const SPACING_SECS: i64 = 5_821;

const FIRST: [&str; 40] = [
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Charles",
    "Karen",
    "Priya",
    "Arjun",
    "Mei",
    "Hiroshi",
    "Sofia",
    "Mateo",
    "Amara",
    "Kwame",
    "Olga",
    "Lars",
    "Fatima",
    "Omar",
    "Chloe",
    "Lucas",
    "Ines",
    "Diego",
    "Aisha",
    "Noah",
    "Elena",
    "Ravi",
];
const LAST: [&str; 40] = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Nguyen",
    "Patel",
    "Kim",
    "Okafor",
];
const COMPANY_HEAD: [&str; 20] = [
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Wayne",
    "Hooli",
    "Vandelay",
    "Soylent",
    "Tyrell",
    "Cyberdyne",
    "Wonka",
    "Gringotts",
    "Monarch",
    "Oceanic",
    "Pied Piper",
    "Massive Dynamic",
    "Aperture",
    "Black Mesa",
    "Blue Sun",
];
const COMPANY_TAIL: [&str; 10] = [
    "Inc",
    "Labs",
    "Systems",
    "Logistics",
    "Foods",
    "Partners",
    "Industries",
    "Group",
    "Solutions",
    "Holdings",
];
const PLACES: [(&str, &str, &str, &str); 12] = [
    ("Austin", "Texas", "United States", "73301"),
    ("Seattle", "Washington", "United States", "98101"),
    ("Boston", "Massachusetts", "United States", "02108"),
    ("Denver", "Colorado", "United States", "80202"),
    ("Toronto", "Ontario", "Canada", "M5H 2N2"),
    ("London", "England", "United Kingdom", "EC1A 1BB"),
    ("Berlin", "Berlin", "Germany", "10115"),
    ("Chennai", "Tamil Nadu", "India", "600001"),
    ("Bengaluru", "Karnataka", "India", "560001"),
    ("Sydney", "New South Wales", "Australia", "2000"),
    ("Singapore", "Singapore", "Singapore", "018956"),
    ("Madrid", "Madrid", "Spain", "28001"),
];
const TITLES: [&str; 8] = [
    "CEO",
    "CTO",
    "VP Sales",
    "Purchasing Manager",
    "Operations Director",
    "IT Manager",
    "Marketing Lead",
    "Office Manager",
];
const DEPARTMENTS: [&str; 5] = ["Sales", "Engineering", "Finance", "Operations", "Marketing"];
const LEAD_SOURCES: [&str; 6] = [
    "Web Download",
    "Cold Call",
    "Trade Show",
    "Partner",
    "Advertisement",
    "Chat",
];
const LEAD_STATUSES: [&str; 5] = [
    "Not Contacted",
    "Attempted to Contact",
    "Contacted",
    "Pre-Qualified",
    "Contact in Future",
];
const INDUSTRIES: [&str; 5] = [
    "Large Enterprise",
    "Small/Medium Enterprise",
    "Service Provider",
    "Systems Integrator",
    "Wireless Industry",
];
const ACCOUNT_TYPES: [&str; 4] = ["Customer", "Prospect", "Partner", "Reseller"];
/// (stage, probability %).
const STAGES: [(&str, i64); 7] = [
    ("Qualification", 10),
    ("Needs Analysis", 20),
    ("Value Proposition", 40),
    ("Proposal/Price Quote", 75),
    ("Negotiation/Review", 90),
    ("Closed Won", 100),
    ("Closed Lost", 0),
];
const GOODS: [&str; 6] = [
    "Widgets",
    "Licenses",
    "Servers",
    "Support Plan",
    "Sensors",
    "Laptops",
];

/// Seeds `options.seed_records` records in each seedable module.
pub(crate) fn seed_all(state: &mut State, options: &Options) {
    if options.seed_records == 0 {
        return;
    }
    for name in SEEDABLE {
        if let Ok(def) = schema::module(name) {
            // Seeded values are unique by construction, so no write can be refused.
            let _ = seed(state, options, def, options.seed_records);
        }
    }
    let admin = Actor::admin(state, &options.user_email).named();
    for (n, name) in PURGED.iter().enumerate() {
        let Ok(def) = schema::module(name) else {
            continue;
        };
        let deleted = FIRST_CREATED - SPACING_SECS * (n as i64 + 1);
        let id = state.ids.next_id();
        state.crm.records.trash(def, purged(&id, &admin, deleted));
    }
}

/// A recycle-bin entry of a record deleted permanently
/// (<https://www.zoho.com/crm/developer/docs/api/v2/get-deleted-records.html>): who and when.
/// That the record's name and creator are gone by then is unverified, and the harder case
/// for a client.
fn purged(id: &str, deleted_by: &Value, when: i64) -> Trashed {
    Trashed {
        entry: json!({
            "id": id, "type": "permanent", "display_name": null, "created_by": null,
            "deleted_by": deleted_by, "deleted_time": crate::clock::iso_at(when),
        }),
        deleted: when,
    }
}

/// Adds `count` records to `def`; their ids, or why the module cannot be seeded.
pub(crate) fn seed(
    state: &mut State,
    options: &Options,
    def: &'static ModuleDef,
    count: usize,
) -> Result<Vec<String>, String> {
    if !SEEDABLE.contains(&def.api_name) {
        return Err(format!(
            "only {} can be seeded, not {}",
            SEEDABLE.join(", "),
            def.api_name
        ));
    }
    let start = state.crm.records.count(def);
    let accounts = ids_of(state, "Accounts");
    let contacts = ids_of(state, "Contacts");
    let deals = ids_of(state, "Deals");
    let actor = Actor::admin(state, &options.user_email);
    let mut writer = Writer::new(state, &options.unique_fields, actor);
    let mut ids = Vec::with_capacity(count);
    for n in start..start + count {
        writer.now = FIRST_CREATED + SPACING_SECS * n as i64;
        let input = match def.api_name {
            "Accounts" => account(n),
            "Contacts" => contact(n, &accounts),
            "Leads" => lead(n),
            "Deals" => deal(n, &accounts, &contacts),
            activity => activity_record(activity, n, &deals, &contacts),
        };
        let id = writer.insert(def, &input).map_err(|e| e.to_string())?;
        ids.push(id);
    }
    Ok(ids)
}

fn ids_of(state: &State, module: &str) -> Vec<String> {
    schema::module(module)
        .map(|def| {
            state
                .crm
                .records
                .all(def)
                .map(|r| r.id().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn pick<T: Copy>(list: &[T], n: usize, salt: usize) -> T {
    list[(n.wrapping_mul(7) + salt.wrapping_mul(13) + n / list.len()) % list.len()]
}

/// The n-th person: every first/last pair appears before any repeats.
fn person(n: usize) -> (&'static str, &'static str) {
    (
        FIRST[n % FIRST.len()],
        LAST[(n / FIRST.len() + n * 3) % LAST.len()],
    )
}

/// The n-th company name; beyond the 200 combinations a number keeps names unique.
fn company(n: usize) -> String {
    let combos = COMPANY_HEAD.len() * COMPANY_TAIL.len();
    let head = COMPANY_HEAD[n % COMPANY_HEAD.len()];
    let tail = COMPANY_TAIL[(n / COMPANY_HEAD.len()) % COMPANY_TAIL.len()];
    match n / combos {
        0 => format!("{head} {tail}"),
        round => format!("{head} {tail} {}", round + 1),
    }
}

fn slug(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase()
}

fn email(first: &str, last: &str, company: &str, n: usize) -> String {
    format!(
        "{}.{}{}@{}.example.com",
        slug(first),
        slug(last),
        n,
        slug(company)
    )
}

fn phone(n: usize, salt: usize) -> String {
    format!(
        "+1 555-{:03}-{:04}",
        (n * 37 + salt) % 1000,
        (n * 7919 + salt * 31) % 10_000
    )
}

fn lead(n: usize) -> Value {
    let (first, last) = person(n + 11);
    let company = company(n + 3);
    let (city, state, country, zip) = pick(&PLACES, n, 1);
    json!({
        "First_Name": first, "Last_Name": last, "Company": company,
        "Email": email(first, last, &company, n), "Phone": phone(n, 1), "Mobile": phone(n, 2),
        "Designation": pick(&TITLES, n, 2), "Lead_Source": pick(&LEAD_SOURCES, n, 3),
        "Lead_Status": pick(&LEAD_STATUSES, n, 4), "Industry": pick(&INDUSTRIES, n, 5),
        "No_of_Employees": 10 + (n * 37) % 990, "Annual_Revenue": 100_000 + (n * 7_919) % 900_000,
        "Website": format!("https://www.{}.example.com", slug(&company)),
        "City": city, "State": state, "Country": country, "Zip_Code": zip,
        "Street": format!("{} Market Street", 100 + n % 900),
        "Description": format!("Met {first} at a {} event.", pick(&LEAD_SOURCES, n, 6)),
    })
}

fn account(n: usize) -> Value {
    let name = company(n);
    let (city, state, country, zip) = pick(&PLACES, n, 7);
    json!({
        "Account_Name": name, "Phone": phone(n, 3),
        "Website": format!("https://www.{}.example.com", slug(&name)),
        "Account_Type": pick(&ACCOUNT_TYPES, n, 1), "Industry": pick(&INDUSTRIES, n, 2),
        "Employees": 20 + (n * 53) % 5_000, "Annual_Revenue": 500_000 + (n * 104_729) % 9_500_000,
        "Account_Number": format!("ACC-{:05}", n + 1), "Ownership": "Private",
        "Billing_Street": format!("{} Commerce Way", 1 + n % 400), "Billing_City": city,
        "Billing_State": state, "Billing_Code": zip, "Billing_Country": country,
    })
}

fn contact(n: usize, accounts: &[String]) -> Value {
    let (first, last) = person(n);
    let company = company(n);
    let (city, state, country, zip) = pick(&PLACES, n, 9);
    let mut value = json!({
        "First_Name": first, "Last_Name": last, "Email": email(first, last, &company, n),
        "Phone": phone(n, 4), "Mobile": phone(n, 5), "Title": pick(&TITLES, n, 3),
        "Department": pick(&DEPARTMENTS, n, 4), "Lead_Source": pick(&LEAD_SOURCES, n, 5),
        "Mailing_Street": format!("{} Elm Street", 1 + n % 700), "Mailing_City": city,
        "Mailing_State": state, "Mailing_Zip": zip, "Mailing_Country": country,
        "Date_of_Birth": format!("{}-{:02}-{:02}", 1960 + n % 40, 1 + n % 12, 1 + n % 28),
    });
    if !accounts.is_empty() {
        value["Account_Name"] = json!({"id": accounts[n % accounts.len()]});
    }
    value
}

fn deal(n: usize, accounts: &[String], contacts: &[String]) -> Value {
    let (stage, probability) = pick(&STAGES, n, 1);
    let quantity = 5 + (n * 17) % 200;
    let closing_day = FIRST_CREATED / 86_400 + 30 + (n as i64 * 3) % 330;
    let mut value = json!({
        "Deal_Name": format!("{} - {quantity} {}", company(n), pick(&GOODS, n, 2)),
        "Stage": stage, "Probability": probability,
        "Amount": 1_000 + (n * 2_741) % 250_000,
        "Closing_Date": crate::clock::iso_at(closing_day * 86_400)[..10].to_string(),
        "Type": if n.is_multiple_of(3) { "Existing Business" } else { "New Business" },
        "Lead_Source": pick(&LEAD_SOURCES, n, 3),
        "Next_Step": "Schedule a follow-up call",
    });
    if !accounts.is_empty() {
        value["Account_Name"] = json!({"id": accounts[n % accounts.len()]});
    }
    if !contacts.is_empty() {
        value["Contact_Name"] = json!({"id": contacts[n % contacts.len()]});
    }
    value
}

/// A task, meeting or call about the n-th deal (through `What_Id` and `se_module`), with
/// one of its contacts.
fn activity_record(module: &str, n: usize, deals: &[String], contacts: &[String]) -> Value {
    let day = FIRST_CREATED / 86_400 + 7 + (n as i64 * 5) % 300;
    let at = |hour: i64| crate::clock::iso_at(day * 86_400 + hour * 3_600);
    let (first, last) = person(n + 5);
    let mut value = match module {
        "Tasks" => json!({
            "Subject": format!("Send the proposal to {first} {last}"),
            "Due_Date": at(0)[..10].to_string(),
            "Status": pick(&["Not Started", "In Progress", "Completed"], n, 1),
            "Priority": pick(&["High", "Normal", "Low"], n, 2),
        }),
        "Events" => json!({
            "Event_Title": format!("Demo for {first} {last}"),
            "Start_DateTime": at(4), "End_DateTime": at(5),
            "Venue": pick(&PLACES, n, 3).0,
        }),
        _ => json!({
            "Subject": format!("Follow-up call with {first} {last}"),
            "Call_Type": pick(&["Outbound", "Inbound"], n, 4),
            "Call_Purpose": pick(&["Prospecting", "Negotiation", "Demo"], n, 5),
            "Call_Start_Time": at(6), "Call_Duration": format!("{:02}:00", 5 + n % 40),
        }),
    };
    if !deals.is_empty() {
        value["What_Id"] = json!({"id": deals[n % deals.len()]});
        value["se_module"] = json!("Deals");
    }
    if !contacts.is_empty() {
        value["Who_Id"] = json!({"id": contacts[n % contacts.len()]});
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_do_not_repeat_early() {
        let people: std::collections::HashSet<_> = (0..1_600).map(person).collect();
        assert_eq!(people.len(), 1_600);
        let companies: std::collections::HashSet<_> = (0..1_000).map(company).collect();
        assert_eq!(companies.len(), 1_000);
    }
}
