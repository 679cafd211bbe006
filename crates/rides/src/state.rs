//! The ride state machine: `active` ⇄ `paused` → `ended`. Every (state, action) pair has
//! exactly one outcome; the database layer applies it with a conditional update so
//! concurrent actions on one ride have exactly one winner.

db::text_enum! {
    /// Where a ride is.
    pub enum RideStatus {
        Active = "active",
        Paused = "paused",
        Ended = "ended",
    }
}

impl RideStatus {
    /// Not yet ended: the customer and vehicle are still held by the ride.
    pub fn is_unfinished(self) -> bool {
        self != RideStatus::Ended
    }
}

/// What a partner asks of a running ride.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RideAction {
    Pause,
    Resume,
    End,
}

impl RideAction {
    pub const ALL: [RideAction; 3] = [RideAction::Pause, RideAction::Resume, RideAction::End];
}

/// The action is not possible in the ride's current state (`409 CONFLICT` with
/// `current_status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("cannot {action:?} a ride that is {}", current.as_str())]
pub struct TransitionError {
    pub current: RideStatus,
    pub action: RideAction,
}

/// The state after `action`, or why it is refused.
pub fn transition(current: RideStatus, action: RideAction) -> Result<RideStatus, TransitionError> {
    use RideAction::*;
    use RideStatus::*;
    match (current, action) {
        (Active, Pause) => Ok(Paused),
        (Paused, Resume) => Ok(Active),
        (Active | Paused, End) => Ok(Ended),
        (Active, Resume) | (Paused, Pause) | (Ended, _) => Err(TransitionError { current, action }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RideAction::*;
    use RideStatus::*;

    #[test]
    fn every_state_and_action() {
        let table = [
            (Active, Pause, Some(Paused)),
            (Active, Resume, None),
            (Active, End, Some(Ended)),
            (Paused, Pause, None),
            (Paused, Resume, Some(Active)),
            (Paused, End, Some(Ended)),
            (Ended, Pause, None),
            (Ended, Resume, None),
            (Ended, End, None),
        ];
        assert_eq!(table.len(), RideStatus::ALL.len() * RideAction::ALL.len());
        for (from, action, to) in table {
            assert_eq!(transition(from, action).ok(), to, "{from:?} {action:?}");
            if to.is_none() {
                assert_eq!(
                    transition(from, action),
                    Err(TransitionError {
                        current: from,
                        action
                    })
                );
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for s in RideStatus::ALL {
            assert_eq!(s.as_str().parse::<RideStatus>(), Ok(s));
        }
        assert!("done".parse::<RideStatus>().is_err());
    }
}
