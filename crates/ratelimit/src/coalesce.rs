//! Concurrent checks on one thread share one Redis call, whatever their keys.
//!
//! A gateway worker holds many requests at once, of one partner's key or of many. Without
//! this, each made its own `EVALSHA`: Redis ran the script once per request (28 µs of its CPU
//! each on the benchmark box, about 40 % of it the call rather than the counting) and the
//! worker encoded, sent, woke for and decoded each. Now the first check on a thread calls
//! Redis alone; the checks that arrive on that thread while the call is in flight wait for
//! it, then go together as one call: one [`Entry`] per distinct key and limits, deciding `n`
//! requests of that key. The script runs the entries one after another and admits, per
//! entry, as many as fit, in order, exactly as `n` calls of that key at that instant would
//! (see `redis_store`). A check waits at most for the call in flight plus its own.
//!
//! With [`CallSharing::PerKey`] (a Redis Cluster, where a script may name only one hash slot's
//! keys) only checks of the same key and limits share a call.
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

/// One check: a request of the limited key `key` under `limits`.
#[derive(Debug)]
pub(crate) struct Check {
    pub key: String,
    pub limits: Limits,
}

/// What one call decides for one key and limits: `n` requests arriving together.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub key: String,
    pub limits: Limits,
    pub n: usize,
}

/// Which concurrent checks may share a call.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CallSharing {
    /// All of a thread's concurrent checks, whatever their keys (one Redis).
    #[default]
    AcrossKeys,
    /// Only a thread's concurrent checks of one key under the same limits: every call names
    /// the three keys of one limited key, which share a hash slot (Redis Cluster).
    PerKey,
}

/// The checks that share calls: a thread's, and with [`CallSharing::PerKey`] one key's.
type GroupKey = (ThreadId, Option<(String, Limits)>);

/// What a waiting check is told: its decision, or that it leads the next call, for itself
/// (its check, handed back) and the checks handed to it.
enum Turn {
    Done(Result<Decision, Error>),
    Lead(Check, Vec<Member>),
}

struct Member {
    check: Check,
    turn: oneshot::Sender<Turn>,
}

/// Per group with a call in flight: the checks waiting for the next call.
#[derive(Default)]
pub(crate) struct Coalescer {
    sharing: CallSharing,
    groups: Mutex<HashMap<GroupKey, Vec<Member>>>,
}

impl Coalescer {
    pub fn new(sharing: CallSharing) -> Self {
        Self {
            sharing,
            groups: Mutex::default(),
        }
    }

    /// Decides `check`: `call(entries)` decides every entry's `n` requests in one call and
    /// returns, per entry, their decisions in order (the first entry's first is the caller's).
    pub async fn check<F, Fut>(&self, check: Check, call: F) -> Result<Decision, Error>
    where
        F: FnOnce(Vec<Entry>) -> Fut,
        Fut: Future<Output = Result<Vec<Vec<Decision>>, Error>>,
    {
        let thread = thread::current().id();
        let group = match self.sharing {
            CallSharing::AcrossKeys => (thread, None),
            CallSharing::PerKey => (thread, Some((check.key.clone(), check.limits))),
        };
        let (own, members) = match self.join(&group, check) {
            Ok(own) => (own, Vec::new()),
            Err(turn) => match turn.await {
                Ok(Turn::Done(result)) => return result,
                Ok(Turn::Lead(own, members)) => (own, members),
                // Unreachable: a leader hands its members on when it is dropped.
                Err(_) => return Err(Error::Shared("coalesced call abandoned".into())),
            },
        };
        let (entries, slots) =
            entries(std::iter::once(&own).chain(members.iter().map(|m| &m.check)));
        let mut lead = Lead {
            coalescer: self,
            group,
            members,
            finished: false,
        };
        let result = call(entries).await;
        lead.finish(result, &slots)
    }

