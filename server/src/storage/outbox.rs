//! The outbox's rows: what happened to comments, and the mails and webhook calls it
//! causes, as [`super::Storage`] hands them to the notifier and takes them back.

use super::StorageError;
use confab_api::{self as wire, Block, CommentId, CommentStatus};

/// What happened to a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// A reader posted it (published or held).
    Created,
    /// A moderator published it.
    Approved,
    /// Its author or a moderator deleted it.
    Deleted,
    /// Its author changed its text.
    Edited,
    /// Its author's edit put it back in the moderators' queue (readers no longer see it).
    Held,
    /// A moderator marked it as spam (an outside spam check hears of it; readers of a
    /// published one hear of its removal through a `Deleted` event).
    Spam,
}

impl EventKind {
    /// The label stored in the outbox (and sent to webhooks as `comment.<label>`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Approved => "approved",
            Self::Deleted => "deleted",
            Self::Edited => "edited",
            Self::Held => "held",
            Self::Spam => "spam",
        }
    }

    /// The kind a stored label names.
    pub fn from_label(label: &str) -> Option<Self> {
        [
            Self::Created,
            Self::Approved,
            Self::Deleted,
            Self::Edited,
            Self::Held,
            Self::Spam,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == label)
    }
}

/// An event waiting to be turned into deliveries, with the comment as it is now.
#[derive(Debug, Clone)]
pub struct OutboxEvent {
    pub id: i64,
    pub kind: EventKind,
    /// For a new comment: its status when it was stored (published or held); for a
    /// moderator's decision: its status before.
    pub created_status: Option<CommentStatus>,
    pub comment: EventComment,
}

/// The comment an event is about (its text and author are empty once it is deleted).
#[derive(Debug, Clone)]
pub struct EventComment {
    pub id: CommentId,
    pub thread_key: String,
    pub thread_title: Option<String>,
    pub thread_url: Option<String>,
    pub parent_id: Option<CommentId>,
    pub status: CommentStatus,
    pub author_name: String,
    pub author_email: Option<String>,
    pub author_website: Option<String>,
    pub client_address: Option<String>,
    /// Whether its author asked to hear of replies.
    pub notify_replies: bool,
    /// The language of the author's widget, if known.
    pub lang: Option<String>,
    pub body: Vec<Block>,
    /// Milliseconds since the Unix epoch.
    pub created_at: i64,
    /// When its text was last changed (milliseconds since the epoch), if ever: the version
    /// of the text a moderation link approves.
    pub edited_at: Option<i64>,
    /// The author of the comment it answers, if any.
    pub parent: Option<ParentAuthor>,
}

/// A change readers of a thread can see, numbered by its outbox event.
#[derive(Debug, Clone)]
pub struct StoredChange {
    /// The outbox event's id: increasing, for `Last-Event-ID`.
    pub id: i64,
    /// The thread's stored key.
    pub thread_key: String,
    pub change: confab_api::ThreadChange,
}

/// The changes found among a run of outbox events.
#[derive(Debug, Clone)]
pub struct ChangesPage {
    pub changes: Vec<StoredChange>,
    /// The id of the last event read (visible to readers or not); the next run starts here.
    pub last_read: i64,
    /// Whether no further event was waiting.
    pub complete: bool,
}

/// Who wrote the comment a reply answers, and whether they want to hear of replies.
#[derive(Debug, Clone)]
pub struct ParentAuthor {
    pub name: String,
    pub email: Option<String>,
    pub notify_replies: bool,
    pub status: CommentStatus,
    /// The language of their widget, if known.
    pub lang: Option<String>,
}

/// Why a delivery is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A site owner hears of a new comment.
    Owner,
    /// A commenter hears of a reply.
    Reply,
    /// An address that asked for reply notifications is asked to confirm.
    Confirm,
    /// A configured URL receives the event as JSON.
    Webhook,
    /// A moderators' chat hears of a new comment.
    Chat,
    /// A commenter gets the link to the page of their own comments.
    Manage,
    /// An outside spam check (Akismet's API) is asked about a new comment, or told of a
    /// moderator's decision.
    Akismet,
}

