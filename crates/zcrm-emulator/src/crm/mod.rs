//! Zoho CRM v2 under `/crm/v2/`. One file per resource; each handler authenticates by taking
//! a [`auth::Caller`].

use std::sync::Arc;

use axum::routing::{get, post, put};
use axum::Router;

use crate::state::Shared;

pub(crate) mod actor;
pub(crate) mod attachments;
pub(crate) mod auth;
pub(crate) mod bulk;
pub(crate) mod contact_roles;
pub(crate) mod coql;
pub(crate) mod criteria;
pub(crate) mod custom_views;
pub(crate) mod data;
pub(crate) mod download;
pub(crate) mod envelope;
pub(crate) mod file_store;
pub(crate) mod meta;
pub(crate) mod notes;
pub(crate) mod notifications;
pub(crate) mod org;
pub(crate) mod page_token;
pub(crate) mod paging;
pub(crate) mod photos;
pub(crate) mod profiles;
pub(crate) mod records;
pub(crate) mod relations;
pub(crate) mod request;
pub(crate) mod results;
pub(crate) mod roles;
pub(crate) mod schema;
pub(crate) mod seed;
pub(crate) mod tags;
pub(crate) mod tax_store;
pub(crate) mod taxes;
pub(crate) mod uploads;
pub(crate) mod user_admin;
pub(crate) mod user_store;
pub(crate) mod users;
pub(crate) mod variable_groups;
pub(crate) mod variable_store;
pub(crate) mod variables;
pub(crate) mod view_store;

pub(crate) const PREFIX: &str = "/crm/";

pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route(
            "/crm/v2/users",
            get(users::list_users).post(user_admin::create),
        )
        .route("/crm/v2/users/search", get(users::search_users))
        .route(
            "/crm/v2/users/{id}",
            get(users::get_user)
                .put(user_admin::update)
                .delete(user_admin::delete),
        )
        .route("/crm/v2/org", get(org::get_org))
        .route("/crm/v2/coql", post(coql::query))
        .route(
            "/crm/v2/actions/watch",
            get(notifications::list)
                .post(notifications::enable)
                .put(notifications::update)
                .patch(notifications::disable_events)
                .delete(notifications::disable),
        )
        .route("/crm/v2/Contacts/roles", get(contact_roles::list))
        .route("/crm/v2/Contacts/roles/{id}", get(contact_roles::get))
        .route(
            "/crm/v2/org/taxes",
            get(taxes::list)
                .post(taxes::create)
                .put(taxes::update)
                .delete(taxes::delete_many),
        )
        .route(
            "/crm/v2/org/taxes/{id}",
            get(taxes::get).delete(taxes::delete_one),
        )
        .merge(bulk::router())
        .merge(settings_routes())
        .merge(tag_routes())
        .merge(record_routes())
        .merge(record_child_routes())
}

fn settings_routes() -> Router<Arc<Shared>> {
    use meta::{fields, layouts, modules, related_lists};
    Router::new()
        .route("/crm/v2/settings/modules", get(modules::list))
        .route("/crm/v2/settings/modules/{api_name}", get(modules::get))
        .route("/crm/v2/settings/fields", get(fields::list))
        .route("/crm/v2/settings/fields/{id}", get(fields::get))
        .route("/crm/v2/settings/layouts", get(layouts::list))
        .route("/crm/v2/settings/layouts/{id}", get(layouts::get))
        .route("/crm/v2/settings/related_lists", get(related_lists::list))
        .route(
            "/crm/v2/settings/related_lists/{id}",
            get(related_lists::get),
        )
        .route("/crm/v2/settings/custom_views", get(custom_views::list))
        .route(
            "/crm/v2/settings/custom_views/{id}",
            get(custom_views::get).put(custom_views::update),
        )
        .route("/crm/v2/settings/roles", get(roles::list))
        .route("/crm/v2/settings/roles/{id}", get(roles::get))
        .route("/crm/v2/settings/profiles", get(profiles::list))
        .route("/crm/v2/settings/profiles/{id}", get(profiles::get))
        .route(
            "/crm/v2/settings/variables",
            get(variables::list)
                .post(variables::create)
                .put(variables::update_many)
                .delete(variables::delete_many),
        )
        .route(
            "/crm/v2/settings/variables/{id}",
            get(variables::get)
                .put(variables::update_one)
                .delete(variables::delete_one),
        )
        .route(
            "/crm/v2/settings/variable_groups",
            get(variable_groups::list),
        )
        .route(
            "/crm/v2/settings/variable_groups/{id}",
            get(variable_groups::get),
        )
}

fn tag_routes() -> Router<Arc<Shared>> {
    use tags::settings;
    Router::new()
        .route(
            "/crm/v2/settings/tags",
            get(settings::list)
                .post(settings::create)
                .put(settings::update_many),
        )
        .route(
            "/crm/v2/settings/tags/{id}",
            put(settings::update_one).delete(settings::delete),
        )
        .route(
            "/crm/v2/settings/tags/{id}/actions/records_count",
            get(settings::records_count),
        )
        .route(
            "/crm/v2/settings/tags/{id}/actions/merge",
            post(settings::merge),
        )
}

/// `/{module}` and `/{module}/{id}` with their actions.
fn record_routes() -> Router<Arc<Shared>> {
    use records::{convert, crud, deleted, search, upsert};
    use tags::actions;
    Router::new()
        .route(
            "/crm/v2/{module}",
            get(crud::list)
                .post(crud::insert)
                .put(crud::update_many)
                .delete(crud::delete_many),
        )
        .route(
            "/crm/v2/{module}/{id}",
            get(crud::get_one)
                .put(crud::update_one)
                .delete(crud::delete_one),
        )
        .route("/crm/{version}/{module}", get(crud::list_versioned))
        .route("/crm/v2/{module}/upsert", post(upsert::upsert))
        .route("/crm/v2/{module}/search", get(search::search))
        .route("/crm/v2/{module}/deleted", get(deleted::deleted))
        .route("/crm/v2/{module}/actions/add_tags", post(actions::add_many))
        .route(
            "/crm/v2/{module}/actions/remove_tags",
            post(actions::remove_many),
        )
        .route(
            "/crm/v2/{module}/{id}/actions/add_tags",
            post(actions::add_one),
        )
        .route(
            "/crm/v2/{module}/{id}/actions/remove_tags",
            post(actions::remove_one),
        )
        .route(
            "/crm/v2/{module}/{id}/actions/convert",
            post(convert::convert),
        )
}

/// What hangs off one record: notes, attachments, photo and related lists.
fn record_child_routes() -> Router<Arc<Shared>> {
    use relations::{relate, related};
    Router::new()
        .route(
            "/crm/v2/{module}/{id}/Notes",
            get(notes::list).post(notes::create),
        )
        .route(
            "/crm/v2/{module}/{id}/Notes/{note_id}",
            put(notes::update).delete(notes::remove),
        )
        .route(
            "/crm/v2/{module}/{id}/Attachments",
            get(attachments::list).post(attachments::upload),
        )
        .route(
            "/crm/v2/{module}/{id}/Attachments/{attachment_id}",
            get(attachments::download).delete(attachments::remove),
        )
        .route(
            "/crm/v2/{module}/{id}/photo",
            get(photos::download)
                .post(photos::upload)
                .delete(photos::remove),
        )
        .route(
            "/crm/v2/{module}/{id}/{related}",
            get(related::list)
                .put(relate::update_many)
                .delete(relate::delete_many),
        )
        .route(
            "/crm/v2/{module}/{id}/{related}/{related_id}",
            put(relate::update_one).delete(relate::delete_one),
        )
}
