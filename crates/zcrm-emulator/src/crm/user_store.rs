//! The org's users and the `type` filters of `GET /users`.

use serde_json::{json, Value};

use crate::clock;

/// `{"name","id"}`, Zoho's shape for roles, profiles and user lookups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NamedRef {
    pub(crate) name: String,
    pub(crate) id: String,
}

impl NamedRef {
    pub(crate) fn new(name: &str, id: &str) -> Self {
        NamedRef {
            name: name.to_string(),
            id: id.to_string(),
        }
    }

    pub(crate) fn to_json(&self) -> Value {
        json!({"name": self.name, "id": self.id})
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UserStatus {
    Active,
    Disabled,
    Deleted,
}

impl UserStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            UserStatus::Active => "active",
            UserStatus::Disabled => "disabled",
            UserStatus::Deleted => "deleted",
        }
    }
}

pub(crate) const ADMIN_PROFILE: &str = "Administrator";

#[derive(Clone, Debug)]
pub(crate) struct User {
    pub(crate) id: String,
    pub(crate) zuid: u64,
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) email: String,
    pub(crate) status: UserStatus,
    pub(crate) confirmed: bool,
    pub(crate) role: NamedRef,
    pub(crate) profile: NamedRef,
    pub(crate) created_by: NamedRef,
    pub(crate) modified_by: NamedRef,
    pub(crate) created_time: String,
    pub(crate) modified_time: String,
    pub(crate) country: String,
    pub(crate) locale: String,
    /// Other keys set through `POST|PUT users` (phone, alias…), shown over the defaults.
    pub(crate) extra: serde_json::Map<String, Value>,
}

impl User {
    pub(crate) fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_string()
    }

    pub(crate) fn as_ref(&self) -> NamedRef {
        NamedRef::new(&self.full_name(), &self.id)
    }

    pub(crate) fn is_admin(&self) -> bool {
        self.profile.name == ADMIN_PROFILE
    }

    pub(crate) fn is_active(&self) -> bool {
        self.status == UserStatus::Active
    }

    pub(crate) fn is_deleted(&self) -> bool {
        self.status == UserStatus::Deleted
    }

    pub(crate) fn to_json(&self) -> Value {
        let mut user = json!({
            "id": self.id,
            // A user has a Zoho account id only once they accept the invitation.
            "zuid": self.confirmed.then(|| self.zuid.to_string()),
            "first_name": self.first_name,
            "last_name": self.last_name,
            "full_name": self.full_name(),
            "name": self.full_name(),
            "email": self.email,
            "status": self.status.as_str(),
            "confirm": self.confirmed,
            "role": self.role.to_json(),
            "profile": self.profile.to_json(),
            "created_by": self.created_by.to_json(),
            "Modified_By": self.modified_by.to_json(),
            "created_time": self.created_time,
            "Created_Time": self.created_time,
            "Modified_Time": self.modified_time,
            "country": self.country,
            "locale": self.locale,
            "country_locale": "US",
            "language": self.locale,
            "time_zone": clock::ORG_TIME_ZONE,
            "offset": 19_800_000,
        });
        if let Value::Object(map) = &mut user {
            map.extend(static_user_fields());
            map.extend(self.extra.clone());
        }
        user
    }
}

/// Fields every Zoho user carries that the emulator has no reason to vary; the legacy gem
/// reads many of them unconditionally.
fn static_user_fields() -> serde_json::Map<String, Value> {
    let fields = json!({
        "alias": null, "city": null, "street": null, "state": null, "zip": null, "fax": null,
        "mobile": null, "phone": null, "website": null, "dob": null, "signature": null,
        "microsoft": false, "Isonline": false, "personal_account": false,
        "Currency": "USD", "Reporting_To": null, "territories": [],
        "decimal_separator": "Period", "time_format": "hh:mm a", "date_format": "MM/dd/yyyy",
        "name_format": "Salutation,First Name,Last Name", "default_tab_group": "0",
        "sort_order_preference__s": "First Name,Last Name",
        "customize_info": {
            "notes_desc": null, "show_right_panel": null, "bc_view": null,
            "show_home": false, "show_detail_view": true, "unpin_recent_item": null
        },
        "theme": {
            "normal_tab": {"font_color": "#FFFFFF", "background": "#222222"},
            "selected_tab": {"font_color": "#FFFFFF", "background": "#222222"},
            "new_background": "#F3F0EB", "background": "#F3F0EB", "screen": "fixed", "type": "default"
        }
    });
    match fields {
        Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

/// The `type` parameter of `GET /users`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UserType {
    All,
    Active,
    Deactive,
    Confirmed,
    NotConfirmed,
    Deleted,
    ActiveConfirmed,
    Admin,
    ActiveConfirmedAdmins,
    Current,
}

impl UserType {
    pub(crate) fn parse(raw: &str) -> Option<UserType> {
        Some(match raw {
            "AllUsers" => UserType::All,
            "ActiveUsers" => UserType::Active,
            "DeactiveUsers" => UserType::Deactive,
            "ConfirmedUsers" => UserType::Confirmed,
            "NotConfirmedUsers" => UserType::NotConfirmed,
            "DeletedUsers" => UserType::Deleted,
            "ActiveConfirmedUsers" => UserType::ActiveConfirmed,
            "AdminUsers" => UserType::Admin,
            "ActiveConfirmedAdmins" => UserType::ActiveConfirmedAdmins,
            "CurrentUser" => UserType::Current,
            _ => return None,
        })
    }

    /// Whether a user belongs to this listing; `Current` is resolved by email elsewhere.
    fn admits(self, user: &User) -> bool {
        if self == UserType::Deleted {
            return user.is_deleted();
        }
        !user.is_deleted()
            && match self {
                UserType::All | UserType::Current | UserType::Deleted => true,
                UserType::Active => user.is_active(),
                UserType::Deactive => !user.is_active(),
                UserType::Confirmed => user.confirmed,
                UserType::NotConfirmed => !user.confirmed,
                UserType::ActiveConfirmed => user.is_active() && user.confirmed,
                UserType::Admin => user.is_admin(),
                UserType::ActiveConfirmedAdmins => {
                    user.is_admin() && user.is_active() && user.confirmed
                }
            }
    }
}

#[derive(Debug, Default)]
pub(crate) struct Users {
    list: Vec<User>,
}

impl Users {
    pub(crate) fn insert(&mut self, user: User) {
        self.list.push(user);
    }

    pub(crate) fn by_id(&self, id: &str) -> Option<&User> {
        self.list.iter().find(|u| u.id == id)
    }

    pub(crate) fn by_id_mut(&mut self, id: &str) -> Option<&mut User> {
        self.list.iter_mut().find(|u| u.id == id)
    }

    pub(crate) fn by_email(&self, email: &str) -> Option<&User> {
        self.list
            .iter()
            .find(|u| u.email.eq_ignore_ascii_case(email))
    }

    pub(crate) fn of_type(&self, kind: UserType) -> Vec<&User> {
        self.list.iter().filter(|u| kind.admits(u)).collect()
    }

    pub(crate) fn admin(&self) -> Option<&User> {
        self.list.iter().find(|u| u.is_admin() && u.is_active())
    }
}