impl Purpose {
    /// The label stored with the delivery.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Reply => "reply",
            Self::Confirm => "confirm",
            Self::Webhook => "webhook",
            Self::Chat => "chat",
            Self::Manage => "manage",
            Self::Akismet => "akismet",
        }
    }

    /// The purpose a stored label names.
    pub fn from_label(label: &str) -> Option<Self> {
        [
            Self::Owner,
            Self::Reply,
            Self::Confirm,
            Self::Webhook,
            Self::Chat,
            Self::Manage,
            Self::Akismet,
        ]
        .into_iter()
        .find(|purpose| purpose.as_str() == label)
    }
}

/// A delivery to write: to whom, and exactly what (rendered once).
#[derive(Debug, Clone)]
pub struct NewDelivery {
    pub purpose: Purpose,
    pub recipient: String,
    pub payload: String,
}

/// What one event causes, written when the event is marked done.
#[derive(Debug, Clone)]
pub struct Expansion {
    pub event_id: i64,
    pub comment_id: CommentId,
    pub deliveries: Vec<NewDelivery>,
    /// A confirmation mail, written only if its address may get one now.
    pub confirmation: Option<ConfirmationRequest>,
}

/// How long sent (or given up) deliveries and done events are kept.
pub const OUTBOX_KEEP_MILLIS: i64 = 30 * 24 * 60 * 60 * 1000;

/// A confirmation mail to send with an event's deliveries, if the address may get one.
#[derive(Debug, Clone)]
pub struct ConfirmationRequest {
    /// The address, lower-cased.
    pub address: String,
    /// The client that asked, for the per-client limit (see `notify::client_key`).
    pub client: String,
    pub delivery: NewDelivery,
}

/// A delivery due to be attempted.
#[derive(Debug, Clone)]
pub struct DueDelivery {
    pub id: i64,
    pub purpose: Purpose,
    pub recipient: String,
    pub payload: String,
    /// Attempts made so far.
    pub attempts: u32,
}

/// How one attempt at a delivery went.
#[derive(Debug, Clone)]
pub enum AttemptOutcome {
    Sent,
    /// Failed; try again at `retry_at` (milliseconds since the epoch).
    Failed {
        error: String,
        retry_at: i64,
    },
    /// Failed for the last time.
    GaveUp {
        error: String,
    },
}

/// Where an address stands with reply notifications.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressState {
    /// Asked, not yet confirmed: it gets nothing but one confirmation mail.
    Pending,
    Confirmed,
    /// Gets nothing until it asks and confirms again.
    Unsubscribed,
}

impl AddressState {
    /// The label stored for the address.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Confirmed => "confirmed",
            Self::Unsubscribed => "unsubscribed",
        }
    }

    /// The state a stored label names.
    pub fn from_label(label: &str) -> Option<Self> {
        [Self::Pending, Self::Confirmed, Self::Unsubscribed]
            .into_iter()
            .find(|state| state.as_str() == label)
    }
}

/// What a link in a mail does to an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressChange {
    /// A pending address is confirmed (an address that unsubscribed stays so).
    Confirm,
    /// The address gets nothing from now on (its row is made if needed).
    Unsubscribe,
    /// An address that unsubscribed (or waits) asks again, from the unsubscribe page a
    /// mail sent to it led to: confirmed at once.
    Resubscribe,
}

/// How long a pending address waits before it may get another confirmation mail.
pub const CONFIRMATION_RESEND_MILLIS: i64 = 7 * 24 * 60 * 60 * 1000;

/// Confirmation mails one client may cause per hour.
pub const CONFIRMATIONS_PER_CLIENT_PER_HOUR: i64 = 5;

