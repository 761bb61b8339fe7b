//! The comment list's filters: what the search box and the “Filters” fields ask the
//! server for, as signals the form binds and the list reads.

use leptos::prelude::*;

/// Every filter of the list, as typed (an empty field filters nothing).
#[derive(Debug, Clone, Copy)]
pub struct Filters {
    pub text: RwSignal<String>,
    pub thread: RwSignal<String>,
    pub author: RwSignal<String>,
    pub email: RwSignal<String>,
    pub identity: RwSignal<String>,
    pub address: RwSignal<String>,
    /// A whole client address (one commenter's page); not a field of the form.
    pub client: RwSignal<String>,
    pub since: RwSignal<String>,
    pub until: RwSignal<String>,
}

impl Default for Filters {
    fn default() -> Self {
        let field = || RwSignal::new(String::new());
        Self {
            text: field(),
            thread: field(),
            author: field(),
            email: field(),
            identity: field(),
            address: field(),
            client: field(),
            since: field(),
            until: field(),
        }
    }
}

impl Filters {
    /// The query's pairs, without the empty ones.
    pub fn query(&self) -> Vec<(&'static str, String)> {
        [
            ("q", self.text),
            ("thread", self.thread),
            ("author", self.author),
            ("email", self.email),
            ("identity", self.identity),
            ("address", self.address),
            ("client", self.client),
            ("since", self.since),
            ("until", self.until),
        ]
        .into_iter()
        .map(|(name, field)| (name, field.get_untracked().trim().to_owned()))
        .filter(|(_, value)| !value.is_empty())
        .collect()
    }
}

/// The search box, and the other filters folded under “Filters”; submitting searches.
pub fn search_form(filters: Filters, search: impl Fn() + Copy + 'static) -> impl IntoView {
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        search();
    };
    let field = |label: &'static str, name: &'static str, kind: &'static str, value| {
        view! {
            <label>{label} <input type=kind name=name bind:value=value /></label>
        }
    };
    view! {
        <form class="search" role="search" on:submit=submit>
            <div class="search-line">
                <input
                    type="search"
                    name="q"
                    aria-label="Search by author, email or text"
                    placeholder="Search by author, email or text"
                    bind:value=filters.text
                />
                <button type="submit">"Search"</button>
            </div>
            <details class="filters">
                <summary>"Filters"</summary>
                <div class="filter-fields">
                    {field("Thread (its key, whole) ", "thread", "text", filters.thread)}
                    {field("Author's name ", "author", "text", filters.author)}
                    {field("Email (whole) ", "email", "text", filters.email)}
                    {field("Signed-in identity (whole) ", "identity", "text", filters.identity)}
                    {field("Address (or its start) ", "address", "text", filters.address)}
                    {field("From ", "since", "date", filters.since)}
                    {field("To ", "until", "date", filters.until)}
                </div>
            </details>
        </form>
    }
}
