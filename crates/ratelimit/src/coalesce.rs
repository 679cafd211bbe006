//! Concurrent checks of one key on one thread share one Redis call.
//!
//! A partner's devices usually share its API key, so a gateway worker often holds many
//! requests of one key at once. Without this, each made its own `EVALSHA`: Redis ran the
//! script once per request (~15 µs of its CPU each) and the worker encoded and decoded each.
//! Now the first check of a key on a thread calls Redis alone; the checks of the same key
//! (and limits) that arrive on that thread while the call is in flight wait for it, then go
//! together as one call deciding `n` requests: the script admits as many as fit, in order,
//! exactly as `n` calls at that instant would (see `redis_store`). A check waits at most for
//! the call in flight plus its own.
//!
//! Groups are per thread (an actix worker is one thread): merging across threads would wake
//! a request on another thread for its answer. The thread is the one the first check of the
//! group ran on; a future that moves threads stays in its group, which only costs locality.
//!
//! Cancellation: the limiter bounds every check by a timeout, so a leader may be dropped with
//! its call in flight. Its guard then hands the lead to the first of its members still
//! waiting (with the others), so nobody waits for an answer that will never come. Members
//! that have gone away are not counted in a later call; one dropped while its call was in
//! flight was counted in Redis, like any check whose answer arrived after its timeout.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::thread::{self, ThreadId};

use tokio::sync::oneshot;

use crate::error::Error;
use crate::model::{Decision, Limits};

type GroupKey = (ThreadId, String, Limits);

/// What a waiting check is told: its decision, or that it leads the next call, for itself
/// and the checks handed to it.
enum Turn {
    Done(Result<Decision, Error>),
    Lead(Vec<Member>),
}

type Member = oneshot::Sender<Turn>;

/// The groups with a call in flight, each with the checks waiting for the next call.
#[derive(Default)]
pub(crate) struct Coalescer {
    groups: Mutex<HashMap<GroupKey, Vec<Member>>>,
}

impl Coalescer {
    /// Decides one check of `key`: `call(n)` decides `n` requests at once and returns their
    /// decisions in order (the first is the caller's own).
    pub async fn check<F, Fut>(
        &self,
        key: &str,
        limits: &Limits,
        call: F,
    ) -> Result<Decision, Error>
    where
        F: Fn(usize) -> Fut,
        Fut: Future<Output = Result<Vec<Decision>, Error>>,
    {
        let group = (thread::current().id(), key.to_owned(), *limits);
        let members = match self.join(&group) {
            None => Vec::new(),
            Some(turn) => match turn.await {
                Ok(Turn::Done(result)) => return result,
                Ok(Turn::Lead(members)) => members,
                // Unreachable: a leader hands its members on when it is dropped.
                Err(_) => return Err(Error::Shared("coalesced call abandoned".into())),
            },
        };
        let mut lead = Lead {
            coalescer: self,
            group,
            members,
            finished: false,
        };
        let result = call(1 + lead.members.len()).await;
        lead.finish(result)
    }

    /// Joins `group`: waits for its call in flight (the receiver of this check's turn), or,
    /// with none, starts the group and leads its first call (`None`).
    fn join(&self, group: &GroupKey) -> Option<oneshot::Receiver<Turn>> {
        let mut groups = self.lock();
        if let Some(waiting) = groups.get_mut(group) {
            let (tx, rx) = oneshot::channel();
            waiting.push(tx);
            return Some(rx);
        }
        groups.insert(group.clone(), Vec::new());
        None
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<GroupKey, Vec<Member>>> {
        self.groups.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Passes the group's next call to the first of `members` still waiting, or, with none,
    /// ends the group.
    fn hand_over(&self, group: &GroupKey, mut members: Vec<Member>) {
        let mut groups = self.lock();
        if let Some(waiting) = groups.get_mut(group) {
            members.append(waiting);
        }
        members.retain(|m| !m.is_closed());
        while !members.is_empty() {
            let next = members.remove(0);
            match next.send(Turn::Lead(members)) {
                Ok(()) => return,
                // Gone in the meantime: the next one leads.
                Err(Turn::Lead(rest)) => members = rest,
                Err(Turn::Done(_)) => return,
            }
        }
        groups.remove(group);
    }

    #[cfg(test)]
    pub fn groups(&self) -> usize {
        self.lock().len()
    }
}

/// The check running a group's call, for itself and `members`.
struct Lead<'a> {
    coalescer: &'a Coalescer,
    group: GroupKey,
    members: Vec<Member>,
    finished: bool,
}

impl Lead<'_> {
    /// Answers the members, hands the group on and returns the leader's own decision.
    fn finish(&mut self, result: Result<Vec<Decision>, Error>) -> Result<Decision, Error> {
        let members = std::mem::take(&mut self.members);
        let checks = members.len() + 1;
        let result = result.and_then(|decisions| match decisions.len() {
            len if len == checks => Ok(decisions),
            len => Err(Error::UnexpectedReply(format!(
                "{len} decisions for {checks} checks"
            ))),
        });
        let own = match result {
            Ok(decisions) => {
                let mut decisions = decisions.into_iter();
                let own = decisions.next();
                for (member, decision) in members.into_iter().zip(decisions) {
                    // A member that went away was counted all the same (see the module docs).
                    let _ = member.send(Turn::Done(Ok(decision)));
                }
                own.ok_or_else(|| Error::UnexpectedReply("no decision".into()))
            }
            Err(error) => {
                let shared = error.to_string();
                for member in members {
                    let _ = member.send(Turn::Done(Err(Error::Shared(shared.clone()))));
                }
                Err(error)
            }
        };
        self.finished = true;
        self.coalescer.hand_over(&self.group, Vec::new());
        own
    }
}

impl Drop for Lead<'_> {
    /// Dropped with its call in flight (timed out or cancelled): the members it was calling
    /// for have no answer yet, so they go first in the next call; with none, whoever waits
    /// for the next call gets it.
    fn drop(&mut self) {
        if !self.finished {
            let members = std::mem::take(&mut self.members);
            self.coalescer.hand_over(&self.group, members);
        }
    }
}