/// What notifications and live updates need from a database: the outbox's events, the
/// deliveries they cause, the addresses that asked for reply mails, and the changes
/// readers see.
#[async_trait::async_trait]
pub trait Outbox: Send + Sync {
    /// A number that changes whenever a write through this handle may have changed what
    /// readers see (answers cached under an older number are stale, and watchers of the
    /// outbox look again).
    /// What an operator watches: held and spam comments, deliveries waiting and given
    /// up, and the database pools' connections.
    async fn operations(&self) -> Result<Operations, StorageError>;

    fn generation(&self) -> u64;

    /// Outbox events not yet turned into deliveries, oldest first (the id alone of an
    /// event that cannot be read).
    async fn waiting_events(
        &self,
        limit: usize,
    ) -> Result<Vec<Result<OutboxEvent, i64>>, StorageError>;

    /// Writes the deliveries of several events (and their confirmation mails, when the
    /// addresses may get one) and marks the events done, all in one transaction.
    async fn expand_events(&self, expansions: Vec<Expansion>) -> Result<(), StorageError>;

    /// Marks every waiting event done without deliveries (nothing is configured to send).
    async fn finish_waiting_events(&self) -> Result<(), StorageError>;

    /// Forgets deliveries sent or given up, and events done, before `before`.
    async fn prune_outbox(&self, before: i64) -> Result<(), StorageError>;

    /// Claims up to `limit` deliveries due at `now` (milliseconds), oldest first: none of
    /// them is due again, for this or any other server, before `claimed_until`, by when its
    /// attempt should have been recorded. A server that dies mid-attempt leaves the
    /// delivery to be tried again after that.
    async fn claim_due_deliveries(
        &self,
        now: i64,
        limit: usize,
        claimed_until: i64,
    ) -> Result<Vec<DueDelivery>, StorageError>;

    /// Records how an attempt at delivery `id` went.
    async fn delivery_attempted(
        &self,
        id: i64,
        outcome: &AttemptOutcome,
    ) -> Result<(), StorageError>;

    /// The latest deliveries (of one purpose, or all), newest first.
    async fn deliveries(
        &self,
        purpose: Option<Purpose>,
        limit: usize,
    ) -> Result<Vec<wire::Delivery>, StorageError>;

    /// Where `address` (lower-cased) stands with reply notifications.
    async fn address_state(&self, address: &str) -> Result<Option<AddressState>, StorageError>;

    /// Changes where `address` (lower-cased) stands (see [`AddressChange`]); returns
    /// whether it changed.
    async fn change_address(
        &self,
        address: &str,
        change: AddressChange,
    ) -> Result<bool, StorageError>;

    /// Changes readers can see among the next `limit` outbox events after `after`, oldest
    /// first: of thread `thread` (a stored key), or of every thread.
    async fn thread_changes(
        &self,
        thread: Option<&str>,
        after: i64,
        limit: usize,
    ) -> Result<ChangesPage, StorageError>;

    /// The id of the latest outbox event (0 before the first).
    async fn latest_event_id(&self) -> Result<i64, StorageError>;

    /// Marks comment `id` as spam because the outside `service` said so, noting `note` on
    /// it, unless a moderator decided on it already or it is no longer published or held
    /// (then nothing changes): returns whether it was marked.
    async fn mark_spam_for_service(
        &self,
        id: CommentId,
        service: &str,
        note: &str,
    ) -> Result<bool, StorageError>;
}

/// The numbers `/metrics` gives of the database.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Operations {
    pub held: i64,
    pub spam: i64,
    /// Mails, webhook calls and chat messages not sent yet (nor given up).
    pub deliveries_waiting: i64,
    /// Deliveries given up after their last retry.
    pub deliveries_given_up: i64,
    /// Connections of the reading and the writing pool: open, and idle among them.
    pub reader_connections: (u32, u32),
    pub writer_connections: (u32, u32),
}
