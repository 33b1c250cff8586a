//! The org the emulator starts with: one company, its roles and profiles, and five users
//! chosen so that every `type` filter of `GET /users` selects something different.

use serde_json::{json, Value};

use crate::clock;
use crate::ids::IdGen;
use crate::options::Options;

use super::org::Org;
use super::user_store::{NamedRef, User, UserStatus, Users, ADMIN_PROFILE};

pub(crate) const FIRST_RECORD_ID: u64 = 4_150_868_000_000_225_001;
pub(crate) const ORG_ID: &str = "4150868000000004001";
pub(crate) const ROLE_CEO: (&str, &str) = ("CEO", "4150868000000026005");
pub(crate) const ROLE_MANAGER: (&str, &str) = ("Manager", "4150868000000026008");
pub(crate) const PROFILE_ADMIN: (&str, &str) = (ADMIN_PROFILE, "4150868000000026011");
pub(crate) const PROFILE_STANDARD: (&str, &str) = ("Standard", "4150868000000026014");
const FIRST_ZUID: u64 = 700_000_101;
/// 2019-07-25T15:26:49+05:30, when the emulated org "signed up".
pub(crate) const ORG_CREATED_UNIX: i64 = 1_564_048_609;

struct Seed {
    first: &'static str,
    last: &'static str,
    email: &'static str,
    role: (&'static str, &'static str),
    profile: (&'static str, &'static str),
    status: UserStatus,
    confirmed: bool,
}

const OTHERS: [Seed; 4] = [
    Seed {
        first: "Grace",
        last: "Hopper",
        email: "grace.hopper@example.com",
        role: ROLE_MANAGER,
        profile: PROFILE_STANDARD,
        status: UserStatus::Active,
        confirmed: true,
    },
    Seed {
        first: "Alan",
        last: "Turing",
        email: "alan.turing@example.com",
        role: ROLE_MANAGER,
        profile: PROFILE_STANDARD,
        status: UserStatus::Active,
        confirmed: false,
    },
    Seed {
        first: "Ada",
        last: "Lovelace",
        email: "ada.lovelace@example.com",
        role: ROLE_CEO,
        profile: PROFILE_ADMIN,
        status: UserStatus::Disabled,
        confirmed: true,
    },
    Seed {
        first: "Charles",
        last: "Babbage",
        email: "charles.babbage@example.com",
        role: ROLE_MANAGER,
        profile: PROFILE_STANDARD,
        status: UserStatus::Deleted,
        confirmed: true,
    },
];

pub(crate) fn users(options: &Options, ids: &mut IdGen) -> Users {
    let mut users = Users::default();
    let (first, last) = names_from_email(&options.user_email);
    let admin_id = ids.next_id();
    let admin_ref = NamedRef::new(format!("{first} {last}").trim(), &admin_id);
    let created = clock::iso_at(ORG_CREATED_UNIX);
    users.insert(User {
        id: admin_id,
        zuid: FIRST_ZUID,
        first_name: first,
        last_name: last,
        email: options.user_email.clone(),
        status: UserStatus::Active,
        confirmed: true,
        role: named(ROLE_CEO),
        profile: named(PROFILE_ADMIN),
        created_by: admin_ref.clone(),
        modified_by: admin_ref.clone(),
        created_time: created.clone(),
        modified_time: created,
        // The administrator works from India, as in the orgs Zoho's own suites ran against.
        country: "India".to_string(),
        locale: "en_US".to_string(),
        extra: Default::default(),
    });
    let others = OTHERS
        .iter()
        .filter(|s| !s.email.eq_ignore_ascii_case(&options.user_email));
    for (n, seed) in (1u64..).zip(others) {
        let when = clock::iso_at(ORG_CREATED_UNIX + 86_400 * n as i64);
        users.insert(User {
            id: ids.next_id(),
            zuid: FIRST_ZUID + n,
            first_name: seed.first.to_string(),
            last_name: seed.last.to_string(),
            email: seed.email.to_string(),
            status: seed.status,
            confirmed: seed.confirmed,
            role: named(seed.role),
            profile: named(seed.profile),
            created_by: admin_ref.clone(),
            modified_by: admin_ref.clone(),
            created_time: when.clone(),
            modified_time: when,
            country: "US".to_string(),
            locale: "en_US".to_string(),
            extra: Default::default(),
        });
    }
    users
}

