//! Identifiers in Zoho's shapes: 19-digit record ids (as strings) and `1000.<hex>.<hex>` tokens.

use rand::Rng;

/// Hands out increasing record ids in one org's id space, like Zoho's `4150868000000225013`.
#[derive(Debug)]
pub(crate) struct IdGen {
    next: u64,
}

impl IdGen {
    pub(crate) fn new(first: u64) -> Self {
        IdGen { next: first }
    }

    pub(crate) fn next_id(&mut self) -> String {
        let id = self.next;
        self.next += 1;
        id.to_string()
    }
}

/// A token or grant code: `1000.` followed by two groups of 32 random hex digits.
pub(crate) fn token() -> String {
    format!("1000.{}.{}", hex32(), hex32())
}

fn hex32() -> String {
    let bytes: [u8; 16] = rand::thread_rng().gen();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn token_shape() {
        let t = super::token();
        let parts: Vec<&str> = t.split('.').collect();
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0], "1000");
        assert!(parts[1..]
            .iter()
            .all(|p| p.len() == 32 && p.chars().all(|c| c.is_ascii_hexdigit())));
    }
}
