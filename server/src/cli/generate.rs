//! Deterministic threads of realistic shape, for tests and benchmarks: varied lengths,
//! replies nested up to ten deep, some deleted, some by the post author.

use crate::identity;
use crate::storage::{Archives, CommentToStore, SeedComment, StorageError, ThreadToStore};
use confab_api::{Badge, CommentKind, CommentStatus, markdown};

/// How deep generated replies nest at most.
pub const MAX_GENERATED_DEPTH: usize = 10;

const WORDS: &[&str] = &[
    "social",
    "media",
    "health",
    "care",
    "patients",
    "doctors",
    "trust",
    "community",
    "conversation",
    "evolving",
    "learning",
    "share",
    "knowledge",
    "innovation",
    "Twitter",
    "echo",
    "chamber",
    "data",
    "results",
    "time",
    "cost",
    "question",
    "answer",
    "point",
    "agree",
    "wonder",
    "perhaps",
    "really",
    "important",
    "simple",
    "hospital",
    "nurse",
];

const NAMES: &[&str] = &[
    "Ann Lee",
    "Bruno Costa",
    "Chidi Okafor",
    "Dana Kim",
    "Elif Şahin",
    "Farah Haddad",
    "Gustav Berg",
    "Hana Sato",
    "Ines Duarte",
    "Jonas Weber",
    "Kalani Akana",
    "Liam Walsh",
];

/// A small, seedable pseudo-random generator (xorshift64*): the same seed, the same thread.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, bound: usize) -> usize {
        usize::try_from(self.next() % bound.max(1) as u64).unwrap_or(0)
    }
}

/// A body of one to several sentences, sometimes in two paragraphs, sometimes emphasised.
fn body(random: &mut Random) -> String {
    let sentences = 1 + random.below(6);
    let mut text = String::new();
    for index in 0..sentences {
        let words = 4 + random.below(14);
        let sentence: Vec<&str> = (0..words)
            .map(|_| WORDS[random.below(WORDS.len())])
            .collect();
        let mut sentence = sentence.join(" ");
        if random.below(8) == 0 {
            sentence = format!("*{sentence}*");
        }
        text.push_str(&sentence);
        text.push_str(if index + 1 == sentences { "." } else { ". " });
        if random.below(5) == 0 && index + 1 < sentences {
            text.push_str("\n\n");
        }
    }
    text
}

/// Generates `count` comments for `thread` from `seed`.
pub fn thread(thread: &str, count: usize, seed: u64, server_key: &str) -> Vec<SeedComment> {
    let mut random = Random(seed.max(1));
    let mut depths: Vec<usize> = Vec::with_capacity(count);
    let mut comments = Vec::with_capacity(count);
    let start = 1_600_000_000_000_i64;
    for index in 0..count {
        let parent = if index == 0 || random.below(4) == 0 {
            None
        } else {
            let recent = index.saturating_sub(1 + random.below(40));
            Some(recent).filter(|&parent| depths[parent] < MAX_GENERATED_DEPTH)
        };
        depths.push(parent.map_or(0, |parent| depths[parent] + 1));
        let by_post_author = random.below(30) == 0;
        let name = if by_post_author {
            "Liza Sisler"
        } else {
            NAMES[random.below(NAMES.len())]
        };
        let text = body(&mut random);
        comments.push(SeedComment {
            parent_index: parent,
            comment: CommentToStore {
                thread: ThreadToStore {
                    key: thread.to_owned(),
                    title: Some("A generated thread".to_owned()),
                    url: None,
                },
                parent_id: None,
                kind: CommentKind::Comment,
                status: CommentStatus::Published,
                author_name: name.to_owned(),
                author_email: None,
                author_website: None,
                avatar_seed: identity::avatar_seed(server_key, None, name),
                badge: by_post_author.then_some(Badge::PostAuthor),
                body: markdown::to_blocks(&text),
                body_markdown: text,
                edit_token_hash: None,
                client_address: None,
                author_identity: None,
                author_voter: None,
                up_votes: 0,
                down_votes: 0,
                reactions: Default::default(),
                notify_replies: false,
                lang: None,
                created_at: start + i64::try_from(index).unwrap_or(0) * 60_000,
            },
        });
    }
    let has_replies: std::collections::HashSet<usize> = comments
        .iter()
        .filter_map(|comment| comment.parent_index)
        .collect();
    for (index, comment) in comments.iter_mut().enumerate() {
        if has_replies.contains(&index) && random.below(40) == 0 {
            let deleted = &mut comment.comment;
            deleted.status = CommentStatus::Deleted;
            deleted.author_name = String::new();
            deleted.badge = None;
            deleted.body = Vec::new();
            deleted.body_markdown = String::new();
        }
    }
    comments
}

/// Stores a generated thread once (a second run with the same settings stores nothing).
pub async fn store(
    storage: &dyn Archives,
    server_key: &str,
    key: &str,
    count: usize,
    seed: u64,
) -> Result<bool, StorageError> {
    let marker = format!("generated:{key}:{count}:{seed}");
    storage
        .seed_once(&marker, thread(key, count, seed, server_key))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_thread() {
        let first = thread("/t/", 200, 7, "k");
        let second = thread("/t/", 200, 7, "k");
        let shape = |comments: &[SeedComment]| -> Vec<(Option<usize>, String)> {
            comments
                .iter()
                .map(|c| (c.parent_index, c.comment.body_markdown.clone()))
                .collect()
        };
        assert_eq!(shape(&first), shape(&second));
        assert_ne!(shape(&first), shape(&thread("/t/", 200, 8, "k")));
    }

    #[test]
    fn threads_have_the_promised_shape() {
        let comments = thread("/t/", 2000, 3, "k");
        let mut depth = vec![0; comments.len()];
        for (index, comment) in comments.iter().enumerate() {
            if let Some(parent) = comment.parent_index {
                assert!(parent < index);
                depth[index] = depth[parent] + 1;
            }
        }
        assert!(depth.iter().all(|&d| d <= MAX_GENERATED_DEPTH));
        assert!(depth.iter().any(|&d| d >= 5), "some replies nest deeply");
        assert!(
            comments
                .iter()
                .any(|c| c.comment.status == CommentStatus::Deleted)
        );
        assert!(
            comments
                .iter()
                .any(|c| c.comment.badge == Some(Badge::PostAuthor))
        );
    }
}