/// A user Zoho would have added when someone from the org signs in for the first time.
pub(crate) fn newcomer(email: &str, id: String, creator: NamedRef) -> User {
    let (first_name, last_name) = names_from_email(email);
    let now = clock::iso_now();
    User {
        id,
        zuid: zuid_for_email(email),
        first_name,
        last_name,
        email: email.to_string(),
        status: UserStatus::Active,
        confirmed: true,
        role: named(ROLE_MANAGER),
        profile: named(PROFILE_STANDARD),
        created_by: creator.clone(),
        modified_by: creator,
        created_time: now.clone(),
        modified_time: now,
        country: "US".to_string(),
        locale: "en_US".to_string(),
        extra: Default::default(),
    }
}

/// A stable ZUID for someone who is not a seeded user, so Accounts' user info and a CRM user
/// created on first sight agree on it.
pub(crate) fn zuid_for_email(email: &str) -> u64 {
    let hash = email
        .to_ascii_lowercase()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    FIRST_ZUID + 1_000 + hash % 1_000_000
}

pub(crate) fn org(options: &Options, users: &Users) -> Org {
    let (zuid, email) = users
        .admin()
        .map(|u| (u.zuid.to_string(), u.email.clone()))
        .unwrap_or_else(|| (FIRST_ZUID.to_string(), options.user_email.clone()));
    Org::new(org_json(&zuid, &email))
}

fn org_json(primary_zuid: &str, primary_email: &str) -> Value {
    json!({
        "id": ORG_ID,
        "company_name": "Emulated Widgets Inc",
        "alias": "emulated",
        "domain_name": "org700000100",
        "primary_zuid": primary_zuid,
        "zgid": "700000100",
        "primary_email": primary_email,
        "website": "www.example.com",
        "mobile": "555-0100",
        "phone": "555-0101",
        "fax": null,
        "employee_count": "25",
        "description": "An org served by zcrm-emulator",
        "time_zone": clock::ORG_TIME_ZONE,
        "iso_code": "USD",
        "currency": "US Dollar - USD",
        "currency_locale": "en_US",
        "currency_symbol": "$",
        "street": "4141 Hacienda Drive",
        "city": "Pleasanton",
        "state": "California",
        "country": "United States",
        "zip": "94588",
        "country_code": "US",
        "mc_status": false,
        "gapps_enabled": false,
        "translation_enabled": false,
        "privacy_settings": false,
        "zia_portal_id": null,
        "photo_id": null,
        "license_details": {
            "paid_expiry": null,
            "users_license_purchased": 10,
            "trial_type": "Enterprise",
            "trial_expiry": null,
            "paid": true,
            "paid_type": "enterprise"
        }
    })
}

fn named((name, id): (&str, &str)) -> NamedRef {
    NamedRef::new(name, id)
}

/// "jane.doe@x" → ("Jane", "Doe"); a one-word local part gets the last name "User".
pub(crate) fn names_from_email(email: &str) -> (String, String) {
    let local = email.split('@').next().unwrap_or("");
    let mut words = local
        .split(['.', '_', '-', '+'])
        .filter(|w| !w.is_empty())
        .map(capitalize);
    let first = words.next().unwrap_or_else(|| "Emulator".to_string());
    let rest: Vec<String> = words.collect();
    let last = if rest.is_empty() {
        "User".to_string()
    } else {
        rest.join(" ")
    };
    (first, last)
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(
            names_from_email("jane.doe@x.com"),
            ("Jane".into(), "Doe".into())
        );
        assert_eq!(
            names_from_email("demo@example.com"),
            ("Demo".into(), "User".into())
        );
    }
}
