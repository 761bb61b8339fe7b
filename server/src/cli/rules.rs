//! `confab-server rules list|add|remove`: the stored rules on new comments from the
//! command line, checked as the moderators' screen checks them and logged as done by
//! “command line”.

use crate::cli::options::{RuleOptions, RulesCommand};
use crate::rules::{self, Rule, RuleAction, RuleKind};
use crate::settings::Sites;
use crate::storage::Storage;

/// Who the log says acted.
const ACTOR: &str = "command line";

/// Runs one `rules` command and prints what it did.
pub async fn run(
    command: &RulesCommand,
    storage: &dyn Storage,
    sites: &Sites,
) -> Result<(), Box<dyn std::error::Error>> {
    match command {
        RulesCommand::List => {
            for rule in storage.rules().await? {
                println!("{}", line(&rule));
            }
        }
        RulesCommand::Add(options) => {
            let rule = rule_of(options)?;
            let site_names: Vec<&str> = sites.iter().map(|site| site.name.as_str()).collect();
            let mut rule = rules::check(rule, &site_names)?.rule;
            rule.id = Some(storage.add_rule(&rule, ACTOR).await?);
            println!("Added {}", line(&rule));
        }
        RulesCommand::Remove(rule) => {
            if !storage.remove_rule(rule.id, ACTOR).await? {
                return Err(format!("--id: there is no rule {}", rule.id).into());
            }
            println!("Removed rule {}", rule.id);
        }
    }
    Ok(())
}

fn rule_of(options: &RuleOptions) -> Result<Rule, String> {
    let kind = RuleKind::from_name(&options.kind).ok_or_else(|| {
        let kinds: Vec<&str> = RuleKind::ALL.iter().map(|kind| kind.as_str()).collect();
        format!("--kind: one of {}", kinds.join(", "))
    })?;
    let action = RuleAction::from_name(&options.action)
        .ok_or("--action: one of refuse, hold, spam, shadow")?;
    Ok(Rule {
        id: None,
        site: options.site.clone(),
        kind,
        pattern: options.pattern.clone(),
        action,
        message: options.message.clone(),
    })
}

/// One rule on one line: `rule 3 (shop): link "casino.example" -> refuse "No casinos."`.
fn line(rule: &Rule) -> String {
    format!(
        "rule {} ({}): {} {:?} -> {}{}",
        rule.id.unwrap_or_default(),
        rule.site.as_deref().unwrap_or("every site"),
        rule.kind.as_str(),
        rule.pattern,
        rule.action.as_str(),
        rule.message
            .as_deref()
            .map(|message| format!(" {message:?}"))
            .unwrap_or_default()
    )
}
