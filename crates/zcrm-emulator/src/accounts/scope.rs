//! OAuth scopes: `service.scope_name.OPERATION` ("ZohoCRM.modules.leads.READ"), listed with
//! commas in the consent request (<https://www.zoho.com/accounts/protocol/oauth/scope.html>).
//! A grant carries the scopes it was asked with; its refresh and access tokens inherit them.

/// What a grant, and every token minted from it, may do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Scopes {
    /// Grants issued through the admin API or `Emulator::issue_grant`: a test that does not
    /// care about scopes gets a token that can do everything.
    Everything,
    Granted(Vec<Scope>),
}

/// One scope, lower-cased: `service` and the dotted `name` parts, then the operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Scope {
    service: String,
    name: Vec<String>,
    operation: String,
}

const ALL: &str = "all";

impl Scope {
    /// `ZohoCRM.modules.ALL`; `None` for fewer than three dotted parts.
    pub(crate) fn parse(text: &str) -> Option<Scope> {
        let mut parts: Vec<String> = text.trim().split('.').map(str::to_lowercase).collect();
        if parts.len() < 3 || parts.iter().any(String::is_empty) {
            return None;
        }
        let operation = parts.pop()?;
        let service = parts.remove(0);
        Some(Scope {
            service,
            name: parts,
            operation,
        })
    }

    /// `ZohoCRM.modules.ALL` covers `ZohoCRM.modules.leads.READ`: same service, a name that
    /// is a prefix of the wanted one, and the same operation or ALL. Zoho documents "ALL gives
    /// access to perform all operations"; that a broader name covers its parts is the
    /// reading of the CRM pages' "ZohoCRM.modules.ALL (or) ZohoCRM.modules.{module}.{op}".
    fn covers(&self, wanted: &Scope) -> bool {
        self.service == wanted.service
            && wanted.name.starts_with(&self.name)
            && (self.operation == ALL || same_operation(&self.operation, &wanted.operation))
    }
}

/// The CRM pages call editing WRITE, the Accounts page UPDATE.
fn same_operation(a: &str, b: &str) -> bool {
    let canonical = |op: &str| if op == "update" { "write" } else { op }.to_string();
    canonical(a) == canonical(b)
}

impl Scopes {
    /// The `scope` parameter of a consent request; unreadable items are dropped.
    pub(crate) fn parse(text: &str) -> Scopes {
        Scopes::Granted(
            text.split([',', ' '])
                .filter(|item| !item.trim().is_empty())
                .filter_map(Scope::parse)
                .collect(),
        )
    }

    pub(crate) fn allow(&self, wanted: &Scope) -> bool {
        match self {
            Scopes::Everything => true,
            Scopes::Granted(scopes) => scopes.iter().any(|s| s.covers(wanted)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(text: &str) -> Scope {
        Scope::parse(text).unwrap_or_else(|| panic!("{text} parses"))
    }

    #[test]
    fn broader_scopes_cover_narrower_ones() {
        let granted = Scopes::parse("ZohoCRM.modules.ALL,ZohoCRM.settings.fields.READ");
        assert!(granted.allow(&scope("ZohoCRM.modules.leads.READ")));
        assert!(granted.allow(&scope("zohocrm.modules.deals.delete")));
        assert!(granted.allow(&scope("ZohoCRM.settings.fields.READ")));
        assert!(!granted.allow(&scope("ZohoCRM.settings.layouts.READ")));
        assert!(!granted.allow(&scope("ZohoCRM.users.READ")));
        assert!(!granted.allow(&scope("AaaServer.profile.READ")));
        assert!(Scopes::Everything.allow(&scope("AaaServer.profile.READ")));
    }

    #[test]
    fn operations_must_match_unless_all() {
        let granted = Scopes::parse("ZohoCRM.modules.leads.READ ZohoCRM.modules.deals.UPDATE");
        assert!(granted.allow(&scope("ZohoCRM.modules.leads.READ")));
        assert!(!granted.allow(&scope("ZohoCRM.modules.leads.CREATE")));
        assert!(granted.allow(&scope("ZohoCRM.modules.deals.WRITE")));
        assert_eq!(Scope::parse("ZohoCRM.modules"), None);
    }
}
