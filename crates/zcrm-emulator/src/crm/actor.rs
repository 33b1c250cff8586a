//! The CRM user behind a request: who owns, creates and modifies what it writes.

use serde_json::{json, Value};

use crate::state::State;

use super::users;

#[derive(Clone, Debug)]
pub(crate) struct Actor {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) email: String,
}

impl Actor {
    /// The token owner's CRM user (added to the org on first sight, as `users` does).
    pub(crate) fn of(state: &mut State, email: &str) -> Actor {
        let user = users::current_user(state, email);
        Actor {
            id: user.id.clone(),
            name: user.full_name(),
            email: user.email.clone(),
        }
    }

    /// The org's administrator, who owns seeded data.
    pub(crate) fn admin(state: &mut State, fallback_email: &str) -> Actor {
        let email = state
            .users
            .admin()
            .map(|u| u.email.clone())
            .unwrap_or_else(|| fallback_email.to_string());
        Actor::of(state, &email)
    }

    /// `{"name","id","email"}`: Owner, Created_By and Modified_By of records.
    pub(crate) fn user_json(&self) -> Value {
        json!({"name": self.name, "id": self.id, "email": self.email})
    }

    /// `{"name","id"}`: the `created_by`/`modified_by` of settings entities.
    pub(crate) fn named(&self) -> Value {
        json!({"name": self.name, "id": self.id})
    }
}
