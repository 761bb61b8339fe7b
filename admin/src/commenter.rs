//! Who a commenter is, as the screen names them (an email, a signed-in identity or a
//! client address), and how a comment's details open that commenter's page.

use crate::filters::Filters;
use confab_api::{Rule, RuleAction, RuleKind};
use leptos::prelude::*;

/// One commenter, by what their comments have in common.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Commenter {
    Email(String),
    Identity(String),
    Address(String),
}

impl Commenter {
    /// The list's filter that finds their comments.
    pub fn query(&self) -> (&'static str, String) {
        match self {
            Self::Email(email) => ("email", email.clone()),
            Self::Identity(identity) => ("identity", identity.clone()),
            Self::Address(address) => ("client", address.clone()),
        }
    }

    /// The rule that sends their new comments to Spam, on every site.
    pub fn blocking_rule(&self) -> Rule {
        let (kind, pattern) = match self {
            Self::Email(email) => (RuleKind::Email, email),
            Self::Identity(identity) => (RuleKind::Identity, identity),
            Self::Address(address) => (RuleKind::Address, address),
        };
        Rule {
            id: None,
            site: None,
            kind,
            pattern: pattern.clone(),
            action: RuleAction::Spam,
            message: None,
        }
    }

    /// The list's filters, set to find their comments.
    pub fn filters(&self) -> Filters {
        let filters = Filters::default();
        let field = match self {
            Self::Email(_) => filters.email,
            Self::Identity(_) => filters.identity,
            Self::Address(_) => filters.client,
        };
        field.set(self.query().1);
        filters
    }
}

/// Opens a commenter's page; provided by the screen to every comment's details.
#[derive(Clone, Copy)]
pub struct OpenCommenter(pub Callback<Commenter>);

/// A comment's email, identity or address as a button that opens that commenter's page
/// (plain text where the screen offers no such page).
pub fn commenter_button(class: &'static str, commenter: Commenter) -> impl IntoView {
    let text = commenter.query().1;
    match use_context::<OpenCommenter>() {
        Some(OpenCommenter(open)) => view! {
            <button type="button" class=format!("commenter {class}")
                title="Every comment by this commenter"
                on:click=move |_| open.run(commenter.clone())>
                {text}
            </button>
        }
        .into_any(),
        None => view! { <span class=class>{text}</span> }.into_any(),
    }
}