    /// Joins `group`: with a call in flight, waits for it (`Err`: the receiver of this check's
    /// turn); with none, starts the group and leads its first call (`Ok`).
    fn join(&self, group: &GroupKey, check: Check) -> Result<Check, oneshot::Receiver<Turn>> {
        let mut groups = self.lock();
        if let Some(waiting) = groups.get_mut(group) {
            let (turn, rx) = oneshot::channel();
            waiting.push(Member { check, turn });
            return Err(rx);
        }
        groups.insert(group.clone(), Vec::new());
        Ok(check)
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<GroupKey, Vec<Member>>> {
        self.groups.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Passes the group's next call to the first of `members` (then of those waiting) still
    /// there, with all the others. With nobody left, ends the group.
    fn hand_over(&self, group: &GroupKey, mut members: Vec<Member>) {
        let mut groups = self.lock();
        if let Some(waiting) = groups.get_mut(group) {
            members.append(waiting);
        }
        members.retain(|m| !m.turn.is_closed());
        while !members.is_empty() {
            let next = members.remove(0);
            match next.turn.send(Turn::Lead(next.check, members)) {
                Ok(()) => return,
                // Gone in the meantime: the next one leads.
                Err(Turn::Lead(_, handed)) => members = handed,
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

/// Where a check's decision is in a call's reply: entry, then position within the entry.
type Slot = (usize, usize);

/// The entries of one call, one per distinct key and limits in order of first appearance,
/// and each check's slot.
fn entries<'a>(checks: impl Iterator<Item = &'a Check>) -> (Vec<Entry>, Vec<Slot>) {
    let mut entries: Vec<Entry> = Vec::new();
    let mut slots = Vec::new();
    for check in checks {
        let found = entries
            .iter()
            .position(|e| e.limits == check.limits && e.key == check.key);
        let slot = match found {
            Some(i) => {
                entries[i].n += 1;
                (i, entries[i].n - 1)
            }
            None => {
                entries.push(Entry {
                    key: check.key.clone(),
                    limits: check.limits,
                    n: 1,
                });
                (entries.len() - 1, 0)
            }
        };
        slots.push(slot);
    }
    (entries, slots)
}

/// The check running a call, for itself and `members`.
struct Lead<'a> {
    coalescer: &'a Coalescer,
    group: GroupKey,
    members: Vec<Member>,
    finished: bool,
}

impl Lead<'_> {
    /// Answers the members, hands the group on and returns the leader's own decision.
    fn finish(
        &mut self,
        result: Result<Vec<Vec<Decision>>, Error>,
        slots: &[Slot],
    ) -> Result<Decision, Error> {
        let members = std::mem::take(&mut self.members);
        let decide = |decisions: &[Vec<Decision>], (entry, j): Slot| {
            decisions
                .get(entry)
                .and_then(|d| d.get(j))
                .copied()
                .ok_or_else(|| Error::UnexpectedReply(format!("no decision {j} of entry {entry}")))
        };
        let own = match result {
            Ok(decisions) => {
                for (member, &slot) in members.into_iter().zip(&slots[1..]) {
                    // A member that went away was counted all the same (see the module docs).
                    let _ = member.turn.send(Turn::Done(decide(&decisions, slot)));
                }
                decide(&decisions, slots[0])
            }
            Err(error) => {
                let shared = error.to_string();
                for member in members {
                    let _ = member
                        .turn
                        .send(Turn::Done(Err(Error::Shared(shared.clone()))));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn check(key: &str, per_minute: u64) -> Check {
        Check {
            key: key.to_owned(),
            limits: Limits::new(per_minute, 1000, 1000),
        }
    }

    #[test]
    fn checks_of_one_key_and_limits_share_an_entry_in_order() {
        let checks = [
            check("a", 5),
            check("b", 5),
            check("a", 5),
            check("a", 6),
            check("b", 5),
            check("a", 5),
        ];
        let (entries, slots) = entries(checks.iter());
        let summary: Vec<_> = entries
            .iter()
            .map(|e| (e.key.as_str(), e.limits.per_minute, e.n))
            .collect();
        assert_eq!(summary, [("a", 5, 3), ("b", 5, 2), ("a", 6, 1)]);
        assert_eq!(slots, [(0, 0), (1, 0), (0, 1), (2, 0), (1, 1), (0, 2)]);
    }
}
